package org.npcoutcomes.plan;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.marts.Mart;

/**
 * Expands a cohort into a Dataset of analysis tasks (the whole cohort, and each level of each subgroup
 * variable), computes every task on the executors in parallel, and splits the results into marts.
 */
public final class AnalyzeStage {
  private final AnalysisSpec spec;

  public AnalyzeStage(AnalysisSpec spec) {
    this.spec = spec;
  }

  /** The analysis plan: one task for the whole cohort, one per observed level of each subgroup variable. */
  public List<AnalysisTask> plan(Dataset<Row> cohort) {
    List<AnalysisTask> tasks = new ArrayList<>(List.of(AnalysisTask.overall()));
    for (String variable : spec.subgroups()) {
      Column v = Columns.named(variable).cast("string");
      List<Row> levels = cohort.select(v.as("level")).where(col("level").isNotNull()).distinct()
          .orderBy("level").collectAsList();
      levels.forEach(l -> tasks.add(AnalysisTask.subgroup(variable, l.getString(0))));
    }
    spec.landmarks().forEach(l -> tasks.add(AnalysisTask.landmark(l)));
    return tasks;
  }

  /** Runs every task; the result marts, keyed by mart. */
  public Map<Mart, Dataset<Row>> run(Dataset<Row> cohort) {
    checkColumns(cohort);
    List<AnalysisTask> tasks = plan(cohort);
    Map<String, AnalysisTask> byId = new LinkedHashMap<>();
    tasks.forEach(t -> byId.put(t.analysisId(), t));

    Dataset<Row> keyed = cohort.withColumn("analysis_id", explode(taskIds(tasks)))
        .where(col("analysis_id").isNotNull())
        .select(inputColumns().toArray(new Column[0]));
    Dataset<Row> results = keyed
        .groupByKey((org.apache.spark.api.java.function.MapFunction<Row, String>) r -> r.getString(0),
            Encoders.STRING())
        .mapGroups(new TaskComputer(spec, byId), Encoders.row(TaskComputer.RESULT_SCHEMA))
        .persist(StorageLevel.MEMORY_AND_DISK());

    Map<Mart, Dataset<Row>> marts = new LinkedHashMap<>();
    marts.put(Mart.ANALYSIS_LOG, results.select(col("info.*")).orderBy("analysis_id"));
    marts.put(Mart.KM_CURVE, flatten(results, "km").orderBy("analysis_id", "arm", "time"));
    marts.put(Mart.SURVIVAL_SUMMARY, flatten(results, "summary").orderBy("analysis_id", "arm"));
    marts.put(Mart.SURVIVAL_AT_TIME, flatten(results, "at_time").orderBy("analysis_id", "arm", "time"));
    marts.put(Mart.LOGRANK, flatten(results, "logrank").orderBy("analysis_id", "method"));
    marts.put(Mart.HAZARD_RATIO, flatten(results, "hazard").orderBy("analysis_id", "model", "term_index"));
    marts.put(Mart.COX_MODEL, flatten(results, "model_fit").orderBy("analysis_id", "model"));
    marts.put(Mart.PH_TEST, flatten(results, "ph_test"));
    marts.put(Mart.RMST_DIFFERENCE, flatten(results, "rmst_difference").orderBy("analysis_id"));
    marts.put(Mart.FOREST, forest(results));
    marts.put(Mart.COMPETING_RISK_TEST, flatten(results, "gray_test").orderBy("analysis_id", "cause"));
    marts.put(Mart.CUMULATIVE_INCIDENCE, flatten(results, "incidence").orderBy("analysis_id", "arm", "cause", "point"));
    marts.put(Mart.BALANCE, flatten(results, "balance"));
    marts.put(Mart.PROPENSITY_ADJUSTMENT, flatten(results, "adjustment"));
    marts.put(Mart.PROPENSITY_DISTRIBUTION, flatten(results, "ps_distribution").orderBy("arm", "bin_lower"));
    marts.put(Mart.PROPENSITY_SCORES, flatten(results, "scores"));
    marts.put(Mart.MATCHED_PAIRS, flatten(results, "pairs").orderBy("subclass"));
    marts.put(Mart.BASELINE, BaselineTable.compute(cohort, spec));
    return marts;
  }

