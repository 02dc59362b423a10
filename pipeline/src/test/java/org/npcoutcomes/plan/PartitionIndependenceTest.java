package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.testing.LocalSpark;
import org.npcoutcomes.testing.TestFiles;

/**
 * The marts of an analysis follow the data, not how the cohort table is partitioned or in which order its
 * partitions return the rows: survival::lung in one partition in file order and in five partitions in a
 * shuffled order give the same rows, bit for bit (the task durations of analysis_plan aside; baseline's
 * moments are Spark aggregates, equal to rounding). Matching on a score with many ties (integer ages, four
 * ECOG levels) and the matcher's data order make the order visible when it is not fixed.
 */
class PartitionIndependenceTest {
  private static Map<Mart, MartTable> analyse(Dataset<Row> cohort, String order) {
    // the data order of the matcher is the most sensitive to the order of the rows
    PipelineSettings settings = PipelineSettings.from(ConfigLoader.load(List.of(), Map.ofEntries(
        Map.entry("analyze.id", "id"), Map.entry("analyze.time", "time"), Map.entry("analyze.status.column", "status"),
        Map.entry("analyze.status.event", "[2]"), Map.entry("analyze.status.censored", "[1]"), Map.entry("analyze.treatment.column", "sex"),
        Map.entry("analyze.treatment.reference", "1"), Map.entry("analyze.treatment.treated", "2"),
        Map.entry("analyze.covariates.categorical", "[\"ph.ecog\"]"),
        Map.entry("analyze.covariates.continuous", "[\"age\"]"),
        Map.entry("analyze.propensity.matching.order", order),
        Map.entry("analyze.propensity.matching.caliper", "0.2"),
        Map.entry("analyze.models", "[\"crude\"]"))));
    return new AnalyzeStage(settings.analyze()).run(cohort);
  }

  @Test
  void martsAreTheSameWhateverThePartitioning() {
    SparkSession spark = LocalSpark.session();
    String csv = TestFiles.file("/fixtures/oracle/lung.csv");
    Dataset<Row> lung = spark.read().option("header", "true").csv(csv).coalesce(1);
    Dataset<Row> shuffled = lung.orderBy(functions.hash(functions.col("id"))).repartition(5);
    Map<Mart, MartTable> a = analyse(lung, "data");
    Map<Mart, MartTable> b = analyse(shuffled, "data");
    assertEquals(a.keySet(), b.keySet());
    assertTrue(a.get(Mart.MATCHED_PAIRS).size() > 50, "pairs are matched");
    for (Mart mart : a.keySet()) {
      if (mart == Mart.BASELINE) {
        continue;
      }
      List<List<Object>> x = comparable(mart, a.get(mart));
      List<List<Object>> y = comparable(mart, b.get(mart));
      assertEquals(x.size(), y.size(), mart + " rows");
      for (int i = 0; i < x.size(); i++) {
        assertEquals(x.get(i), y.get(i), mart + " row " + i);
      }
    }
  }

  /** The rows as lists of values, without the task durations of the plan. */
  private static List<List<Object>> comparable(Mart mart, MartTable table) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : table.rows()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        if (!(mart == Mart.ANALYSIS_PLAN && table.schema().fields()[i].name().equals("seconds"))) {
          values.add(r.get(i));
        }
      }
      out.add(values);
    }
    return out;
  }
}
