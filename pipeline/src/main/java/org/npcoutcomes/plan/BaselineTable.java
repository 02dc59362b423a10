package org.npcoutcomes.plan;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_samp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.StatisticalSummaryValues;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.stats.TableOne;

/**
 * The baseline (Table 1) mart of a cohort: Spark aggregates counts per level and arm, and moments of
 * continuous variables per arm; the tests and SMDs are computed on those small totals.
 */
public final class BaselineTable {
  private BaselineTable() {}

  public static MartTable compute(Dataset<Row> cohort, AnalysisSpec spec) {
    List<TableOne.Row> rows = new ArrayList<>();
    BaselineCounts.count(cohort, spec, spec.table1Categorical()).forEach((variable, levels) ->
        rows.addAll(TableOne.categorical(variable, levels, spec.referenceArm(), spec.treatedArm())));
    for (String variable : spec.table1Continuous()) {
      StatisticalSummaryValues[] arms = moments(cohort, spec, variable);
      rows.addAll(TableOne.continuous(variable, arms[0], arms[1], spec.referenceArm(), spec.treatedArm()));
    }
    return MartTable.of(TableOne.Row.class, rows);
  }

  private static StatisticalSummaryValues[] moments(Dataset<Row> cohort, AnalysisSpec spec, String variable) {
    StatisticalSummaryValues[] out = {empty(), empty()};
    org.apache.spark.sql.Column value = Columns.named(variable).try_cast("double");
    List<Row> perArm = cohort.select(Columns.named(spec.treatmentColumn()).cast("string").as("arm"), value.as("v"))
        .where(col("v").isNotNull())
        .groupBy("arm").agg(count("v"), avg("v"), var_samp("v"), max("v"), min("v"), sum("v")).collectAsList();
    for (Row r : perArm) {
      int arm = spec.treatedArm().equals(r.getString(0)) ? 1 : spec.referenceArm().equals(r.getString(0)) ? 0 : -1;
      if (arm >= 0) {
        out[arm] = new StatisticalSummaryValues(r.getDouble(2), r.isNullAt(3) ? Double.NaN : r.getDouble(3),
            r.getLong(1), r.getDouble(4), r.getDouble(5), r.getDouble(6));
      }
    }
    return out;
  }

  private static StatisticalSummaryValues empty() {
    return new StatisticalSummaryValues(Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, 0);
  }

  static Map<String, List<String>> columnUses(AnalysisSpec spec) {
    return Map.of("analyze.table1.categorical", spec.table1Categorical(),
        "analyze.table1.continuous", spec.table1Continuous());
  }
}
