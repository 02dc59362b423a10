package org.npcoutcomes.stats.competing;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.npcoutcomes.stats.ConfidenceType;
import org.npcoutcomes.stats.KaplanMeier;
import org.npcoutcomes.stats.KaplanMeierCurve;

/**
 * Reference Fine–Gray fit kept to check {@link FineGray}: a direct transcription of {@code cmprsk::crr}'s
 * Fortran (crrfsv, crrf and crrvv, one censoring group, no time-varying covariates), with crr's nested loops
 * over rows and failures, so O(n * failures) per likelihood and O(n^2) or worse for the variance. Subjects
 * who failed from a competing cause stay in the risk set with weight G(t-)/G(T_i-), G the Kaplan–Meier of
 * censoring; Newton–Raphson from zero with crr's convergence rule (gradient below 1e-6 relative to the
 * likelihood, at most 10 iterations, step halving on an Armijo test), and crr's sandwich variance, which
 * accounts for the estimated censoring distribution. Only for small test data.
 */
final class QuadraticFineGray {
  private static final double GTOL = 1e-6;
  private static final int MAX_ITERATIONS = 10;

  private final int n;
  private final int p;
  private final double[] t;
  private final int[] kind; // 1 = cause of interest, 2 = other cause, 0 = censored
  private final double[][] x;
  private final double[] g; // G(t_i-)

