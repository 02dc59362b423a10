package org.npcoutcomes.propensity;

import java.io.Serializable;

/**
 * The sums of one IRLS pass of a logistic regression over its rows: X'WX and X'Wz at the current fit, and
 * the binomial deviance there. Mergeable, so a pass can run row by row in memory or on Spark partitions
 * and be combined ({@code treeAggregate}); the driver then solves for the next coefficients.
 */
public final class LogisticTotals implements Serializable {
  private final int p;
  /** [a * p + b], lower triangle filled. */
  private final double[] xtwx;
  private final double[] xtwz;
  private double deviance;
  private long n;
  private long treated;
  /** Rows whose fitted probability is within 10 machine epsilons of 0 or 1 (glm's warning), and within 1e-8. */
  private long boundary;
  private long extreme;

  /** @param terms number of terms without the intercept */
  /** glm.fit's eps for "fitted probabilities numerically 0 or 1 occurred": 10 * .Machine$double.eps. */
  static final double BOUNDARY = 10 * Math.ulp(1.0);
  /**
   * Closer than this to 0 or 1, a probability gives weights above 1e8: the model separates the arms, though
   * glm, whose check is at 10 machine epsilons, may stop short of warning.
   */
  static final double EXTREME = 1e-8;

  public LogisticTotals(int terms) {
    this.p = terms + 1;
    this.xtwx = new double[p * p];
    this.xtwz = new double[p];
  }

  /**
   * Adds one row.
   *
   * @param x the row's terms (no intercept)
   * @param coef the current coefficients (intercept first), or null for glm's start mu = (y + 1/2) / 2
   */
  public void add(double[] x, double y, double[] coef) {
    double eta;
    double mu;
    if (coef == null) {
      mu = (y + 0.5) / 2;
      eta = Math.log(mu / (1 - mu));
    } else {
      eta = coef[0];
      for (int j = 1; j < p; j++) {
        eta += coef[j] * x[j - 1];
      }
      mu = 1 / (1 + Math.exp(-eta));
    }
    deviance -= 2 * (y == 1 ? Math.log(mu) : Math.log(1 - mu));
    boundary += mu < BOUNDARY || mu > 1 - BOUNDARY ? 1 : 0;
    extreme += mu < EXTREME || mu > 1 - EXTREME ? 1 : 0;
    double w = mu * (1 - mu);
    double z = eta + (y - mu) / w;
    for (int a = 0; a < p; a++) {
      double xa = a == 0 ? 1 : x[a - 1];
      xtwz[a] += w * xa * z;
      for (int b = 0; b <= a; b++) {
        xtwx[a * p + b] += w * xa * (b == 0 ? 1 : x[b - 1]);
      }
    }
    n++;
    treated += y == 1 ? 1 : 0;
  }

  public LogisticTotals merge(LogisticTotals other) {
    for (int k = 0; k < xtwx.length; k++) {
      xtwx[k] += other.xtwx[k];
    }
    for (int k = 0; k < p; k++) {
      xtwz[k] += other.xtwz[k];
    }
    deviance += other.deviance;
    n += other.n;
    treated += other.treated;
    boundary += other.boundary;
    extreme += other.extreme;
    return this;
  }

  double[][] information() {
    double[][] m = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b <= a; b++) {
        m[a][b] = xtwx[a * p + b];
        m[b][a] = m[a][b];
      }
    }
    return m;
  }

  double[] workingScore() {
    return xtwz.clone();
  }

  double deviance() {
    return deviance;
  }

  long n() {
    return n;
  }

  long treated() {
    return treated;
  }

  long boundary() {
    return boundary;
  }

  long extreme() {
    return extreme;
  }
}
