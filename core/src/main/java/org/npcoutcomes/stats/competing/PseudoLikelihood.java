package org.npcoutcomes.stats.competing;

/**
 * The negative log pseudo-likelihood of the Fine–Gray model, its gradient and Hessian (crr's crrfsv, and crrf
 * for the likelihood alone), in one sorted sweep. The risk set of a failure at time t holds rows with
 * T_j >= t at weight exp(eta_j) and competing failures with T_j < t at weight exp(eta_j) G(t-)/G(T_j-); so
 * its sums S0, S1, S2 (of w, w x, w x x') are a suffix sum over later blocks plus G(t-) times a prefix sum of
 * exp(eta_j)/G(T_j-) (x_j, x_j x_j') over earlier competing failures. Ties are Breslow's, as in crr.
 */
final class PseudoLikelihood {
  private final SortedCohort cohort;
  private final int p;

  PseudoLikelihood(SortedCohort cohort) {
    this.cohort = cohort;
    this.p = cohort.covariates();
  }

  /**
   * Risk-set sums at b. {@code s0[f]} and {@code s1[f * p + k]} are S0 and S1 at failure block f; the
   * gradient, Hessian and S1 are null when only the likelihood was asked for.
   */
  record Evaluation(double negLogLik, double[] score, double[][] information, double[] risk, double[] s0,
      double[] s1) {}

  Evaluation evaluate(double[] b, boolean derivatives) {
    int n = cohort.rows();
    double[][] x = cohort.x();
    double[] eta = new double[n];
    double[] risk = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        eta[i] += x[i][j] * b[j];
      }
      risk[i] = Math.exp(eta[i]);
    }
    Sums competing = competingBefore(risk, derivatives);
    return sweepBack(eta, risk, competing, derivatives);
  }

  /** Sums of weight, weight x and weight x x' (upper triangle, row-major p x p), stored per failure block. */
  private record Sums(double[] zero, double[] first, double[] second) {}

  /** Prefix sums of exp(eta_j)/G(T_j-) over competing failures before each failure block. */
  private Sums competingBefore(double[] risk, boolean derivatives) {
    int[] failureBlocks = cohort.failureBlocks();
    int failureCount = failureBlocks.length;
    Sums stored = new Sums(new double[failureCount], derivatives ? new double[failureCount * p] : null,
        derivatives ? new double[failureCount * p * p] : null);
    Moments running = new Moments(p, derivatives);
    int f = 0;
    for (int d = 0; d < cohort.blocks() && f < failureCount; d++) {
      if (failureBlocks[f] == d) {
        running.storeInto(stored, f++);
      }
      double g = cohort.censoringBefore()[d];
      for (int i = cohort.blockStart()[d]; i < cohort.blockStart()[d + 1]; i++) {
        if (cohort.kind()[i] == SortedCohort.COMPETING) {
          running.add(cohort.patients()[i] * risk[i] / g, cohort.x()[i]);
        }
      }
    }
    return stored;
  }

  private Evaluation sweepBack(double[] eta, double[] risk, Sums competing, boolean derivatives) {
    int[] failureBlocks = cohort.failureBlocks();
    int failureCount = failureBlocks.length;
    double[] s0 = new double[failureCount];
    double[] s1 = derivatives ? new double[failureCount * p] : null;
    double[] score = derivatives ? new double[p] : null;
    double[][] information = derivatives ? new double[p][p] : null;
    double[] mean = new double[p];
    Moments atRisk = new Moments(p, derivatives);
    double lik = 0;
    int f = failureCount - 1;
    for (int d = cohort.blocks() - 1; d >= 0 && f >= 0; d--) {
      for (int i = cohort.blockStart()[d]; i < cohort.blockStart()[d + 1]; i++) {
        double[] xi = cohort.x()[i];
        double c = cohort.patients()[i];
        atRisk.add(c * risk[i], xi);
        if (cohort.kind()[i] == SortedCohort.CAUSE) {
          // a minimisation, as crr's: the negated log-likelihood and score
          lik -= c * eta[i];
          if (derivatives) {
            for (int j = 0; j < p; j++) {
              score[j] -= c * xi[j];
            }
          }
        }
      }
      if (failureBlocks[f] != d) {
        continue;
      }
      double g = cohort.censoringBefore()[d];
      double m = cohort.failures()[f];
      double total = atRisk.zero + g * competing.zero()[f];
      s0[f] = total;
      lik += m * Math.log(total);
      if (derivatives) {
        for (int a = 0; a < p; a++) {
          double first = atRisk.first[a] + g * competing.first()[f * p + a];
          s1[f * p + a] = first;
          mean[a] = first / total;
          score[a] += m * mean[a];
        }
        for (int a = 0; a < p; a++) {
          for (int c = a; c < p; c++) {
            double second = atRisk.second[a * p + c] + g * competing.second()[(f * p + a) * p + c];
            information[a][c] += m * (second / total - mean[a] * mean[c]);
          }
        }
      }
      f--;
    }
    if (derivatives) {
      for (int a = 0; a < p; a++) {
        for (int c = 0; c < a; c++) {
          information[a][c] = information[c][a];
        }
      }
    }
    return new Evaluation(lik, score, information, risk, s0, s1);
  }

  /** Running sums of w, w x and (when asked for) w x x' over a set of rows. */
  private static final class Moments {
    private final int p;
    private final boolean derivatives;
    private double zero;
    private final double[] first;
    private final double[] second;

    Moments(int p, boolean derivatives) {
      this.p = p;
      this.derivatives = derivatives;
      first = new double[p];
      second = new double[p * p];
    }

    void add(double w, double[] x) {
      zero += w;
      if (!derivatives) {
        return;
      }
      for (int a = 0; a < p; a++) {
        double wa = w * x[a];
        first[a] += wa;
        for (int c = a; c < p; c++) {
          second[a * p + c] += wa * x[c];
        }
      }
    }

    void storeInto(Sums sums, int f) {
      sums.zero()[f] = zero;
      if (derivatives) {
        System.arraycopy(first, 0, sums.first(), f * p, p);
        System.arraycopy(second, 0, sums.second(), f * p * p, p * p);
      }
    }
  }
}
