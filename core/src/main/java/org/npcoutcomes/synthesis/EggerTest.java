package org.npcoutcomes.synthesis;

/**
 * Egger's regression test for funnel-plot asymmetry, metafor's {@code regtest(x, model = "lm")}: weighted
 * least squares of yᵢ on its standard error with weights 1/vᵢ; the test is the t of the slope on k − 2 df
 * and the intercept is the "limit estimate" (the effect as the standard error goes to 0), with its CI.
 */
public record EggerTest(int k, double slope, double slopeSe, double statistic, double df, double pValue,
    double limitEstimate, double limitLower, double limitUpper) {

  /** metafor's regtest documentation advises against the test with fewer studies than this. */
  public static final int RECOMMENDED_MIN_STUDIES = 10;

  public static EggerTest of(double[] y, double[] v, double level) {
    int k = y.length;
    if (k < 3) {
      throw new IllegalArgumentException("Egger's test needs at least 3 studies, got " + k);
    }
    // Normal equations of the 2-parameter WLS fit y = b0 + b1·se.
    double s00 = 0;
    double s01 = 0;
    double s11 = 0;
    double t0 = 0;
    double t1 = 0;
    for (int i = 0; i < k; i++) {
      double w = 1 / v[i];
      double x = Math.sqrt(v[i]);
      s00 += w;
      s01 += w * x;
      s11 += w * x * x;
      t0 += w * y[i];
      t1 += w * x * y[i];
    }
    double det = s00 * s11 - s01 * s01;
    double b0 = (s11 * t0 - s01 * t1) / det;
    double b1 = (s00 * t1 - s01 * t0) / det;
    double rss = 0;
    for (int i = 0; i < k; i++) {
      double r = y[i] - b0 - b1 * Math.sqrt(v[i]);
      rss += r * r / v[i];
    }
    double df = k - 2;
    double sigma2 = rss / df;
    double se0 = Math.sqrt(sigma2 * s11 / det);
    double se1 = Math.sqrt(sigma2 * s00 / det);
    double stat = b1 / se1;
    double crit = Distributions.tCritical(level, df);
    return new EggerTest(k, b1, se1, stat, df, Distributions.tTwoSided(stat, df), b0, b0 - crit * se0,
        b0 + crit * se0);
  }
}
