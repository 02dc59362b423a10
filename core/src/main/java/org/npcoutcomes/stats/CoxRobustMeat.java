package org.npcoutcomes.stats;

/**
 * The middle of the robust sandwich at the fitted coefficients: sum over clusters of s s', s the
 * cluster's sum of w times the score residual, on the internal scale.
 */
public interface CoxRobustMeat {
  double[][] at(double[] internalBeta);
}