  private QuadraticFineGray(double[] time, int[] status, double[][] covariates, int failCode) {
    n = time.length;
    p = covariates[0].length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(time[a], time[b]));
    t = new double[n];
    kind = new int[n];
    x = new double[n][];
    boolean[] censored = new boolean[n];
    for (int k = 0; k < n; k++) {
      int i = order[k];
      t[k] = time[i];
      kind[k] = status[i] == failCode ? 1 : status[i] == 0 ? 0 : 2;
      censored[k] = status[i] == 0;
      x[k] = covariates[i];
    }
    KaplanMeierCurve km = KaplanMeier.fit(t, censored, null, ConfidenceType.LOG, 0.95);
    g = new double[n];
    for (int k = 0; k < n; k++) {
      int at = Arrays.binarySearch(km.time(), t[k]);
      int before = (at >= 0 ? at : -at - 1) - 1;
      g[k] = before < 0 ? 1 : km.survival()[before];
    }
  }

  static FineGrayFit fit(double[] time, int[] status, double[][] x, String[] terms, int failCode) {
    return new QuadraticFineGray(time, status, x, failCode).run(terms);
  }

  /**
   * Weight of row j in the risk set of the failure at row {@code failure}: its risk score if still under
   * observation, scaled by G(t-)/G(T_j-) if it failed earlier from a competing cause, 0 otherwise.
   */
  private double riskSetWeight(int j, int failure, double riskScore) {
    if (t[j] >= t[failure]) {
      return riskScore;
    }
    return kind[j] <= 1 ? 0 : riskScore * g[failure] / g[j];
  }

  private double eta(int i, double[] b) {
    double s = 0;
    for (int j = 0; j < p; j++) {
      s += x[i][j] * b[j];
    }
    return s;
  }

  /** Negative log pseudo-likelihood, its gradient and Hessian (crr's crrfsv). */
  private double evaluate(double[] b, double[] score, double[][] info) {
    double lik = 0;
    if (score != null) {
      Arrays.fill(score, 0);
      for (double[] row : info) {
        Arrays.fill(row, 0);
      }
    }
    int iuc = n - 1;
    while (iuc >= 0) {
      int last = -1;
      for (int i = iuc; i >= 0; i--) {
        if (kind[i] == 1) {
          last = i;
          break;
        }
      }
      if (last < 0) {
        return lik;
      }
      double failureTime = t[last];
      int first = last;
      double ties = 0;
      for (int i = last; i >= 0 && t[i] >= failureTime; i--) {
        first = i;
        if (kind[i] == 1) {
          ties++;
          lik -= eta(i, b);
          if (score != null) {
            for (int j = 0; j < p; j++) {
              score[j] -= x[i][j];
            }
          }
        }
      }
      double s0 = 0;
      double s0Before = 0;
      double[] s1 = new double[p];
      double[][] centred = new double[p][p];
      double[] dev = new double[p];
      for (int i = 0; i < n; i++) {
        double w = riskSetWeight(i, first, Math.exp(eta(i, b)));
        if (w == 0) {
          continue;
        }
        s0 += w;
        if (score != null) {
          for (int j = 0; j < p; j++) {
            s1[j] += w * x[i][j];
            dev[j] = x[i][j] - s1[j] / s0;
          }
          if (s0Before > 0) {
            double f = s0 * w / s0Before;
            for (int a = 0; a < p; a++) {
              for (int c = a; c < p; c++) {
                centred[a][c] += f * dev[a] * dev[c];
              }
            }
          }
        }
        s0Before = s0;
      }
      lik += ties * Math.log(s0);
      if (score != null) {
        double f = ties / s0;
        for (int a = 0; a < p; a++) {
          score[a] += f * s1[a];
          for (int c = a; c < p; c++) {
            info[a][c] += f * centred[a][c];
            info[c][a] = info[a][c];
          }
        }
      }
      iuc = first - 1;
    }
    return lik;
  }

  private FineGrayFit run(String[] terms) {
    double[] b = new double[p];
    double[] score = new double[p];
    double[][] info = new double[p][p];
    boolean converged = false;
    double lik = 0;
    for (int iter = 0; iter <= MAX_ITERATIONS; iter++) {
      lik = evaluate(b, score, info);
      double gradient = 0;
      for (int j = 0; j < p; j++) {
        gradient = Math.max(gradient, Math.abs(score[j]) * Math.max(Math.abs(b[j]), 1));
      }
      if (gradient < Math.max(Math.abs(lik), 1) * GTOL) {
        converged = true;
        break;
      }
      if (iter == MAX_ITERATIONS) {
        break;
      }
      double[] step = new LUDecomposition(new Array2DRowRealMatrix(info)).getSolver()
          .solve(new ArrayRealVector(score)).mapMultiply(-1).toArray();
      double slope = 0;
      for (int j = 0; j < p; j++) {
        slope += step[j] * score[j];
      }
      double[] next = add(b, step);
      double likNext = evaluate(next, null, null);
      int halvings = 0;
      while (Double.isNaN(likNext) || likNext > lik + 1e-4 * slope) {
        halvings++;
        for (int j = 0; j < p; j++) {
          step[j] *= 0.5;
        }
        slope *= 0.5;
        next = add(b, step);
        likNext = evaluate(next, null, null);
        if (halvings > 20) {
          break;
        }
      }
      if (halvings > 20) {
        break;
      }
      b = next;
    }
    double[][] variance = sandwich(b);
    double[] se = new double[p];
    for (int j = 0; j < p; j++) {
      se[j] = Math.sqrt(variance[j][j]);
    }
    return new FineGrayFit(terms.clone(), b, se, variance, -lik, -evaluate(new double[p], null, null), n, converged);
  }

  private static double[] add(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      out[j] = a[j] + b[j];
    }
    return out;
  }

  /** crr's variance: inverse information times the variance of the score terms (crrvv) times inverse information. */
  private double[][] sandwich(double[] b) {
    double[] risk = new double[n];
    for (int i = 0; i < n; i++) {
      risk[i] = Math.exp(eta(i, b));
    }
    // risk-set sums at each failure of the cause of interest
    double[] s0 = new double[n];
    double[][] s1 = new double[n][p];
    for (int i = 0; i < n; i++) {
      if (kind[i] != 1) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        double w = riskSetWeight(j, i, risk[j]);
        if (w == 0) {
          continue;
        }
        s0[i] += w;
        for (int k = 0; k < p; k++) {
          s1[i][k] += w * x[j][k];
        }
      }
    }
    double[][] information = new double[p][p];
    double[][] scoreVariance = new double[p][p];
    double[] censoringTerm = new double[p]; // running d Lambda_c part of psi (ss2)
    double[] qu = new double[p];
    int atRiskCensoring = n;
    int blockStart = 0;
    for (int i = 0; i < n; i++) {
      double[] eta = new double[p];
      for (int j = 0; j < n; j++) {
        if (kind[j] != 1) {
          continue;
        }
        double w;
        if (t[j] <= t[i]) {
          w = risk[i];
        } else if (kind[i] > 1) {
          w = risk[i] * g[j] / g[i];
        } else {
          continue;
        }
        for (int k = 0; k < p; k++) {
          eta[k] -= (x[i][k] - s1[j][k] / s0[j]) * w / s0[j];
        }
      }
      if (kind[i] == 1) {
        for (int k = 0; k < p; k++) {
          eta[k] += x[i][k] - s1[i][k] / s0[i];
        }
        double[][] vt = new double[p][p];
        for (int j = 0; j < n; j++) {
          double w = riskSetWeight(j, i, risk[j]);
          if (w == 0) {
            continue;
          }
          double[] d = new double[p];
          for (int k = 0; k < p; k++) {
            d[k] = x[j][k] - s1[i][k] / s0[i];
          }
          for (int a = 0; a < p; a++) {
            for (int c = a; c < p; c++) {
              vt[a][c] += w * d[a] * d[c];
            }
          }
        }
        for (int a = 0; a < p; a++) {
          for (int c = a; c < p; c++) {
            information[a][c] += vt[a][c] / s0[i];
          }
        }
      }
      if (i == 0 || t[i] > t[i - 1]) {
        boolean compute = true;
        for (int j = i; j < n; j++) {
          if (t[j] > t[i]) {
            compute = false;
            break;
          }
          if (kind[j] == 0) {
            break;
          }
        }
        if (compute) {
          Arrays.fill(qu, 0);
          for (int j1 = blockStart; j1 < n; j1++) {
            if (kind[j1] != 1) {
              continue;
            }
            double ss0 = 0;
            double[] ss = new double[p];
            for (int j2 = 0; j2 < n && t[j2] < t[i]; j2++) {
              if (kind[j2] <= 1) {
                continue;
              }
              double w = risk[j2] * g[j1] / g[j2];
              ss0 += w;
              for (int k = 0; k < p; k++) {
                ss[k] += x[j2][k] * w;
              }
            }
            for (int k = 0; k < p; k++) {
              qu[k] += (ss[k] - s1[j1][k] * ss0 / s0[j1]) / s0[j1];
            }
          }
          for (int j = i; j < n && t[j] <= t[i]; j++) {
            if (kind[j] == 0) {
              for (int k = 0; k < p; k++) {
                censoringTerm[k] -= qu[k] / ((double) atRiskCensoring * atRiskCensoring);
              }
            }
          }
        }
      }
      double[] psi = censoringTerm.clone();
      if (kind[i] == 0) {
        for (int k = 0; k < p; k++) {
          psi[k] += qu[k] / atRiskCensoring;
        }
      }
      for (int k = 0; k < p; k++) {
        eta[k] += psi[k];
      }
      for (int a = 0; a < p; a++) {
        for (int c = a; c < p; c++) {
          scoreVariance[a][c] += eta[a] * eta[c];
        }
      }
      if (i < n - 1 && t[i + 1] > t[i]) {
        atRiskCensoring -= i + 1 - blockStart;
        blockStart = i + 1;
      }
    }
    for (int a = 0; a < p; a++) {
      for (int c = 0; c < a; c++) {
        information[a][c] = information[c][a];
        scoreVariance[a][c] = scoreVariance[c][a];
      }
    }
    RealMatrix inverse = new LUDecomposition(new Array2DRowRealMatrix(information)).getSolver().getInverse();
    return inverse.multiply(new Array2DRowRealMatrix(scoreVariance)).multiply(inverse.transpose()).getData();
  }
}
