package org.npcoutcomes.propensity;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Logistic regression by iteratively reweighted least squares exactly as R's {@code glm.fit} runs it for
 * {@code family = binomial}: start at mu = (y + 1/2) / 2, converge when |dev - dev_old| / (|dev| + 0.1)
 * is below 1e-8 (at most 25 iterations); standard errors from the weights of the last iteration. Plain
 * Java, so a propensity model can be fitted inside an analysis task on an executor.
 */
public final class LogisticRegression {
  private static final double EPSILON = 1e-8;
  private static final int MAX_ITERATIONS = 25;

  private LogisticRegression() {}

  /**
   * @param x design matrix without the intercept column ([row][term])
   * @param y outcome, 0 or 1
   */
  public static LogisticFit fit(double[][] x, double[] y, String[] terms) {
    int n = y.length;
    int p = terms.length + 1;
    double[][] design = new double[n][p];
    for (int i = 0; i < n; i++) {
      design[i][0] = 1;
      System.arraycopy(x[i], 0, design[i], 1, p - 1);
    }
    double[] mu = new double[n];
    double[] eta = new double[n];
    for (int i = 0; i < n; i++) {
      mu[i] = (y[i] + 0.5) / 2;
      eta[i] = Math.log(mu[i] / (1 - mu[i]));
    }
    double devOld = deviance(y, mu);
    double dev = devOld;
    double[] coef = new double[p];
    double[][] inverse = null;
    boolean converged = false;
    int iter = 0;
    while (iter < MAX_ITERATIONS) {
      iter++;
      double[][] xtwx = new double[p][p];
      double[] xtwz = new double[p];
      for (int i = 0; i < n; i++) {
        double w = mu[i] * (1 - mu[i]);
        double z = eta[i] + (y[i] - mu[i]) / w;
        for (int a = 0; a < p; a++) {
          xtwz[a] += w * design[i][a] * z;
          for (int b = 0; b <= a; b++) {
            xtwx[a][b] += w * design[i][a] * design[i][b];
          }
        }
      }
      for (int a = 0; a < p; a++) {
        for (int b = a + 1; b < p; b++) {
          xtwx[a][b] = xtwx[b][a];
        }
      }
      RealMatrix info = new Array2DRowRealMatrix(xtwx, false);
      CholeskyDecomposition chol;
      try {
        chol = new CholeskyDecomposition(info, 1e-14, 1e-14);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("the propensity model's design is singular (collinear covariates "
            + "or a covariate constant within the cohort)", e);
      }
      coef = chol.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(xtwz)).toArray();
      inverse = chol.getSolver().getInverse().getData();
      for (int i = 0; i < n; i++) {
        double e = 0;
        for (int a = 0; a < p; a++) {
          e += design[i][a] * coef[a];
        }
        eta[i] = e;
        mu[i] = 1 / (1 + Math.exp(-e));
      }
      dev = deviance(y, mu);
      if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < EPSILON) {
        converged = true;
        break;
      }
      devOld = dev;
    }
    double ybar = 0;
    for (double v : y) {
      ybar += v / n;
    }
    double[] nullMu = new double[n];
    java.util.Arrays.fill(nullMu, ybar);
    double[] se = new double[p];
    double[] z = new double[p];
    double[] pv = new double[p];
    NormalDistribution normal = new NormalDistribution();
    for (int a = 0; a < p; a++) {
      se[a] = Math.sqrt(inverse[a][a]);
      z[a] = coef[a] / se[a];
      pv[a] = 2 * normal.cumulativeProbability(-Math.abs(z[a]));
    }
    String[] allTerms = new String[p];
    allTerms[0] = "(Intercept)";
    System.arraycopy(terms, 0, allTerms, 1, p - 1);
    return new LogisticFit(allTerms, coef, se, z, pv, dev, deviance(y, nullMu), dev + 2 * p, iter, converged,
        mu.clone(), eta.clone());
  }

  /** Binomial deviance of 0/1 outcomes. */
  static double deviance(double[] y, double[] mu) {
    double d = 0;
    for (int i = 0; i < y.length; i++) {
      d -= 2 * (y[i] == 1 ? Math.log(mu[i]) : Math.log(1 - mu[i]));
    }
    return d;
  }
}
