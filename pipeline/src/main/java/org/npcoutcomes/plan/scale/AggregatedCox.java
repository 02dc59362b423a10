package org.npcoutcomes.plan.scale;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.npcoutcomes.stats.CoxDesignSummary;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxFitting;
import org.npcoutcomes.stats.CoxProfile;
import org.npcoutcomes.stats.CoxRiskSetWalk;
import org.npcoutcomes.stats.CoxRiskTotals;
import org.npcoutcomes.stats.CoxZph;
import org.npcoutcomes.stats.KaplanMeierCurve;
import org.npcoutcomes.stats.ProfilePoint;
import org.npcoutcomes.stats.CoxScaling;
import org.npcoutcomes.stats.StratumTimeIndex;
import org.npcoutcomes.stats.WeightedAbsoluteDeviations;
import org.npcoutcomes.stats.WeightedColumnMeans;

/**
 * A Cox fit of cached rows: two passes for the centring and scaling constants (weighted means, then
 * weighted absolute deviations), then one pass per Newton step, and, when robust, two more for the
 * score residuals. The Newton loop and everything after it is the in-memory fit's own; so is cox.zph,
 * from the per-death-time contributions of the blocks at the fitted coefficients.
 */
final class AggregatedCox {
  /** Rows, weighted events and column means: the first pass. */
  private static final class Counts implements Serializable {
    private static final long serialVersionUID = 1L;
    private final WeightedColumnMeans means;
    private long rows;
    private double events;

    Counts(int p) {
      means = new WeightedColumnMeans(p);
    }

    Counts add(SurvivalChunk chunk, boolean weighted) {
      for (int i = 0; i < chunk.size; i++) {
        double w = weighted ? chunk.weight(i) : 1.0;
        means.add(chunk.x, i * chunk.p, w);
        events += chunk.event[i] ? w : 0;
      }
      rows += chunk.size;
      return this;
    }

    Counts merge(Counts other) {
      means.merge(other.means);
      rows += other.rows;
      events += other.events;
      return this;
    }
  }

  private final CoxSpec spec;
  private final CoxScaling scaling;
  private final CoxRowLayout layout;
  private final AggregatedCoxLikelihood likelihood;
  private final AggregatedRobustMeat meat;
  private final CoxDesignSummary design;

  /** Runs the two passes for the centring and scaling constants. */
  AggregatedCox(JavaSparkContext spark, JavaRDD<SurvivalChunk> chunks, StratumTimeIndex stratifiedIndex, int p,
      CoxSpec spec, OrderedAggregation aggregation) throws Exception {
    if (spec.terms().length != p) {
      throw new IllegalArgumentException("the design has " + p + " columns but " + spec.terms().length + " terms");
    }
    this.spec = spec;
    boolean weighted = spec.weighted();
    Counts counts = aggregation.aggregate(chunks, () -> new Counts(p), (c, chunk) -> c.add(chunk, weighted),
        Counts::merge);
    if (counts.rows == 0) {
      throw new IllegalArgumentException("no rows to fit a Cox model on");
    }
    if (!(counts.events > 0)) {
      throw new IllegalArgumentException("no events: a Cox model cannot be fitted");
    }
    if (counts.rows > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("more rows than a Cox fit can report: " + counts.rows);
    }
    double[] centres = counts.means.centres();
    WeightedAbsoluteDeviations deviations = aggregation.aggregate(chunks,
        () -> new WeightedAbsoluteDeviations(centres), (d, chunk) -> {
          for (int i = 0; i < chunk.size; i++) {
            d.add(chunk.x, i * chunk.p, weighted ? chunk.weight(i) : 1.0);
          }
          return d;
        }, WeightedAbsoluteDeviations::merge);
    this.scaling = CoxScaling.of(counts.means, deviations);
    StratumTimeIndex index = spec.stratified() ? stratifiedIndex : stratifiedIndex.unstratified();
    this.layout = new CoxRowLayout(index, scaling, spec.stratified(), weighted);
    this.likelihood = new AggregatedCoxLikelihood(chunks, layout, spec.options().ties(), aggregation);
    this.meat = spec.robust() ? new AggregatedRobustMeat(spark, chunks, likelihood, layout, spec.options().ties(),
        spec.clustered(), aggregation) : null;
    this.design = new CoxDesignSummary(spec.terms(), scaling, (int) counts.rows, counts.events);
  }

  CoxFit fit() {
    return CoxFitting.fit(likelihood, design, spec.options(), meat);
  }

  /** The profile likelihood of coefficient {@code term} at {@code betas}, starting from {@code fit}'s coefficients. */
  List<ProfilePoint> profile(CoxFit fit, int term, double[] betas) {
    return CoxProfile.of(likelihood, scaling, spec.options(), fit.coef(), term, betas);
  }

  /** cox.zph at the coefficients of {@code fit}: one more pass for the risk totals there. */
  List<CoxZph.Result> zph(CoxFit fit, KaplanMeierCurve allRows, List<String> termNames, List<int[]> termColumns) {
    for (double c : fit.coef()) {
      if (Double.isNaN(c)) {
        throw new IllegalArgumentException("cox.zph needs every coefficient estimated");
      }
    }
    CoxRiskTotals totals = likelihood.totals(scaling.internal(fit.coef()), true);
    return CoxZph.fromContributions(
        listener -> CoxRiskSetWalk.over(totals, layout.index(), spec.options().ties(), listener), allRows,
        spec.options(), fit, termNames, termColumns);
  }
}
