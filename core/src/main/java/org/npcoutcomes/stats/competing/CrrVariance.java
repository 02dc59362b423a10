package org.npcoutcomes.stats.competing;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * crr's sandwich variance (crrvv): inverse information times the sum over rows of (eta_i + psi_i)(...)',
 * times inverse information. eta_i is row i's score term, psi_i the term for the estimated censoring
 * distribution. crr sums both over every failure for every row; here each is a handful of cumulative sums
 * over the sorted blocks, so the cost is O(n p^2) after the sort. With r_i = exp(x_i'b), and a_f = m_f / S0_f
 * and b_f = m_f S1_f / S0_f^2 at failure block f (m_f failures, G_f = G(t_f-)):
 * <ul>
 *   <li>eta_i = [i a failure] (x_i - S1/S0 at T_i) - r_i (x_i sum_{t_f <= T_i} a_f - sum_{t_f <= T_i} b_f)
 *       - [i a competing failure] r_i/G(T_i-) (x_i sum_{t_f > T_i} G_f a_f - sum_{t_f > T_i} G_f b_f);
 *   <li>q(t) = P1(t) sum_{t_f >= t} G_f a_f - P0(t) sum_{t_f >= t} G_f b_f, with P0, P1 the sums of
 *       r_j/G(T_j-) (1, x_j) over competing failures with T_j < t;
 *   <li>psi_i = -sum over censorings at times u <= T_i of q(u)/Y(u)^2, plus q(T_i)/Y(T_i) if i is censored,
 *       Y(u) the number of rows with time >= u.
 * </ul>
 * crr squares Y in 32-bit integers (icrsk**2), which wraps once more than 46,340 rows are at risk at a
 * censoring time after the first competing failure; this squares it exactly, so on such cohorts the se can
 * differ from crr's.
 */
final class CrrVariance {
  private final SortedCohort cohort;
  private final int p;

  CrrVariance(SortedCohort cohort) {
    this.cohort = cohort;
    this.p = cohort.covariates();
  }

  /** The variance at the fit whose risk-set sums and information are {@code at}. */
  double[][] sandwich(PseudoLikelihood.Evaluation at) {
    double[][] scoreVariance = scoreVariance(at);
    RealMatrix inverse = new LUDecomposition(new Array2DRowRealMatrix(at.information())).getSolver().getInverse();
    return inverse.multiply(new Array2DRowRealMatrix(scoreVariance)).multiply(inverse.transpose()).getData();
  }

  /** G_f a_f and G_f b_f summed over failure blocks f and later; entry failureCount is zero. */
  private record LaterSums(double[] a, double[] b) {}

  private LaterSums laterSums(PseudoLikelihood.Evaluation at) {
    int failureCount = cohort.failureBlocks().length;
    double[] a = new double[failureCount + 1];
    double[] b = new double[(failureCount + 1) * p];
    for (int f = failureCount - 1; f >= 0; f--) {
      double g = cohort.censoringBefore()[cohort.failureBlocks()[f]];
      double s0 = at.s0()[f];
      double rate = cohort.failures()[f] / s0;
      a[f] = a[f + 1] + g * rate;
      for (int k = 0; k < p; k++) {
        b[f * p + k] = b[(f + 1) * p + k] + g * rate * at.s1()[f * p + k] / s0;
      }
    }
    return new LaterSums(a, b);
  }

  private double[][] scoreVariance(PseudoLikelihood.Evaluation at) {
    int failureCount = cohort.failureBlocks().length;
    double[] risk = at.risk();
    double[] patients = cohort.patients();
    LaterSums later = laterSums(at);
    double[][] v = new double[p][p];
    double sumA = 0; // sum of a_f over failure blocks so far
    double[] sumB = new double[p];
    double competing0 = 0; // P0, P1 over competing failures in earlier blocks
    double[] competing1 = new double[p];
    double[] censoringTerm = new double[p]; // the running -sum q(u)/Y(u)^2 of psi (crr's ss2)
    double[] q = new double[p];
    double[] mean = new double[p];
    double[] term = new double[p];
    int f = 0;
    for (int d = 0; d < cohort.blocks(); d++) {
      int from = cohort.blockStart()[d];
      int to = cohort.blockStart()[d + 1];
      boolean failureBlock = f < failureCount && cohort.failureBlocks()[f] == d;
      if (failureBlock) {
        double s0 = at.s0()[f];
        double rate = cohort.failures()[f] / s0;
        sumA += rate;
        for (int k = 0; k < p; k++) {
          mean[k] = at.s1()[f * p + k] / s0;
          sumB[k] += rate * mean[k];
        }
      }
      int laterThan = failureBlock ? f + 1 : f; // first failure block after this time
      double g = cohort.censoringBefore()[d];
      double atRisk = cohort.atRisk()[d];
      double censored = 0;
      for (int i = from; i < to; i++) {
        censored += cohort.kind()[i] == SortedCohort.CENSORED ? patients[i] : 0;
      }
      if (censored > 0) {
        for (int k = 0; k < p; k++) {
          q[k] = competing1[k] * later.a()[f] - competing0 * later.b()[f * p + k];
          censoringTerm[k] -= censored * q[k] / (atRisk * atRisk);
        }
      }
      for (int i = from; i < to; i++) {
        double[] xi = cohort.x()[i];
        int kind = cohort.kind()[i];
        for (int k = 0; k < p; k++) {
          term[k] = -risk[i] * (xi[k] * sumA - sumB[k]) + censoringTerm[k];
          if (kind == SortedCohort.COMPETING) {
            term[k] -= risk[i] / g * (xi[k] * later.a()[laterThan] - later.b()[laterThan * p + k]);
          } else if (kind == SortedCohort.CAUSE) {
            term[k] += xi[k] - mean[k];
          } else {
            term[k] += q[k] / atRisk;
          }
        }
        // the patients a row stands for share its term
        for (int a = 0; a < p; a++) {
          for (int c = a; c < p; c++) {
            v[a][c] += patients[i] * term[a] * term[c];
          }
        }
      }
      for (int i = from; i < to; i++) {
        if (cohort.kind()[i] == SortedCohort.COMPETING) {
          double w = patients[i] * risk[i] / g;
          competing0 += w;
          for (int k = 0; k < p; k++) {
            competing1[k] += w * cohort.x()[i][k];
          }
        }
      }
      if (failureBlock) {
        f++;
      }
    }
    for (int a = 0; a < p; a++) {
      for (int c = 0; c < a; c++) {
        v[a][c] = v[c][a];
      }
    }
    return v;
  }
}
