package org.npcoutcomes.stats.competing;

/** A Fine–Gray subdistribution hazards fit, as {@code cmprsk::crr} returns it. */
public record FineGrayFit(String[] terms, double[] coef, double[] se, double[][] variance, double logLik,
    double logLikNull, int n, boolean converged) {

  /** z and two-sided p of coefficient j. */
  public double[] test(int j) {
    double z = coef[j] / se[j];
    double p = 2 * new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(-Math.abs(z));
    return new double[] {z, p};
  }
}
