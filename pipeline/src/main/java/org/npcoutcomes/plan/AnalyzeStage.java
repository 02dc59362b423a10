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

  /** Runs the whole plan; the result marts, keyed by mart. */
  public Map<Mart, MartTable> run(Dataset<Row> cohort) {
    CohortColumns columns = new CohortColumns(spec);
    columns.check(cohort);
    CohortTable.Builder builder = CohortTable.builder(spec);
    for (Row r : columns.select(cohort).collectAsList()) {
      columns.add(builder, r);
    }
    CohortTable table = builder.build();
    progress.line("analyze: %,d cohort rows read", table.size());

    AnalysisPlanner planner = new AnalysisPlanner(spec);
    Map<String, List<String>> levels = new LinkedHashMap<>();
    for (int v = 0; v < spec.subgroups().size(); v++) {
      levels.put(spec.subgroups().get(v), table.subgroupLevels(v));
    }
    List<AnalysisTask> first = new ArrayList<>();
    if (planner.hasPropensity()) {
      first.add(planner.propensityTask());
    }
    first.addAll(planner.tasks(planner.basePopulations(levels)));
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(cohort.sparkSession().sparkContext());
    Broadcast<CohortTable> shared = sc.broadcast(table);
    List<AnalysisResult> results = new ArrayList<>(compute(sc, shared, first, null, "base populations"));
    Adjustments adjustments = results.stream().filter(r -> r.adjustments != null).map(r -> r.adjustments)
        .findFirst().orElse(null);
    List<AnalysisTask> second = planner.tasks(planner.adjustedPopulations());
    if (!second.isEmpty()) {
      results.addAll(compute(sc, shared, second, adjustments, "propensity-adjusted populations"));
    }
    shared.destroy();

    Map<Mart, MartTable> marts = new ResultMarts(spec).split(results);
    marts.put(Mart.BASELINE, BaselineTable.compute(cohort, spec));
    return marts;
  }

  private List<AnalysisResult> compute(JavaSparkContext sc, Broadcast<CohortTable> table, List<AnalysisTask> tasks,
      Adjustments adjustments, String batch) {
    long started = System.nanoTime();
    TaskRunner runner = new TaskRunner(spec);
    // One Spark task per analysis task (up to a bound): tasks differ a lot in cost, so small slices balance.
    int slices = Math.max(1, Math.min(tasks.size(), 512));
    List<AnalysisResult> out = sc.parallelize(tasks, slices)
        .map(task -> runner.run(task, table.value(), adjustments)).collect();
    long failed = out.stream().filter(r -> r.plan.status().equals("failed")).count();
    long skipped = out.stream().filter(r -> r.plan.status().equals("skipped")).count();
    progress.line("analyze: %s: %d/%d tasks done (%d skipped, %d failed) in %.1f s", batch, out.size(),
        tasks.size(), skipped, failed, (System.nanoTime() - started) / 1e9);
    return out;
  }
}
