package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;

/**
 * The analysis plan of a cohort, run on Spark: the cohort's analysis columns are read once into a compact
 * table shipped to every executor, the plan (outcomes × populations × estimate families) becomes a
 * distributed collection of small tasks computed in parallel, and the results come back once to be split
 * into marts. The propensity task runs with the first batch; the matched and weighted populations it defines
 * are the second batch.
 */
public final class AnalyzeStage {
  private final AnalysisSpec spec;
  private final Progress progress;

  public AnalyzeStage(AnalysisSpec spec, Progress progress) {
    this.spec = spec;
    this.progress = progress;
  }

  public AnalyzeStage(AnalysisSpec spec) {
    this(spec, Progress.silent());
  }

  /**
   * Runs the whole plan; the result marts, keyed by mart. A table that breaks the input contract stops it
   * before any task runs ({@link CohortContractException}).
   */
  public Map<Mart, MartTable> run(Dataset<Row> cohort) {
    CohortColumns columns = new CohortColumns(spec);
    columns.check(cohort);
    List<CohortContract.InputRow> inputs = new CohortContract(spec).check(cohort);
    Dataset<Row> selected = columns.select(cohort);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(cohort.sparkSession().sparkContext());
    // One job tells a cohort that fits in memory (then it is the whole cohort) from a larger one.
    List<Row> head = selected.limit(spec.maxInMemoryRows() + 1).collectAsList();
    List<AnalysisResult> results;
    if (head.size() > spec.maxInMemoryRows()) {
      head = null;
      results = new LargeCohortAnalysis(spec, progress, columns).run(selected,
          (table, tasks, adjustments, batch) -> compute(sc, table, tasks, adjustments, batch));
    } else {
      CohortTable.Builder builder = CohortTable.builder(spec);
      List<Row> ordered = new ArrayList<>(head);
      ordered.sort(CohortColumns.rowOrder());
      ordered.forEach(r -> builder.add(columns.read(r)));
      results = inMemory(sc, builder.build());
    }
    Map<Mart, MartTable> marts = new ResultMarts(spec).split(results);
    marts.put(Mart.BASELINE, BaselineTable.compute(cohort, spec));
    marts.put(Mart.ANALYSIS_INPUTS, MartTable.of(CohortContract.InputRow.class, inputs));
    return marts;
  }

  /** The whole plan of a cohort held in memory: base populations, then the propensity-adjusted ones. */
  private List<AnalysisResult> inMemory(JavaSparkContext sc, CohortTable table) {
    progress.line("analyze: %,d cohort rows read", table.size());

    AnalysisPlanner planner = new AnalysisPlanner(spec);
    Map<String, List<String>> levels = new LinkedHashMap<>();
    for (int v = 0; v < spec.groupings().size(); v++) {
      levels.put(spec.groupings().get(v), table.subgroupLevels(spec, v));
    }
    List<AnalysisTask> first = new ArrayList<>();
    if (planner.hasPropensity()) {
      first.add(planner.propensityTask());
    }
    first.addAll(planner.tasks(planner.basePopulations(levels)));
    List<AnalysisResult> results = new ArrayList<>(compute(sc, table, first, null, "base populations"));
    Adjustments adjustments = results.stream().filter(r -> r.adjustments != null).map(r -> r.adjustments)
        .findFirst().orElse(null);
    List<AnalysisTask> second = planner.tasks(planner.adjustedPopulations());
    if (!second.isEmpty()) {
      results.addAll(compute(sc, table, second, adjustments, "propensity-adjusted populations"));
    }
    return results;
  }

  /** Runs tasks on the executors, the cohort table shipped to each once. */
  private List<AnalysisResult> compute(JavaSparkContext sc, CohortTable cohortTable, List<AnalysisTask> tasks,
      Adjustments adjustments, String batch) {
    long started = System.nanoTime();
    Broadcast<CohortTable> table = sc.broadcast(cohortTable);
    TaskRunner runner = new TaskRunner(spec);
    // One Spark task per analysis task (up to a bound): tasks differ a lot in cost, so small slices balance.
    int slices = Math.max(1, Math.min(tasks.size(), 512));
    List<AnalysisResult> out = sc.parallelize(tasks, slices)
        .map(task -> runner.run(task, table.value(), adjustments)).collect();
    table.destroy();
    long failed = out.stream().filter(r -> r.plan.status().equals("failed")).count();
    long skipped = out.stream().filter(r -> r.plan.status().equals("skipped")).count();
    progress.line("analyze: %s: %d/%d tasks done (%d skipped, %d failed) in %.1f s", batch, out.size(),
        tasks.size(), skipped, failed, (System.nanoTime() - started) / 1e9);
    return out;
  }
}
