package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.design.ModelTerms;
import org.npcoutcomes.plan.AnalysisTask.Family;
import org.npcoutcomes.plan.scale.AggregatedSurvival;
import org.npcoutcomes.propensity.Balance;
import org.npcoutcomes.propensity.BalanceTotals;
import org.npcoutcomes.propensity.LogisticFit;
import org.npcoutcomes.propensity.LogisticRegression;
import org.npcoutcomes.propensity.LogisticTotals;
import org.npcoutcomes.propensity.PropensityWeights;

/**
 * The plan of a cohort larger than {@code analyze.scale.max-in-memory-rows}. Populations within the bound
 * (most subgroup levels of a big registry) are gathered and run as in-memory tasks on the executors; larger
 * ones are analysed from sufficient statistics aggregated by Spark ({@link AggregatedSurvival}): Kaplan–Meier,
 * log-rank, Cox models with their concordance and proportional-hazards tests, the treatment x subgroup test,
 * and a propensity model fitted by distributed IRLS with its balance and weighted populations. Cumulative
 * incidence, Gray's test and Fine–Gray read the population's patient counts per distinct (time, status, arm).
 * Matching, which has no aggregated form, is reported as skipped with the reason.
 */
final class LargeCohortAnalysis {
  private final AnalysisSpec spec;
  private final Progress progress;
  private final CohortColumns columns;
  private final RecordCoder coder;
  private final EstimateFamilies families;

  LargeCohortAnalysis(AnalysisSpec spec, Progress progress, CohortColumns columns) {
    this.spec = spec;
    this.progress = progress;
    this.columns = columns;
    this.coder = new RecordCoder(spec);
    this.families = new EstimateFamilies(spec);
  }

