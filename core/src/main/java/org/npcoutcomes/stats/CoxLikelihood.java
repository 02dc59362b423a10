package org.npcoutcomes.stats;

/**
 * The Cox partial likelihood of some data, however its rows are held: in memory, or spread over a
 * cluster and summed per (stratum, time) block. The Newton iteration ({@link CoxFitting}) needs nothing else.
 */
public interface CoxLikelihood {
  /** @param internalBeta coefficients of the centred and scaled covariates */
  CoxStep evaluate(double[] internalBeta);
}
