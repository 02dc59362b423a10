package org.npcoutcomes.plan.scale;

import org.apache.spark.api.java.JavaRDD;
import org.npcoutcomes.stats.CoxLikelihood;
import org.npcoutcomes.stats.CoxRiskSetWalk;
import org.npcoutcomes.stats.CoxRiskTotals;
import org.npcoutcomes.stats.CoxStep;
import org.npcoutcomes.stats.Ties;

/**
 * The partial likelihood of cached rows: one Spark job per evaluation sums the rows into per-block risk
 * totals where they are, and the driver walks the merged blocks. Nothing row-sized leaves the executors.
 */
final class AggregatedCoxLikelihood implements CoxLikelihood {
  private final JavaRDD<SurvivalChunk> chunks;
  private final CoxRowLayout layout;
  private final Ties ties;
  private final OrderedAggregation aggregation;

  AggregatedCoxLikelihood(JavaRDD<SurvivalChunk> chunks, CoxRowLayout layout, Ties ties,
      OrderedAggregation aggregation) {
    this.chunks = chunks;
    this.layout = layout;
    this.ties = ties;
    this.aggregation = aggregation;
  }

  /** Risk totals of every block at internal coefficients {@code beta}. */
  CoxRiskTotals totals(double[] beta, boolean information) {
    CoxRowLayout rows = layout;
    int p = beta.length;
    int blocks = rows.index().blocks();
    double[] b = beta.clone();
    try {
      return aggregation.aggregate(chunks, () -> new CoxRiskTotals(p, blocks, information),
          (totals, chunk) -> rows.addTo(totals, chunk, b), CoxRiskTotals::merge);
    } catch (Exception e) {
      throw new IllegalStateException("summing Cox risk totals failed", e);
    }
  }

  @Override
  public CoxStep evaluate(double[] internalBeta) {
    return CoxRiskSetWalk.over(totals(internalBeta, true), layout.index(), ties, null);
  }
}