  /** Runs the plan; {@code inMemory} runs tasks of a gathered population on the executors. */
  List<AnalysisResult> run(Dataset<Row> selected, InMemoryRunner inMemory) {
    selected.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      JavaRDD<CohortRecord> records = records(selected);
      List<Double> landmarks = spec.landmarks();
      CohortProfile profile = records.treeAggregate(new CohortProfile(spec), (p, r) -> p.add(r, landmarks),
          CohortProfile::merge);
      profile.requireCategories();
      AggregatedCohort cohort = new AggregatedCohort(spec, records, profile);
      progress.line("analyze: %,d cohort rows; analysed from aggregated statistics above %,d rows per population",
          profile.rows, spec.maxInMemoryRows());
      AnalysisPlanner planner = new AnalysisPlanner(spec);
      Map<String, List<String>> subgroupLevels = new java.util.LinkedHashMap<>();
      for (int v = 0; v < spec.groupings().size(); v++) {
        subgroupLevels.put(spec.groupings().get(v), profile.subgroupLevels(spec, v));
      }
      List<AnalysisResult> results = new ArrayList<>();
      Adjustments none = null;
      LargePropensity propensity = null;
      if (planner.hasPropensity()) {
        propensity = new LargePropensity(cohort);
        results.add(propensity.result);
      }
      List<Population> populations = new ArrayList<>(planner.basePopulations(subgroupLevels));
      populations.addAll(planner.adjustedPopulations());
      for (Population p : populations) {
        List<AnalysisTask> tasks = planner.tasks(List.of(p));
        long size = profile.size(p);
        if (!p.adjusted() && size <= spec.maxInMemoryRows()) {
          results.addAll(inMemory.run(gather(selected, p), tasks, none, p.name()));
          continue;
        }
        long started = System.nanoTime();
        try {
          for (AnalysisTask task : tasks) {
            results.add(aggregated(task, cohort, propensity));
          }
        } finally {
          cohort.release();
        }
        progress.line("analyze: %s: %d tasks from aggregated statistics in %.1f s", p.name(), tasks.size(),
            (System.nanoTime() - started) / 1e9);
      }
      return results;
    } finally {
      selected.unpersist(false);
    }
  }

  /** Runs in-memory tasks on a gathered cohort table. */
  interface InMemoryRunner {
    List<AnalysisResult> run(CohortTable table, List<AnalysisTask> tasks, Adjustments adjustments, String batch);
  }

  private JavaRDD<CohortRecord> records(Dataset<Row> selected) {
    CohortColumns reader = columns;
    return selected.javaRDD().map(reader::read);
  }

  /** The rows of a population within the in-memory bound, gathered into a cohort table. */
  private CohortTable gather(Dataset<Row> selected, Population p) {
    CohortColumns reader = columns;
    int v = spec.groupings().indexOf(p.variable());
    List<Double> landmarks = List.of(p.landmark() == null ? 0.0 : p.landmark());
    Population population = p;
    List<Row> rows = selected.javaRDD().filter(row -> {
      CohortRecord r = reader.read(row);
      return switch (population.kind()) {
        case SUBGROUP, SITE -> population.level().equals(r.subgroups()[v]);
        case LANDMARK -> java.util.Arrays.stream(r.times()).anyMatch(t -> t != null && t >= landmarks.get(0));
        default -> true;
      };
    }).collect();
    List<Row> ordered = new ArrayList<>(rows);
    ordered.sort(CohortColumns.rowOrder());
    CohortTable.Builder builder = CohortTable.builder(spec);
    ordered.forEach(r -> builder.add(columns.read(r)));
    return builder.build();
  }

  private AnalysisResult aggregated(AnalysisTask task, AggregatedCohort cohort, LargePropensity propensity) {
    long started = System.nanoTime();
    AnalysisResult out = new AnalysisResult();
    List<String> messages = new ArrayList<>();
    EstimateFamilies.Used[] used = {null};
    AggregatedPopulation[] source = {null};
    String status = TaskStatus.of(messages, () -> {
      if (task.population().kind() == Population.Kind.MATCHED) {
        throw new EstimateFamilies.SkippedException("matching is done for cohorts up to "
            + "analyze.scale.max-in-memory-rows rows");
      }
      if (task.population().adjusted() && propensity != null && propensity.unusable != null) {
        throw new IllegalStateException(propensity.unusable + ": no estimate in the populations it adjusts");
      }
      if (task.population().adjusted() && (propensity == null || propensity.coef == null)) {
        throw new EstimateFamilies.SkippedException("no propensity model to weight this population");
      }
      AggregatedCohort.Weighting weighting = task.population().kind() == Population.Kind.WEIGHTED
          ? propensity.weighting(estimandOf(task.population().name())) : null;
      source[0] = new AggregatedPopulation(cohort, spec.outcomeIndex(task.outcome()), task.population(), weighting);
      used[0] = families.run(task, source[0], messages, out);
    });
    if (used[0] == null && source[0] != null) {
      // a task skipped by its guards reports the population it looked at
      ArmCounts counts = EstimateFamilies.attempt(new ArrayList<>(), "counts", source[0]::counts);
      used[0] = counts == null ? null : new EstimateFamilies.Used(counts.totalRows(), counts.totalEvents());
    }
    out.plan = new AnalysisResult.PlanRow(task.analysisId(), task.outcome(), task.population().name(),
        task.family().label, task.model(), "aggregated", cohort.profile.size(task.population()), 0,
        used[0] == null ? 0 : used[0].rows(), used[0] == null ? 0 : used[0].events(), status,
        String.join("; ", messages), (System.nanoTime() - started) / 1e9);
    return out;
  }

  private String estimandOf(String population) {
    for (String e : spec.propensity().estimands()) {
      if (PropensityAnalysis.weightedPopulation(e).equals(population)) {
        return e;
      }
    }
    throw new IllegalArgumentException("no estimand for " + population);
  }

  /** The propensity model of a large cohort, fitted by IRLS passes aggregated by Spark. */
  private final class LargePropensity {
    final AnalysisResult result = new AnalysisResult();
    double[] coef;
    double treatedShare;
    /** Why the model's weights cannot be used (not converged, separation), or null. */
    String unusable;
    private final AggregatedCohort cohort;
    /** The complete cases the score is modelled on, and the score's own design on them. */
    private final ScaleDesign complete;
    private final ScaleDesign design;
    private final Map<String, List<String>> levels;

    LargePropensity(AggregatedCohort cohort) {
      long started = System.nanoTime();
      this.cohort = cohort;
      CohortProfile profile = cohort.profile;
      JavaRDD<CohortRecord> records = cohort.records;
      List<String> names = PropensityAnalysis.covariates(spec);
      // The population the score is modelled on: complete cases of every analysis covariate.
      complete = cohort.design(0, Population.overall(), new ModelRequest(false, spec.covariateColumns(),
          ModelRequest.Strata.NONE, null, false), null);
      // its levels are those of the rows the score is modelled on
      levels = cohort.observedLevels(complete);
      design = complete.withModel(names, ModelTerms.of(false, spec.treatmentColumn(), "", names, spec.categorical(),
          spec.continuous(), levels));
      String[] terms = design.model().terms();
      ScaleDesign model = design;
      ScaleDesign rows = complete;
      RecordCoder armCoder = coder;
      JavaRDD<double[]> xy = records.filter(rows::belongs).map(r -> {
        double[] x = model.x(r, 0);
        double[] row = java.util.Arrays.copyOf(x, x.length + 1);
        row[x.length] = armCoder.arm(r.treatment());
        return row;
      }).persist(StorageLevel.MEMORY_AND_DISK());
      String id = AnalysisTask.of(null, Population.overall(), Family.PROPENSITY, "logistic").analysisId();
      List<String> messages = new ArrayList<>();
      String status = "ok";
      try {
        int p = terms.length;
        LogisticFit fit = LogisticRegression.fit(c -> xy.treeAggregate(new LogisticTotals(p), (t, row) -> {
          t.add(java.util.Arrays.copyOf(row, p), row[p], c);
          return t;
        }, LogisticTotals::merge), terms);
        // an aliased term (NA in glm) adds nothing to the score
        coef = java.util.Arrays.stream(fit.coef()).map(b -> Double.isNaN(b) ? 0 : b).toArray();
        long n = xy.count();
        long treated = Math.round(xy.map(row -> row[p]).reduce(Double::sum));
        treatedShare = (double) treated / n;
        double[] overlap = scoreOverlap();
        double cStatistic = overlap[0];
        PropensityFlags flags = PropensityFlags.of(fit, cStatistic);
        TaskStatus.flag(messages, flags.warnings());
        for (int k = 0; k < fit.terms().length; k++) {
          result.propensityModel.add(new AnalysisResult.PropensityModelRow(id, Population.OVERALL, "logistic", k,
              fit.terms()[k], fit.coef()[k], fit.se()[k], fit.z()[k], fit.pValue()[k], n, treated, fit.deviance(),
              fit.nullDeviance(), fit.aic(), fit.iterations(), fit.converged(), cStatistic, design.model().references(),
              flags.line()));
        }
        unusable = flags.unusable();
        if (unusable != null) {
          messages.add(TaskStatus.WARNING + unusable + ": no weighted population");
        } else {
          balance(id, cStatistic, (long) overlap[1], n, treated);
        }
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
          "aggregated", profile.rows, 0, result.propensityModel.isEmpty() ? 0
          : result.propensityModel.get(0).n(), 0, status, String.join("; ", messages),
          (System.nanoTime() - started) / 1e9);
    }

    ScaleDesign.PropensityScore score() {
      return new ScaleDesign.PropensityScore(design, coef);
    }

    /** The weights of one estimand, for a weighted population's rows. */
    AggregatedCohort.Weighting weighting(String estimand) {
      return new AggregatedCohort.Weighting(score(), estimand, spec.propensity().stabilize(), treatedShare);
    }

    /**
     * The area under the ROC curve of the score and the units outside the score range both arms share, from
     * the counts of each distinct score per arm.
     */
    private double[] scoreOverlap() {
      ScaleDesign.PropensityScore score = score();
      RecordCoder armCoder = coder;
      ScaleDesign rows = complete;
      List<scala.Tuple2<Double, long[]>> counts = cohort.records.filter(rows::belongs)
          .mapToPair(r -> new scala.Tuple2<>(score.of(r), armCoder.arm(r.treatment()) == 1
              ? new long[] {1, 0} : new long[] {0, 1}))
          .reduceByKey((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}).sortByKey().collect();
      // Mann-Whitney: each treated unit's mid-rank among all scores
      double rankSum = 0;
      double below = 0;
      long n1 = 0;
      long n0 = 0;
      for (scala.Tuple2<Double, long[]> c : counts) {
        long t = c._2()[0];
        long all = t + c._2()[1];
        rankSum += t * (below + (all + 1) / 2.0);
        below += all;
        n1 += t;
        n0 += c._2()[1];
      }
      double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
      double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
      for (scala.Tuple2<Double, long[]> c : counts) {
        for (int a = 0; a <= 1; a++) {
          if (c._2()[1 - a] > 0) {
            lo[a] = Math.min(lo[a], c._1());
            hi[a] = Math.max(hi[a], c._1());
          }
        }
      }
      double low = Math.max(lo[0], lo[1]);
      double high = Math.min(hi[0], hi[1]);
      long outside = 0;
      for (scala.Tuple2<Double, long[]> c : counts) {
        outside += c._1() < low || c._1() > high ? c._2()[0] + c._2()[1] : 0;
      }
      return new double[] {(rankSum - n1 * (n1 + 1) / 2.0) / ((double) n1 * n0), outside};
    }

    /** Balance before and after each weighting, and the weighted populations' effective sizes. */
    private void balance(String id, double cStatistic, long outsideCommonSupport, long n, long treated) {
      List<String> names = PropensityAnalysis.covariates(spec);
      List<String> variable = new ArrayList<>();
      List<String> level = new ArrayList<>();
      for (String name : names) {
        if (spec.categorical().contains(name)) {
          levels.get(name).forEach(l -> {
            variable.add(name);
            level.add(l);
          });
        } else {
          variable.add(name);
          level.add("");
        }
      }
      List<String> estimands = spec.propensity().estimands();
      ScaleDesign.PropensityScore score = score();
      RecordCoder armCoder = coder;
      List<String> categorical = spec.categorical();
      List<String> continuous = spec.continuous();
      boolean stabilize = spec.propensity().stabilize();
      double share = treatedShare;
      int columns = variable.size();
      ScaleDesign rows = complete;
      BalanceTotals totals = cohort.records.filter(rows::belongs)
          .treeAggregate(new BalanceTotals(1 + estimands.size(), columns), (t, r) -> {
            double[] x = new double[columns];
            for (int c = 0; c < columns; c++) {
              int k = categorical.indexOf(variable.get(c));
              x[c] = k >= 0 ? (level.get(c).equals(r.categorical()[k]) ? 1 : 0)
                  : r.continuous()[continuous.indexOf(variable.get(c))];
            }
            boolean isTreated = armCoder.arm(r.treatment()) == 1;
            double ps = score.of(r);
            double[] w = new double[1 + estimands.size()];
            w[0] = 1;
            for (int e = 0; e < estimands.size(); e++) {
              w[e + 1] = PropensityWeights.weight(isTreated, ps,
                  PropensityWeights.Estimand.parse(estimands.get(e)), stabilize, share);
            }
            return t.add(x, isTreated, w);
          }, BalanceTotals::merge);
      result.adjustment.add(new AnalysisResult.AdjustmentRow(id, Population.OVERALL, "unadjusted", treated,
          n - treated, treated, n - treated, cStatistic, 0, 0, outsideCommonSupport));
      for (int s = 0; s <= estimands.size(); s++) {
        String population = s == 0 ? Population.OVERALL : PropensityAnalysis.weightedPopulation(estimands.get(s - 1));
        boolean treatedSd = s > 0 && estimands.get(s - 1).equals("att");
        for (int c = 0; c < columns; c++) {
          Balance.Moments[] before = {totals.moments(0, true, c), totals.moments(0, false, c)};
          Balance.Moments t1 = totals.moments(s, true, c);
          Balance.Moments t0 = totals.moments(s, false, c);
          double smd = Balance.smd(t1, t0, before, treatedSd);
          Double ratio = level.get(c).isEmpty() ? Balance.varianceRatio(t1, t0) : null;
          result.balance.add(new AnalysisResult.BalanceRow(id, population, "logistic", variable.get(c), level.get(c),
              smd, ratio, Math.abs(smd) < 0.1));
        }
        if (s > 0) {
          result.adjustment.add(new AnalysisResult.AdjustmentRow(id, population, estimands.get(s - 1), treated,
              n - treated, totals.effectiveSampleSize(s, true), totals.effectiveSampleSize(s, false), cStatistic,
              0, 0, 0));
        }
      }
    }
  }
}
