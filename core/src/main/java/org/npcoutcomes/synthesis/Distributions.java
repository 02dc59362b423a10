package org.npcoutcomes.synthesis;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Quantiles and tails to full double precision: Commons Math inverts the t and chi-square cdfs with a
 * solver whose default accuracy (1e-9 absolute) is too coarse to agree with R at 1e-6 on small intervals.
 */
final class Distributions {
  private static final double INVERSE_ACCURACY = 1e-15;

  private Distributions() {}

  /** The upper α/2 quantile of N(0,1) for a two-sided interval at {@code level}. */
  static double normalCritical(double level) {
    return new NormalDistribution(null, 0, 1, INVERSE_ACCURACY)
        .inverseCumulativeProbability(1 - (1 - level) / 2);
  }

  static double tCritical(double level, double df) {
    return new TDistribution(null, df, INVERSE_ACCURACY).inverseCumulativeProbability(1 - (1 - level) / 2);
  }

  static double chiSquareQuantile(double p, double df) {
    return new ChiSquaredDistribution(null, df, INVERSE_ACCURACY).inverseCumulativeProbability(p);
  }

  /** Two-sided p of a standard normal statistic. */
  static double normalTwoSided(double z) {
    return 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z));
  }

  static double tTwoSided(double t, double df) {
    return 2 * new TDistribution(null, df, INVERSE_ACCURACY).cumulativeProbability(-Math.abs(t));
  }
}
