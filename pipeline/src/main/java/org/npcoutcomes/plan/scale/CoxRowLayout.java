package org.npcoutcomes.plan.scale;

import java.io.Serializable;
import org.npcoutcomes.stats.CoxRiskTotals;
import org.npcoutcomes.stats.CoxScaling;
import org.npcoutcomes.stats.StratumTimeIndex;

/**
 * How a Cox model reads a cached row: its block in the model's (stratum, time) index, its weight (1 when
 * the model is unweighted) and its internal covariates. Shipped with each pass.
 */
record CoxRowLayout(StratumTimeIndex index, CoxScaling scaling, boolean stratified, boolean weighted)
    implements Serializable {

  int block(SurvivalChunk chunk, int i) {
    return index.block(stratified ? chunk.stratum(i) : 0, chunk.time[i]);
  }

  double weight(SurvivalChunk chunk, int i) {
    return weighted ? chunk.weight(i) : 1.0;
  }

  /** Adds a chunk's rows to risk totals at internal coefficients {@code beta}. */
  CoxRiskTotals addTo(CoxRiskTotals totals, SurvivalChunk chunk, double[] beta) {
    double[] z = new double[chunk.p];
    for (int i = 0; i < chunk.size; i++) {
      scaling.standardise(chunk.x, i * chunk.p, z);
      totals.add(block(chunk, i), chunk.event[i], weight(chunk, i), z, CoxRiskTotals.linearPredictor(beta, z));
    }
    return totals;
  }

  /** Adds a chunk's rows to risk totals at each of several internal coefficients, standardising each row once. */
  CoxRiskTotals[] addTo(CoxRiskTotals[] totals, SurvivalChunk chunk, double[][] betas) {
    double[] z = new double[chunk.p];
    for (int i = 0; i < chunk.size; i++) {
      scaling.standardise(chunk.x, i * chunk.p, z);
      int block = block(chunk, i);
      double w = weight(chunk, i);
      for (int k = 0; k < betas.length; k++) {
        totals[k].add(block, chunk.event[i], w, z, CoxRiskTotals.linearPredictor(betas[k], z));
      }
    }
    return totals;
  }
}
