package org.npcoutcomes.propensity;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;

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
        e += Double.isNaN(fit.coef()[j + 1]) ? 0 : fit.coef()[j + 1] * x[i][j];
      }
      eta[i] = e;
      mu[i] = 1 / (1 + Math.exp(-e));
    }
    return new LogisticFit(fit.terms(), fit.coef(), fit.se(), fit.z(), fit.pValue(), fit.deviance(),
        fit.nullDeviance(), fit.aic(), fit.iterations(), fit.converged(), mu, eta, fit.aliased(), fit.separated(),
        fit.warnings());
  }

  /**
   * The IRLS loop on passes computed anywhere (in memory, or aggregated by Spark); the fit has no
   * per-row fitted values. A term collinear with the intercept and the terms before it is aliased as glm's
   * pivoted QR aliases it (NA coefficient, left out of the fit); glm's warnings are kept with the fit.
   */
  public static LogisticFit fit(Passes rows, String[] terms) {
    int p = terms.length + 1;
    LogisticTotals totals = rows.pass(null);
    // glm's first working weights are equal, so its first QR sees the design itself: aliasing is decided there.
    int[] kept = kept(totals.information());
    int q = kept.length;
    double devOld = totals.deviance();
    double dev = devOld;
    double[] coef = new double[p];
    double[][] inverse = null;
    boolean converged = false;
    int iter = 0;
    while (iter < MAX_ITERATIONS) {
      iter++;
      double[][] full = totals.information();
      double[] score = totals.workingScore();
      double[][] info = new double[q][q];
      double[] rhs = new double[q];
      for (int a = 0; a < q; a++) {
        rhs[a] = score[kept[a]];
        for (int b = 0; b < q; b++) {
          info[a][b] = full[kept[a]][kept[b]];
        }
      }
      CholeskyDecomposition chol;
      try {
        chol = new CholeskyDecomposition(new Array2DRowRealMatrix(info, false), 1e-14, 1e-14);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("the propensity model's design is singular at iteration " + iter
            + " (a covariate constant within the cohort?)", e);
      }
      double[] solved = chol.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(rhs)).toArray();
      coef = new double[p];
      for (int a = 0; a < q; a++) {
        coef[kept[a]] = solved[a];
      }
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
    java.util.Arrays.fill(se, Double.NaN);
    java.util.Arrays.fill(z, Double.NaN);
    java.util.Arrays.fill(pv, Double.NaN);
    NormalDistribution normal = new NormalDistribution();
    boolean[] isKept = new boolean[p];
    for (int a = 0; a < q; a++) {
      int j = kept[a];
      isKept[j] = true;
      se[j] = Math.sqrt(inverse[a][a]);
      z[j] = coef[j] / se[j];
      pv[j] = 2 * normal.cumulativeProbability(-Math.abs(z[j]));
    }
    String[] allTerms = new String[p];
    allTerms[0] = "(Intercept)";
    System.arraycopy(terms, 0, allTerms, 1, p - 1);
    List<String> aliased = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      if (!isKept[j]) {
        coef[j] = Double.NaN;
        aliased.add(allTerms[j]);
      }
    }
    List<String> warnings = new ArrayList<>();
    if (!aliased.isEmpty()) {
      warnings.add("not defined because of singularities (collinear with other terms, left out): "
          + String.join(", ", aliased));
    }
    if (!converged) {
      warnings.add("algorithm did not converge");
    }
    if (totals.boundary() > 0) {
      warnings.add("fitted probabilities numerically 0 or 1 occurred (" + totals.boundary() + " rows)");
    } else if (totals.extreme() > 0) {
      warnings.add("fitted probabilities within " + LogisticTotals.EXTREME + " of 0 or 1 (" + totals.extreme()
          + " rows): the covariates separate the arms");
    }
    return new LogisticFit(allTerms, coef, se, z, pv, dev, nullDeviance, dev + 2 * q, iter, converged, null, null,
        List.copyOf(aliased), totals.extreme() > 0, List.copyOf(warnings));
  }

  /** Relative size of what is left of a column, squared, below which glm's QR would call it aliased. */
  private static final double ALIASED = 1e-9;

  /**
   * The columns (intercept first) that are not linear combinations of the ones before them: an in-order
   * Cholesky of the cross-products, a column left out when what remains of it after the earlier kept columns
   * is below {@link #ALIASED} of its own size, as glm's pivoting moves such a column to the end.
   */
  private static int[] kept(double[][] a) {
    int p = a.length;
    double[][] l = new double[p][p];
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      double d = a[j][j];
      for (int k : kept) {
        d -= l[j][k] * l[j][k];
      }
      if (!(d > ALIASED * a[j][j])) {
        continue;
      }
      double root = Math.sqrt(d);
      l[j][j] = root;
      for (int i = j + 1; i < p; i++) {
        double s = a[i][j];
        for (int k : kept) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = s / root;
      }
      kept.add(j);
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }
}