  /** Treatment hazard ratio within each subgroup level, with the variable's treatment x subgroup test. */
  private static Dataset<Row> forest(Dataset<Row> results) {
    Dataset<Row> subgroups = results.select(col("info.*")).where(col("subgroup_variable").isNotNull());
    Dataset<Row> hr = flatten(results, "hazard").where(col("model").equalTo("crude").and(col("term_index").equalTo(0)))
        .select("analysis_id", "hazard_ratio", "lower", "upper");
    Dataset<Row> interaction = flatten(results, "interaction")
        .select(col("variable").as("interaction_variable"), col("p_value").as("p_interaction"));
    return subgroups.join(hr, subgroups.col("analysis_id").equalTo(hr.col("analysis_id")), "left")
        .join(interaction, col("subgroup_variable").equalTo(col("interaction_variable")), "left")
        .select(subgroups.col("analysis_id"), col("subgroup_variable").as("variable"),
            col("subgroup_level").as("level"), col("n_analysed").as("n"), col("events"), col("hazard_ratio"),
            col("lower"), col("upper"), col("p_interaction"))
        .orderBy("variable", "level");
  }

  private static Dataset<Row> flatten(Dataset<Row> results, String field) {
    return results.select(explode(col(field)).as("r")).select(col("r.*"));
  }

  /** For each row, the ids of the tasks it belongs to (null where it belongs to none). */
  private Column taskIds(List<AnalysisTask> tasks) {
    List<Column> ids = new ArrayList<>(List.of(lit(AnalysisTask.OVERALL)));
    for (String variable : spec.subgroups()) {
      Column v = Columns.named(variable).cast("string");
      ids.add(when(v.isNotNull(), concat(lit(variable + "="), v)));
    }
    Column time = Columns.named(spec.time()).try_cast("double");
    for (double l : spec.landmarks()) {
      ids.add(when(time.geq(l), lit(AnalysisTask.landmarkId(l))));
    }
    return array(ids.toArray(new Column[0]));
  }

  private List<Column> inputColumns() {
    List<Column> cols = new ArrayList<>();
    cols.add(col("analysis_id"));
    cols.add(Columns.named(spec.time()).try_cast("double"));
    cols.add(Columns.named(spec.statusColumn()).cast("string"));
    cols.add(Columns.named(spec.treatmentColumn()).cast("string"));
    spec.categorical().forEach(c -> cols.add(Columns.named(c).cast("string")));
    spec.strata().forEach(c -> cols.add(Columns.named(c).cast("string")));
    spec.subgroups().forEach(c -> cols.add(Columns.named(c).cast("string")));
    spec.continuous().forEach(c -> cols.add(Columns.named(c).try_cast("double")));
    cols.add(spec.id().isEmpty() ? lit(null).cast("string") : Columns.named(spec.id()).cast("string"));
    cols.add(spec.causeColumn().isEmpty() ? lit(null).cast("string")
        : Columns.named(spec.causeColumn()).cast("string"));
    return cols;
  }

  /** Every configured column must exist in the cohort table; the error names the key that uses it. */
  private void checkColumns(Dataset<Row> cohort) {
    List<String> present = Arrays.asList(cohort.columns());
    Map<String, List<String>> uses = new LinkedHashMap<>();
    uses.put("analyze.time", List.of(spec.time()));
    uses.put("analyze.id", spec.id().isEmpty() ? List.of() : List.of(spec.id()));
    uses.put("analyze.cause.column", spec.causeColumn().isEmpty() ? List.of() : List.of(spec.causeColumn()));
    uses.put("analyze.status.column", List.of(spec.statusColumn()));
    uses.put("analyze.treatment.column", List.of(spec.treatmentColumn()));
    uses.put("analyze.covariates.categorical", spec.categorical());
    uses.put("analyze.covariates.continuous", spec.continuous());
    uses.put("analyze.strata", spec.strata());
    uses.put("analyze.subgroups", spec.subgroups());
    uses.putAll(BaselineTable.columnUses(spec));
    for (Map.Entry<String, List<String>> use : uses.entrySet()) {
      for (String column : use.getValue()) {
        if (!present.contains(column)) {
          throw new InvalidConfigException(use.getKey(), "column '" + column + "' is not in the cohort table; it has: "
              + String.join(", ", present));
        }
      }
    }
  }
}
