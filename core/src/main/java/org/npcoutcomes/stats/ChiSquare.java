package org.npcoutcomes.stats;

import org.apache.commons.math3.special.Gamma;

/** Upper tail of the chi-square distribution, accurate for tiny p-values (unlike 1 - cdf). */
public final class ChiSquare {
  private ChiSquare() {}

  public static double upperTail(double statistic, double df) {
    if (Double.isNaN(statistic) || df <= 0) {
      return Double.NaN;
    }
    if (statistic <= 0) {
      return 1.0;
    }
    return Gamma.regularizedGammaQ(df / 2.0, statistic / 2.0);
  }
}
