package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertClose;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.testing.LocalSpark;

/**
 * The same plan run twice on one cohort: every population in memory, and every population above 400 rows
 * from sufficient statistics aggregated by Spark (one subgroup level stays below and is gathered). Every
 * figure the aggregated path reports must equal the in-memory one to a relative 1e-9, also in the subgroup
 * that lacks a level of a categorical covariate (its models take their levels from its own rows).
 */
class AggregatedPlanTest {
  private static final double TOLERANCE = 1e-9;
  private static Map<Mart, MartTable> inMemory;
  private static Map<Mart, MartTable> aggregated;

  @BeforeAll
  static void analyse() {
    SparkSession spark = LocalSpark.session();
    Dataset<Row> cohort = spark.createDataFrame(cohort(2400, 7), schema()).repartition(3);
    inMemory = run(cohort, 1_000_000);
    aggregated = run(cohort, 400);
  }

  private static Map<Mart, MartTable> run(Dataset<Row> cohort, int maxInMemory) {
    PipelineSettings settings = PipelineSettings.from(ConfigLoader.load(List.of(), Map.ofEntries(
        // One outcome keeps the test short; it has competing events, so every family runs.
        Map.entry("analyze.outcomes",
            "[{ name = css, time = months, status { column = cause, event = [1], competing = [2] } }]"),
        Map.entry("analyze.treatment.column", "arm"), Map.entry("analyze.treatment.reference", "A"),
        Map.entry("analyze.treatment.treated", "B"),
        Map.entry("analyze.covariates.categorical", "[\"sex\", \"stage\"]"),
        Map.entry("analyze.covariates.continuous", "[\"age\"]"),
        Map.entry("analyze.strata", "[\"site\"]"), Map.entry("analyze.subgroups", "[\"group\"]"),
        Map.entry("analyze.landmarks", "[6]"), Map.entry("analyze.times", "[6, 12, 24]"),
        Map.entry("analyze.rmst-tau", "24"), Map.entry("analyze.propensity.matching.enabled", "false"),
        Map.entry("analyze.propensity.weighting.estimands", "[\"ate\"]"),
        Map.entry("analyze.scale.max-in-memory-rows", Integer.toString(maxInMemory)))));
    return new AnalyzeStage(settings.analyze()).run(cohort);
  }

  private static StructType schema() {
    return DataTypes.createStructType(List.of(
        DataTypes.createStructField("arm", DataTypes.StringType, true),
        DataTypes.createStructField("months", DataTypes.DoubleType, true),
        DataTypes.createStructField("dead", DataTypes.IntegerType, true),
        DataTypes.createStructField("cause", DataTypes.IntegerType, true),
        DataTypes.createStructField("sex", DataTypes.StringType, true),
        DataTypes.createStructField("stage", DataTypes.StringType, true),
        DataTypes.createStructField("age", DataTypes.DoubleType, true),
        DataTypes.createStructField("site", DataTypes.StringType, true),
        DataTypes.createStructField("group", DataTypes.StringType, true)));
  }

