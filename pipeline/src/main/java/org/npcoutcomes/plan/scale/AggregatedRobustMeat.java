package org.npcoutcomes.plan.scale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.npcoutcomes.stats.CoxHazardTable;
import org.npcoutcomes.stats.CoxRiskTotals;
import org.npcoutcomes.stats.CoxRobustMeat;
import org.npcoutcomes.stats.SandwichMeat;
import org.npcoutcomes.stats.Ties;
import scala.Tuple2;

/**
 * The robust sandwich's middle over cached rows: one pass for the risk totals at the fit, from which the
 * driver builds the per-block hazard table; it is broadcast, and a second pass computes each row's score
 * residual where the row is. Without clusters each row is its own and the outer products are summed
 * directly; with clusters, per-partition cluster sums are brought together by cluster id first.
 */
final class AggregatedRobustMeat implements CoxRobustMeat {
  private final JavaSparkContext spark;
  private final JavaRDD<SurvivalChunk> chunks;
  private final AggregatedCoxLikelihood likelihood;
  private final CoxRowLayout layout;
  private final Ties ties;
  private final boolean clustered;
  private final OrderedAggregation aggregation;

  AggregatedRobustMeat(JavaSparkContext spark, JavaRDD<SurvivalChunk> chunks, AggregatedCoxLikelihood likelihood,
      CoxRowLayout layout, Ties ties, boolean clustered, OrderedAggregation aggregation) {
    this.spark = spark;
    this.chunks = chunks;
    this.likelihood = likelihood;
    this.layout = layout;
    this.ties = ties;
    this.clustered = clustered;
    this.aggregation = aggregation;
  }

  @Override
  public double[][] at(double[] internalBeta) {
    CoxHazardTable table = CoxHazardTable.of(likelihood.totals(internalBeta, false), layout.index(), ties);
    Broadcast<CoxHazardTable> hazard = spark.broadcast(table);
    try {
      return clustered ? clusteredMeat(hazard, internalBeta.clone()) : rowMeat(hazard, internalBeta.clone());
    } catch (Exception e) {
      throw new IllegalStateException("summing score residuals failed", e);
    } finally {
      hazard.destroy();
    }
  }

  private double[][] rowMeat(Broadcast<CoxHazardTable> hazard, double[] beta) throws Exception {
    CoxRowLayout rows = layout;
    int p = beta.length;
    SandwichMeat meat = aggregation.aggregate(chunks, () -> new SandwichMeat(p), (m, chunk) -> {
      double[] score = new double[p];
      forEachScore(chunk, rows, hazard.value(), beta, (i, s) -> m.addCluster(s), score);
      return m;
    }, SandwichMeat::merge);
    return meat.matrix();
  }

  private double[][] clusteredMeat(Broadcast<CoxHazardTable> hazard, double[] beta) throws Exception {
    CoxRowLayout rows = layout;
    int p = beta.length;
    // tagged with the partition, so that a cluster spanning partitions is summed in one fixed order
    JavaPairRDD<Long, Tuple2<Integer, double[]>> partial = chunks.mapPartitionsWithIndex((index, it) -> {
      Map<Long, double[]> sums = new HashMap<>();
      double[] score = new double[p];
      while (it.hasNext()) {
        SurvivalChunk chunk = it.next();
        forEachScore(chunk, rows, hazard.value(), beta, (i, s) -> {
          double[] sum = sums.computeIfAbsent(chunk.cluster[i], c -> new double[p]);
          for (int j = 0; j < p; j++) {
            sum[j] += s[j];
          }
        }, score);
      }
      List<Tuple2<Long, Tuple2<Integer, double[]>>> out = new ArrayList<>(sums.size());
      sums.forEach((c, s) -> out.add(new Tuple2<>(c, new Tuple2<>(index, s))));
      return out.iterator();
    }, true).mapToPair(t -> t);
    JavaRDD<Tuple2<Long, double[]>> byCluster = partial.groupByKey(chunks.getNumPartitions()).map(g -> {
      List<Tuple2<Integer, double[]>> parts = new ArrayList<>();
      g._2().forEach(parts::add);
      parts.sort((a, b) -> Integer.compare(a._1(), b._1()));
      double[] sum = new double[p];
      for (Tuple2<Integer, double[]> part : parts) {
        for (int j = 0; j < p; j++) {
          sum[j] += part._2()[j];
        }
      }
      return new Tuple2<>(g._1(), sum);
    });
    SandwichMeat meat = aggregation.aggregate(byCluster.mapPartitions(it -> {
      List<Tuple2<Long, double[]>> clusters = new ArrayList<>();
      it.forEachRemaining(clusters::add);
      clusters.sort((a, b) -> Long.compare(a._1(), b._1()));
      return List.of(clusters).iterator();
    }), () -> new SandwichMeat(p), (m, clusters) -> {
      clusters.forEach(c -> m.addCluster(c._2()));
      return m;
    }, SandwichMeat::merge);
    return meat.matrix();
  }

  /** Receives row {@code i}'s weighted score residual (the array is reused for the next row). */
  private interface ScoreSink {
    void accept(int i, double[] weightedScore);
  }

  private static void forEachScore(SurvivalChunk chunk, CoxRowLayout rows, CoxHazardTable hazard, double[] beta,
      ScoreSink sink, double[] score) {
    double[] z = new double[chunk.p];
    for (int i = 0; i < chunk.size; i++) {
      rows.scaling().standardise(chunk.x, i * chunk.p, z);
      double eta = CoxRiskTotals.linearPredictor(beta, z);
      hazard.residual(rows.block(chunk, i), chunk.event[i], z, Math.exp(eta), score);
      double w = rows.weight(chunk, i);
      for (int j = 0; j < score.length; j++) {
        score[j] *= w;
      }
      sink.accept(i, score);
    }
  }
}
