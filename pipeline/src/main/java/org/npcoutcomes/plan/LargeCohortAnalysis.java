package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.plan.scale.AggregatedSurvival;

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
  private final EstimateFamilies families;

  LargeCohortAnalysis(AnalysisSpec spec, Progress progress, CohortColumns columns) {
    this.spec = spec;
    this.progress = progress;
    this.columns = columns;
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
      AggregatedPropensity propensity = null;
      if (planner.hasPropensity()) {
        propensity = new AggregatedPropensity(spec, cohort);
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

  private AnalysisResult aggregated(AnalysisTask task, AggregatedCohort cohort, AggregatedPropensity propensity) {
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
}
