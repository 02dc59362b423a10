package org.npcoutcomes.stats;

import java.util.List;

/**
 * The Cox partial likelihood of some data, however its rows are held: in memory, or spread over a
 * cluster and summed per (stratum, time) block. The Newton iteration ({@link CoxFitting}) needs nothing else.
 */
public interface CoxLikelihood {
  /** @param internalBeta coefficients of the centred and scaled covariates */
  CoxStep evaluate(double[] internalBeta);

  /**
   * The steps at several coefficient vectors, in their order. Rows spread over a cluster take them in one
   * pass (a likelihood profile needs many at once); rows in memory simply take them one by one.
   */
  default List<CoxStep> evaluate(List<double[]> internalBetas) {
    return internalBetas.stream().map(this::evaluate).toList();
  }
}