  /** Confounded treatment, integer-month times (many ties), a competing cause, an unbalanced subgroup. */
  private static List<Row> cohort(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean male = random.nextDouble() < 0.6;
      double age = 30 + random.nextInt(50);
      String group = random.nextDouble() < 0.12 ? "rare" : age < 55 ? "young" : "old";
      // no "old" patient has stage 0: that subgroup's models have their own reference level
      int stage = group.equals("old") ? 1 + random.nextInt(2) : random.nextInt(3);
      double lp = -0.5 + 0.4 * (male ? 1 : 0) + 0.3 * stage + 0.02 * (age - 55);
      boolean treated = random.nextDouble() < 1 / (1 + Math.exp(-lp));
      double hazard = 0.03 * Math.exp(-0.5 * (treated ? 1 : 0) + 0.3 * stage + 0.02 * (age - 55));
      double event = -Math.log(1 - random.nextDouble()) / hazard;
      double censor = 1 + random.nextDouble() * 40;
      int months = (int) Math.ceil(Math.min(event, censor));
      boolean dead = event <= censor;
      Integer cause = dead ? (random.nextDouble() < 0.7 ? 1 : 2) : 0;
      if (random.nextDouble() < 0.05) {
        cause = null;
      }
      rows.add(RowFactory.create(treated ? "B" : "A", (double) months, dead ? 1 : 0, cause, male ? "m" : "f",
          "s" + stage, age, "site" + random.nextInt(3), group));
    }
    return rows;
  }

  @Test
  void theAggregatedPathWasTaken() {
    List<Row> plan = aggregated.get(Mart.ANALYSIS_PLAN).rows();
    assertTrue(plan.stream().anyMatch(r -> "aggregated".equals(r.getAs("method"))
        && "overall".equals(r.getAs("population")) && "cox".equals(r.getAs("family"))));
    assertTrue(plan.stream().anyMatch(r -> "in_memory".equals(r.getAs("method"))
        && "group=rare".equals(r.getAs("population"))), "a small subgroup level is gathered");
    for (Row r : plan) {
      assertFalse("failed".equals(r.getAs("status")), r.getAs("analysis_id") + ": " + r.getAs("messages"));
    }
  }

  @Test
  void aSubgroupWithoutALevelHasItsOwnReference() {
    List<Row> terms = aggregated.get(Mart.HAZARD_RATIO).rows().stream()
        .filter(r -> "group=old".equals(r.getAs("population")) && "multivariable".equals(r.getAs("model"))
            && "css/group=old/cox:multivariable".equals(r.getAs("analysis_id")))
        .toList();
    assertEquals(List.of("arm=B", "sex=m", "stage=s2", "age"), terms.stream().map(r -> (String) r.getAs("term")).toList());
    terms.forEach(r -> assertFalse(Double.isNaN(r.<Double>getAs("coef")), "term " + r.getAs("term")));
    Row fit = aggregated.get(Mart.COX_MODEL).rows().stream()
        .filter(r -> "css/group=old/cox:multivariable".equals(r.getAs("analysis_id"))).findFirst().orElseThrow();
    assertEquals("sex=f; stage=s1", fit.getAs("reference_levels"));
  }

  @Test
  void survivalCurvesAndTestsEqualTheInMemoryPath() {
    compare(Mart.KM_CURVE, List.of("arm", "time"));
    compare(Mart.SURVIVAL_SUMMARY, List.of("arm"));
    compare(Mart.SURVIVAL_AT_TIME, List.of("arm", "time"));
    compare(Mart.RMST_DIFFERENCE, List.of());
    compare(Mart.LOGRANK, List.of("method"));
  }

  @Test
  void coxModelsEqualTheInMemoryPath() {
    compare(Mart.HAZARD_RATIO, List.of("term"));
    compare(Mart.COX_MODEL, List.of());
    compare(Mart.PH_TEST, List.of("term"));
    compare(Mart.LIKELIHOOD_PROFILE, List.of("point"));
    compare(Mart.FOREST, List.of("level"));
  }

  @Test
  void competingRisksEqualTheInMemoryPath() {
    compare(Mart.CUMULATIVE_INCIDENCE, List.of("arm", "cause", "point"));
    compare(Mart.COMPETING_RISK_TEST, List.of("cause"));
  }

  @Test
  void balanceAndWeightedPopulationsEqualTheInMemoryPath() {
    compare(Mart.BALANCE, List.of("population", "variable", "level"));
    compare(Mart.PROPENSITY_ADJUSTMENT, List.of("population"));
  }

  @Test
  void propensityModelEqualsTheInMemoryFit() {
    List<Row> ours = aggregated.get(Mart.PROPENSITY_MODEL).rows();
    List<Row> reference = inMemory.get(Mart.PROPENSITY_MODEL).rows();
    assertEquals(reference.size(), ours.size());
    for (int k = 0; k < ours.size(); k++) {
      assertEquals((String) reference.get(k).getAs("term"), ours.get(k).getAs("term"));
      for (String c : List.of("coef", "se", "deviance", "null_deviance", "c_statistic")) {
        assertClose(reference.get(k).getAs(c), ours.get(k).getAs(c), TOLERANCE, c + " " + k);
      }
    }
  }

  /**
   * Every row the aggregated run published for a task of this mart equals the in-memory run's row with the
   * same analysis id and keys, in every numeric column; and every in-memory row has its aggregated twin
   * unless the aggregated run skipped that task.
   */
  private static void compare(Mart mart, List<String> keys) {
    Map<String, Row> reference = new HashMap<>();
    for (Row r : inMemory.get(mart).rows()) {
      reference.put(key(r, keys), r);
    }
    List<String> skipped = aggregated.get(Mart.ANALYSIS_PLAN).rows().stream()
        .filter(r -> "skipped".equals(r.getAs("status"))).map(r -> (String) r.getAs("analysis_id")).toList();
    long compared = 0;
    for (Row r : aggregated.get(mart).rows()) {
      Row expected = reference.remove(key(r, keys));
      assertTrue(expected != null, mart + ": no in-memory row for " + key(r, keys));
      for (var field : r.schema().fields()) {
        Object a = expected.getAs(field.name());
        Object b = r.getAs(field.name());
        String what = mart + " " + key(r, keys) + " " + field.name();
        if (a instanceof Double x) {
          assertClose(x, (Double) b, TOLERANCE, what);
        } else if (!field.name().equals("warning")) {
          assertEquals(a, b, what);
        }
      }
      compared++;
    }
    reference.values().removeIf(r -> skipped.contains((String) r.getAs("analysis_id")));
    assertTrue(reference.isEmpty(), mart + ": rows only in memory: " + reference.keySet());
    assertTrue(compared > 0, mart + ": nothing compared");
  }

  private static String key(Row r, List<String> keys) {
    StringBuilder k = new StringBuilder((String) r.getAs("analysis_id")).append('|').append((String) r.getAs("model"));
    keys.forEach(c -> k.append('|').append(String.valueOf((Object) r.getAs(c))));
    return k.toString();
  }
}
