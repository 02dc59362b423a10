package org.npcoutcomes.synthesis;

/**
 * The Q-profile confidence interval for τ² (Viechtbauer 2007), as metafor's {@code confint(rma(...))}: the
 * τ² values where the generalised Q crosses the χ²ₖ₋₁ quantiles. It depends on the data only, not on the
 * estimator of τ². A bound is 0 when Q at τ² = 0 is already below its quantile (both are 0 when the
 * interval would be empty). I² and H² bounds follow from the τ² bounds with the typical variance.
 */
public record TauSquaredInterval(double tau2Lower, double tau2Upper, double i2Lower, double i2Upper,
    double h2Lower, double h2Upper) {

  public static TauSquaredInterval qProfile(double[] y, double[] v, double level) {
    int df = y.length - 1;
    if (df < 1) {
      return new TauSquaredInterval(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double alpha = 1 - level;
    double critUpper = Distributions.chiSquareQuantile(1 - alpha / 2, df);
    double critLower = Distributions.chiSquareQuantile(alpha / 2, df);
    WeightedMean fixed = WeightedMean.of(y, v, 0);
    double q0 = fixed.q();
    double lower = q0 < critUpper ? 0
        : Roots.decreasingRoot(t -> WeightedMean.of(y, v, t).q() - critUpper, 0, 1);
    double upper = q0 < critLower ? 0
        : Roots.decreasingRoot(t -> WeightedMean.of(y, v, t).q() - critLower, 0, 1);
    double vt = fixed.typicalVariance();
    return new TauSquaredInterval(lower, upper, 100 * lower / (vt + lower), 100 * upper / (vt + upper),
        (vt + lower) / vt, (vt + upper) / vt);
  }
}
