package org.npcoutcomes.plan;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.npcoutcomes.config.AnalysisSpec;

/**
 * The counts behind Table 1: for every categorical covariate, patients per (level, arm), gathered in one
 * Spark aggregation however large the cohort. Missing values are left out per variable, as R's table() does.
 */
public final class BaselineCounts {
  private BaselineCounts() {}

  /** variable -> level -> {reference count, treated count}, variables in the given order, levels in the spec's order. */
  public static Map<String, Map<String, long[]>> count(Dataset<Row> cohort, AnalysisSpec spec,
      List<String> variables) {
    Map<String, Map<String, long[]>> out = new java.util.LinkedHashMap<>();
    if (variables.isEmpty()) {
      return out;
    }
    List<Column> pairs = new ArrayList<>();
    for (String v : variables) {
      pairs.add(struct(lit(v).as("variable"), Columns.named(v).cast("string").as("level")));
    }
    Column arm = Columns.named(spec.treatmentColumn()).cast("string");
    List<Row> counts = cohort
        .select(arm.as("arm"), explode(array(pairs.toArray(new Column[0]))).as("p"))
        .where(col("p.level").isNotNull().and(col("arm").isin(spec.referenceArm(), spec.treatedArm())))
        .groupBy(col("p.variable").as("variable"), col("p.level").as("level"), col("arm"))
        .count().collectAsList();
    variables.forEach(v -> out.put(v, new TreeMap<>()));
    for (Row r : counts) {
      long[] cell = out.get(r.getString(0)).computeIfAbsent(r.getString(1), k -> new long[2]);
      cell[spec.treatedArm().equals(r.getString(2)) ? 1 : 0] += r.getLong(3);
    }
    // levels in the one order every table uses
    out.replaceAll((variable, cells) -> {
      Map<String, long[]> ordered = new java.util.LinkedHashMap<>();
      spec.levels().arrange(variable, cells.keySet()).forEach(level -> ordered.put(level, cells.get(level)));
      return ordered;
    });
    return out;
  }
}
