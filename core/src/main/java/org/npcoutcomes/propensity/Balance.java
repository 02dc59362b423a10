package org.npcoutcomes.propensity;

/**
 * Standardized mean differences and variance ratios of one covariate column between arms, optionally
 * weighted, with the denominator taken from the unadjusted sample as cobalt does: the pooled SD
 * sqrt((s1^2 + s0^2) / 2) for ATE-type comparisons, the treated SD for ATT-type ones.
 */
public final class Balance {
  private Balance() {}

  /** Mean and variance (n - 1 denominator, or its weighted analogue) of one arm. */
  public record Moments(double mean, double variance) {}

  public static Moments moments(double[] x, boolean[] treated, boolean arm, double[] weight) {
    double sw = 0;
    double sww = 0;
    double swx = 0;
    for (int i = 0; i < x.length; i++) {
      if (treated[i] == arm) {
        double w = weight == null ? 1 : weight[i];
        sw += w;
        sww += w * w;
        swx += w * x[i];
      }
    }
    double mean = swx / sw;
    double ss = 0;
    for (int i = 0; i < x.length; i++) {
      if (treated[i] == arm) {
        double w = weight == null ? 1 : weight[i];
        ss += w * (x[i] - mean) * (x[i] - mean);
      }
    }
    // reliability-weights variance: reduces to the sample variance when all weights are 1
    return new Moments(mean, ss / (sw - sww / sw));
  }

  /**
   * @param denominatorSample moments of the unadjusted sample {treated, reference}
   * @param treatedSd true for the treated SD (ATT), false for the pooled SD (ATE)
   */
  public static double smd(Moments treated, Moments reference, Moments[] denominatorSample, boolean treatedSd) {
    double sd = treatedSd ? Math.sqrt(denominatorSample[0].variance())
        : Math.sqrt((denominatorSample[0].variance() + denominatorSample[1].variance()) / 2);
    return (treated.mean() - reference.mean()) / sd;
  }

  public static double varianceRatio(Moments treated, Moments reference) {
    return treated.variance() / reference.variance();
  }
}
