package org.npcoutcomes.plan.scale;

import java.util.ArrayList;
import java.util.List;
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
  /**
   * Doubles of risk totals (8 MB) that one partial total holds when many coefficient vectors share a pass:
   * the merge holds up to its fan-in (32) of them at once, on an executor and on the driver. Totals at one
   * coefficient vector larger than this still go one per pass.
   */
  private static final long BATCH_DOUBLES = 1L << 20;

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

  /**
   * One pass for many coefficient vectors (the points of a likelihood profile), or as few passes as keep
   * each partition's totals within {@link #BATCH_DOUBLES} doubles.
   */
  @Override
  public List<CoxStep> evaluate(List<double[]> internalBetas) {
    if (internalBetas.isEmpty()) {
      return List.of();
    }
    int p = internalBetas.get(0).length;
    int blocks = layout.index().blocks();
    // a block's totals hold S0, S1 and S2 for censored rows and for deaths, and the deaths' own sums
    long perTotals = (long) blocks * ((p + 1) * (p + 2) + p + 3);
    int batch = (int) Math.max(1, Math.min(internalBetas.size(), BATCH_DOUBLES / Math.max(1, perTotals)));
    List<CoxStep> out = new ArrayList<>(internalBetas.size());
    for (int from = 0; from < internalBetas.size(); from += batch) {
      double[][] betas = internalBetas.subList(from, Math.min(internalBetas.size(), from + batch)).stream()
          .map(double[]::clone).toArray(double[][]::new);
      CoxRowLayout rows = layout;
      CoxRiskTotals[] totals;
      try {
        totals = aggregation.aggregate(chunks, () -> {
          CoxRiskTotals[] zero = new CoxRiskTotals[betas.length];
          for (int k = 0; k < zero.length; k++) {
            zero[k] = new CoxRiskTotals(p, blocks, true);
          }
          return zero;
        }, (acc, chunk) -> rows.addTo(acc, chunk, betas), (a, b) -> {
          for (int k = 0; k < a.length; k++) {
            a[k].merge(b[k]);
          }
          return a;
        });
      } catch (Exception e) {
        throw new IllegalStateException("summing Cox risk totals failed", e);
      }
      for (CoxRiskTotals t : totals) {
        out.add(CoxRiskSetWalk.over(t, layout.index(), ties, null));
      }
    }
    return out;
  }
}
