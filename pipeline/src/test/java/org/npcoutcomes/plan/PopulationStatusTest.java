package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.testing.LocalSpark;

/**
 * A population without events and one with a single arm get the same status, with the same reason, whether
 * its rows are analysed in memory or from totals aggregated by Spark: the guards are one piece of code.
 */
class PopulationStatusTest {
  @Test
  void degeneratePopulationsHaveOneStatusOnBothPaths() {
    Dataset<Row> cohort = LocalSpark.session().createDataFrame(cohort(), schema()).repartition(2);
    Map<String, String> inMemory = statuses(cohort, 1_000_000);
    Map<String, String> aggregated = statuses(cohort, 50);
    assertEquals(inMemory, aggregated);
    assertEquals("skipped: no events: no test or hazard ratio", inMemory.get("os/kind=none/cox:crude"));
    assertEquals("skipped: no events: no test or hazard ratio", inMemory.get("os/kind=none/log_rank"));
    assertEquals("skipped: " + FamilyGuards.ONE_ARM, inMemory.get("os/kind=single/cox:crude"));
    assertEquals("ok: ", inMemory.get("os/kind=none/kaplan_meier"));
    assertEquals("ok: ", inMemory.get("os/overall/kaplan_meier"));
  }

  private static Map<String, String> statuses(Dataset<Row> cohort, int maxInMemory) {
    PipelineSettings settings = PipelineSettings.from(ConfigLoader.load(List.of(), Map.ofEntries(
        Map.entry("analyze.outcomes", "[{ name = os, time = months, status { column = dead, event = [1] } }]"),
        Map.entry("analyze.treatment.column", "arm"), Map.entry("analyze.treatment.reference", "A"),
        Map.entry("analyze.treatment.treated", "B"), Map.entry("analyze.subgroups", "[\"kind\"]"),
        Map.entry("analyze.models", "[\"crude\"]"), Map.entry("analyze.times", "[12]"),
        Map.entry("analyze.rmst-tau", "24"),
        // the whole cohort's arm A has no events: the guards under test, not the input contract, meet it
        Map.entry("analyze.min-events-per-arm", "0"),
        Map.entry("analyze.scale.max-in-memory-rows", Integer.toString(maxInMemory)))));
    Map<String, String> out = new TreeMap<>();
    for (Row r : new AnalyzeStage(settings.analyze()).run(cohort).get(Mart.ANALYSIS_PLAN).rows()) {
      String id = r.getAs("analysis_id");
      if (!id.contains("interaction")) {
        out.put(id, r.getAs("status") + ": " + r.getAs("messages"));
      }
    }
    assertTrue(out.size() >= 9, "tasks of the cohort and the two subgroup levels: " + out.keySet());
    return out;
  }

  private static StructType schema() {
    return DataTypes.createStructType(List.of(
        DataTypes.createStructField("arm", DataTypes.StringType, true),
        DataTypes.createStructField("months", DataTypes.DoubleType, true),
        DataTypes.createStructField("dead", DataTypes.IntegerType, true),
        DataTypes.createStructField("kind", DataTypes.StringType, true)));
  }

  /** "none": both arms, nobody dies; "single": one arm only, with deaths. */
  private static List<Row> cohort() {
    SplittableRandom random = new SplittableRandom(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      String kind = i % 2 == 0 ? "none" : "single";
      String arm = kind.equals("single") || random.nextBoolean() ? "B" : "A";
      int dead = kind.equals("none") ? 0 : random.nextDouble() < 0.6 ? 1 : 0;
      rows.add(RowFactory.create(arm, (double) (1 + random.nextInt(30)), dead, kind));
    }
    return rows;
  }
}
