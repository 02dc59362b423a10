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

  /** One IRLS pass over the rows at the given coefficients (null = glm's start). */
  public interface Passes {
    LogisticTotals pass(double[] coef);
  }

  /**
   * @param x design matrix without the intercept column ([row][term])
   * @param y outcome, 0 or 1
   */
  public static LogisticFit fit(double[][] x, double[] y, String[] terms) {
    Passes rows = coef -> {
      LogisticTotals totals = new LogisticTotals(terms.length);
      for (int i = 0; i < y.length; i++) {
        totals.add(x[i], y[i], coef);
      }
      return totals;
    };
    LogisticFit fit = fit(rows, terms);
    double[] eta = new double[y.length];
    double[] mu = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double e = fit.coef()[0];
      for (int j = 0; j < terms.length; j++) {
        e += fit.coef()[j + 1] * x[i][j];
      }
      eta[i] = e;
      mu[i] = 1 / (1 + Math.exp(-e));
    }
    return new LogisticFit(fit.terms(), fit.coef(), fit.se(), fit.z(), fit.pValue(), fit.deviance(),
        fit.nullDeviance(), fit.aic(), fit.iterations(), fit.converged(), mu, eta);
  }

  /**
   * The IRLS loop on passes computed anywhere (in memory, or aggregated by Spark); the fit has no
   * per-row fitted values.
   */
  public static LogisticFit fit(Passes rows, String[] terms) {
    int p = terms.length + 1;
    LogisticTotals totals = rows.pass(null);
    double devOld = totals.deviance();
    double dev = devOld;
    double[] coef = new double[p];
    double[][] inverse = null;
    boolean converged = false;
    int iter = 0;
    while (iter < MAX_ITERATIONS) {
      iter++;
      RealMatrix info = new Array2DRowRealMatrix(totals.information(), false);
      CholeskyDecomposition chol;
      try {
        chol = new CholeskyDecomposition(info, 1e-14, 1e-14);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("the propensity model's design is singular (collinear covariates "
            + "or a covariate constant within the cohort)", e);
      }
      coef = chol.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(totals.workingScore()))
          .toArray();
      inverse = chol.getSolver().getInverse().getData();
      totals = rows.pass(coef);
      dev = totals.deviance();
      if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < EPSILON) {
        converged = true;
        break;
      }
      devOld = dev;
    }
    long n = totals.n();
    long n1 = totals.treated();
    double ybar = (double) n1 / n;
    double nullDeviance = -2 * (n1 * Math.log(ybar) + (n - n1) * Math.log(1 - ybar));
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
    return new LogisticFit(allTerms, coef, se, z, pv, dev, nullDeviance, dev + 2 * p, iter, converged, null, null);
  }
}
