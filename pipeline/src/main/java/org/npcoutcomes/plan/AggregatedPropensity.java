package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.design.ModelTerms;
import org.npcoutcomes.plan.AnalysisTask.Family;
import org.npcoutcomes.propensity.BalanceTotals;
import org.npcoutcomes.propensity.LogisticFit;
import org.npcoutcomes.propensity.LogisticRegression;
import org.npcoutcomes.propensity.LogisticTotals;
import org.npcoutcomes.propensity.PropensityWeights;
import org.npcoutcomes.propensity.ScoreCounts;
import scala.Tuple2;

/**
 * The propensity model of a cohort too large to gather: the complete cases where the cohort's rows are, the
 * model fitted by IRLS passes summed by Spark, the scores' counts and balance totals summed likewise; the
 * estimates themselves are {@link PropensityEstimates}'. Matching and truncated weights need the units
 * together and are done for cohorts up to {@code analyze.scale.max-in-memory-rows} rows.
 */
final class AggregatedPropensity implements PropensityData {
  final AnalysisResult result = new AnalysisResult();
  /** The score's coefficients, or null when no model could be fitted. */
  double[] coef;
  /** Why the model's weights cannot be used (not converged, separation), or null. */
  String unusable;
  private final AnalysisSpec spec;
  private final AggregatedCohort cohort;
  /** The complete cases the score is modelled on, and the score's own design on them. */
  private final ScaleDesign complete;
  private final ScaleDesign design;
  private final BalanceColumns columns;
  private final JavaRDD<double[]> xy;
  private long units = -1;
  private long treated;

  AggregatedPropensity(AnalysisSpec spec, AggregatedCohort cohort) {
    long started = System.nanoTime();
    this.spec = spec;
    this.cohort = cohort;
    List<String> names = PropensityAnalysis.covariates(spec);
    complete = cohort.design(0, Population.overall(), new ModelRequest(false, spec.covariateColumns(),
        ModelRequest.Strata.NONE, null, false), null);
    // the levels are those among the units the score is modelled on
    Map<String, List<String>> levels = cohort.observedLevels(complete);
    design = complete.withModel(names, ModelTerms.of(false, spec.treatmentColumn(), "", names, spec.categorical(),
        spec.continuous(), levels));
    columns = BalanceColumns.of(spec, names, levels);
    ScaleDesign model = design;
    ScaleDesign rows = complete;
    RecordCoder coder = cohort.coder;
    xy = cohort.records.filter(rows::belongs).map(r -> {
      double[] x = model.x(r, 0);
      double[] row = java.util.Arrays.copyOf(x, x.length + 1);
      row[x.length] = coder.arm(r.treatment());
      return row;
    }).persist(StorageLevel.MEMORY_AND_DISK());
    String id = AnalysisTask.of(null, Population.overall(), Family.PROPENSITY, "logistic").analysisId();
    List<String> messages = new ArrayList<>();
    String status;
    try {
      PropensityEstimates.Fitted fitted = new PropensityEstimates(spec).run(id, this, messages, result);
      coef = fitted.coef();
      unusable = fitted.unusable();
      messages.add("matching is done for cohorts up to analyze.scale.max-in-memory-rows rows");
      if (!spec.propensity().truncate().isEmpty()) {
        messages.add("weights are not truncated above analyze.scale.max-in-memory-rows rows");
      }
      status = messages.stream().anyMatch(m -> m.startsWith(TaskStatus.WARNING)) ? "warning" : "ok";
    } catch (RuntimeException e) {
      status = "failed";
      messages.add("failed: " + e.getMessage());
    } finally {
      xy.unpersist(false);
    }
    result.plan = new AnalysisResult.PlanRow(id, null, Population.OVERALL, Family.PROPENSITY.label, "logistic",
        "aggregated", cohort.profile.rows, 0, Math.max(units, 0), 0, status, String.join("; ", messages),
        (System.nanoTime() - started) / 1e9);
  }

  @Override
  public long units() {
    if (units < 0) {
      int p = design.model().width();
      Tuple2<Long, Long> counts = xy.map(row -> new Tuple2<>(1L, Math.round(row[p])))
          .reduce((a, b) -> new Tuple2<>(a._1() + b._1(), a._2() + b._2()));
      units = counts._1();
      treated = counts._2();
    }
    return units;
  }

  @Override
  public long treated() {
    units();
    return treated;
  }

  @Override
  public ModelTerms model() {
    return design.model();
  }

  @Override
  public LogisticFit fit() {
    int p = design.model().width();
    return LogisticRegression.fit(c -> xy.treeAggregate(new LogisticTotals(p), (t, row) -> {
      t.add(java.util.Arrays.copyOf(row, p), row[p], c);
      return t;
    }, LogisticTotals::merge), design.model().terms());
  }

  @Override
  public ScoreCounts scores(double[] coef) {
    ScaleDesign.PropensityScore score = new ScaleDesign.PropensityScore(design, coef);
    RecordCoder coder = cohort.coder;
    ScaleDesign rows = complete;
    List<Tuple2<Double, long[]>> counts = cohort.records.filter(rows::belongs)
        .mapToPair(r -> new Tuple2<>(score.of(r), coder.arm(r.treatment()) == 1 ? new long[] {1, 0}
            : new long[] {0, 1}))
        .reduceByKey((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}).sortByKey().collect();
    int m = counts.size();
    double[] s = new double[m];
    long[] t = new long[m];
    long[] r = new long[m];
    for (int k = 0; k < m; k++) {
      s[k] = counts.get(k)._1();
      t[k] = counts.get(k)._2()[0];
      r[k] = counts.get(k)._2()[1];
    }
    return new ScoreCounts(s, t, r);
  }

  @Override
  public BalanceColumns columns() {
    return columns;
  }

  @Override
  public BalanceTotals balance(double[] coef, List<String> estimands) {
    ScaleDesign.PropensityScore score = new ScaleDesign.PropensityScore(design, coef);
    RecordCoder coder = cohort.coder;
    ScaleDesign rows = complete;
    BalanceColumns balance = columns;
    boolean stabilize = spec.propensity().stabilize();
    double share = (double) treated() / units();
    List<PropensityWeights.Estimand> schemes = estimands.stream().map(PropensityWeights.Estimand::parse).toList();
    return cohort.records.filter(rows::belongs).treeAggregate(new BalanceTotals(1 + schemes.size(), balance.size()),
        (t, r) -> {
          boolean isTreated = coder.arm(r.treatment()) == 1;
          double[] w = new double[1 + schemes.size()];
          w[0] = 1;
          if (!schemes.isEmpty()) {
            double ps = score.of(r);
            for (int e = 0; e < schemes.size(); e++) {
              w[e + 1] = PropensityWeights.weight(isTreated, ps, schemes.get(e), stabilize, share);
            }
          }
          double[] x = balance.values(k -> r.categorical()[k], k -> {
            Double v = r.continuous()[k];
            return v == null ? Double.NaN : v;
          });
          return t.add(x, isTreated, w);
        }, BalanceTotals::merge);
  }

  /** The weights of one estimand, for a weighted population's rows. */
  AggregatedCohort.Weighting weighting(String estimand) {
    return new AggregatedCohort.Weighting(new ScaleDesign.PropensityScore(design, coef), estimand,
        spec.propensity().stabilize(), (double) treated() / units());
  }
}
