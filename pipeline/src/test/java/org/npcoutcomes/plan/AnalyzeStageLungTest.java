package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;
import static org.npcoutcomes.testing.OracleFixture.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.testing.LocalSpark;
import org.npcoutcomes.testing.OracleFixture;
import org.npcoutcomes.testing.TestFiles;

/**
 * The analyze stage end to end on Spark, on survival::lung (a cohort table that is not the registry's),
 * against R's survfit / survdiff / coxph output in fixtures/oracle/lung.oracle.json.
 */
class AnalyzeStageLungTest {
  private static Map<Mart, List<Row>> marts;
  private static final JsonNode R = OracleFixture.load("/fixtures/oracle/lung.oracle.json");

  @BeforeAll
  static void analyse() throws Exception {
    SparkSession spark = LocalSpark.session();
    String csv = TestFiles.file("/fixtures/oracle/lung.csv");
    Dataset<Row> lung = spark.read().option("header", "true").csv(csv);
    PipelineSettings settings = PipelineSettings.from(ConfigLoader.load(List.of(), Map.ofEntries(
        Map.entry("analyze.id", "id"), Map.entry("analyze.time", "time"), Map.entry("analyze.status.column", "status"),
        Map.entry("analyze.status.event", "[2]"), Map.entry("analyze.status.censored", "[1]"), Map.entry("analyze.treatment.column", "sex"),
        Map.entry("analyze.treatment.reference", "1"), Map.entry("analyze.treatment.treated", "2"),
        Map.entry("analyze.covariates.categorical", "[\"ph.ecog\"]"),
        Map.entry("analyze.covariates.continuous", "[\"age\"]"),
        Map.entry("analyze.subgroups", "[\"age_group\", \"ph.ecog\"]"), Map.entry("analyze.landmarks", "[90, 180]"),
        Map.entry("analyze.times", "[180, 365, 730]"),
        Map.entry("analyze.rmst-tau", "730"))));
    marts = new java.util.EnumMap<>(Mart.class);
    new AnalyzeStage(settings.analyze()).run(lung).forEach((mart, table) -> marts.put(mart, table.rows()));
  }

  /** Rows of the primary outcome in one population (and arm). */
  private static List<Row> rows(Mart mart, String population, String arm) {
    return marts.get(mart).stream().filter(r -> population.equals(r.getAs("population"))
        && "primary".equals(r.getAs("outcome")) && (arm == null || arm.equals(r.getAs("arm")))).toList();
  }

  /** Rows of one model of the primary outcome in one population. */
  private static List<Row> model(Mart mart, String population, String model) {
    return marts.get(mart).stream().filter(r -> population.equals(r.getAs("population"))
        && "primary".equals(r.getAs("outcome")) && model.equals(r.getAs("model"))).toList();
  }

  private static double[] column(List<Row> rows, String name) {
    return rows.stream().mapToDouble(r -> ((Number) r.getAs(name)).doubleValue()).toArray();
  }

  @Test
  void kaplanMeierPerArm() {
    for (String arm : List.of("1", "2")) {
      JsonNode table = at(R, "kaplan_meier", arm.equals("1") ? "reference" : "treated", "table");
      List<Row> km = rows(Mart.KM_CURVE, "overall", arm);
      assertAllClose(table.get("time"), column(km, "time"), "time");
      assertAllClose(table.get("n.risk"), column(km, "n_risk"), "n.risk");
      assertAllClose(table.get("n.event"), column(km, "n_event"), "n.event");
      assertAllClose(table.get("n.censor"), column(km, "n_censor"), "n.censor");
      assertAllClose(table.get("surv"), column(km, "survival"), "surv");
      assertAllClose(table.get("std.err_S"), column(km, "std_err"), "std.err");
      assertAllClose(table.get("lower_loglog"), column(km, "lower"), "lower");
      assertAllClose(table.get("upper_loglog"), column(km, "upper"), "upper");
    }
  }

  @Test
  void mediansRmstAndSurvivalAtTimes() {
    for (String arm : List.of("1", "2")) {
      JsonNode r = at(R, "kaplan_meier", arm.equals("1") ? "reference" : "treated");
      Row s = rows(Mart.SURVIVAL_SUMMARY, "overall", arm).get(0);
      assertEquals((long) number(r.get("n")), (long) s.getAs("n"));
      assertEquals((long) number(r.get("events")), (long) s.getAs("events"));
      assertClose(number(at(r, "median_loglog", "median")), s.getAs("median"), "median");
      assertClose(number(at(r, "median_loglog", "lower95")), s.getAs("median_lower"), "median lower");
      assertClose(number(at(r, "median_loglog", "upper95")), s.getAs("median_upper"), "median upper");
      assertClose(number(at(r, "rmst_survival", "rmean")), s.getAs("rmst"), "rmst");
      assertClose(number(at(r, "rmst_survival", "se")), s.getAs("rmst_se"), "rmst se");
      List<Row> t = rows(Mart.SURVIVAL_AT_TIME, "overall", arm);
      JsonNode at = r.get("at_times_loglog");
      assertAllClose(at.get("surv"), column(t, "survival"), "S(t)");
      assertAllClose(at.get("std.err_S"), column(t, "std_err"), "SE S(t)");
      assertAllClose(at.get("lower"), column(t, "lower"), "lower S(t)");
      assertAllClose(at.get("upper"), column(t, "upper"), "upper S(t)");
      assertAllClose(at.get("n.risk"), column(t, "n_risk"), "n.risk at t");
    }
  }

  @Test
  void logRank() {
    Row lr = model(Mart.LOGRANK, "overall", "unstratified").get(0);
    JsonNode r = at(R, "logrank", "logrank_rho0");
    assertClose(number(r.get("chisq")), lr.getAs("chisq"), "chisq");
    assertClose(number(r.get("p")), lr.getAs("p_value"), "p");
    double[] expected = numbers(r.get("expected"));
    List<Row> summary = rows(Mart.SURVIVAL_SUMMARY, "overall", null);
    Function<String, Row> arm = a -> summary.stream().filter(s -> a.equals(s.getAs("arm"))).findFirst().orElseThrow();
    assertClose(expected[0], arm.apply("1").getAs("expected"), "expected reference");
    assertClose(expected[1], arm.apply("2").getAs("expected"), "expected treated");
  }

  @Test
  void petoPetoAndRmstDifference() {
    Row peto = model(Mart.LOGRANK, "overall", "unstratified").stream()
        .filter(r -> "peto-peto".equals(r.getAs("method"))).findFirst().orElseThrow();
    assertClose(number(at(R, "logrank", "peto_peto_rho1", "chisq")), peto.getAs("chisq"), "peto chisq");
    assertClose(number(at(R, "logrank", "peto_peto_rho1", "p")), peto.getAs("p_value"), "peto p");
    Row diff = rows(Mart.RMST_DIFFERENCE, "overall", null).get(0);
    JsonNode r = at(R, "kaplan_meier", "rmst_difference", "survival_rmean");
    assertClose(number(r.get("diff")), diff.getAs("difference"), "rmst diff");
    assertClose(number(r.get("se")), diff.getAs("se"), "rmst diff se");
    assertClose(number(r.get("lower95")), diff.getAs("lower"), "rmst diff lower");
    assertClose(number(r.get("upper95")), diff.getAs("upper"), "rmst diff upper");
    assertClose(number(r.get("p")), diff.getAs("p_value"), "rmst diff p");
  }

  @Test
  void proportionalHazardsTests() {
    for (String model : List.of("crude", "multivariable")) {
      JsonNode r = at(R, "cox_zph", model.equals("crude") ? "treatment_only_efron" : "multivariable_efron", "terms");
      List<Row> ours = model(Mart.PH_TEST, "overall", model);
      assertEquals(r.get("term").size(), ours.size(), model);
      assertEquals(List.of("sex", "ph.ecog", "age", "GLOBAL").subList(0, ours.size() - 1),
          ours.subList(0, ours.size() - 1).stream().map(x -> (String) x.getAs("term")).toList());
      assertAllClose(r.get("chisq"), column(ours, "chisq"), model + " zph chisq");
      assertAllClose(r.get("p"), column(ours, "p_value"), model + " zph p");
    }
  }

  @Test
  void landmarkAnalysesKeepPatientsFollowedAtTheLandmarkWithTimeReset() {
    for (String landmark : List.of("90", "180")) {
      JsonNode r = at(R, "landmark", "L" + landmark + "_ge");
      String id = "landmark=" + landmark;
      Row hr = model(Mart.HAZARD_RATIO, id, "crude").get(0);
      JsonNode c = at(r, "cox_efron", "coefficients");
      assertClose(number(c.get("coef").get(0)), hr.getAs("coef"), id + " coef");
      assertClose(number(c.get("se").get(0)), hr.getAs("se"), id + " se");
      assertClose(number(c.get("p").get(0)), hr.getAs("p_value"), id + " p");
      Row lr = model(Mart.LOGRANK, id, "unstratified").stream().filter(x -> "log-rank".equals(x.getAs("method")))
          .findFirst().orElseThrow();
      assertClose(number(at(r, "logrank", "chisq")), lr.getAs("chisq"), id + " log-rank");
      assertEquals((long) number(r.get("n")), (long) hr.getAs("n"), id + " n");
    }
  }

  @Test
  void forestHazardRatiosPerSubgroupLevelWithInteractionTest() {
    for (String variable : List.of("age_group", "ph.ecog")) {
      JsonNode r = at(R, "subgroups", variable);
      List<Row> forest = marts.get(Mart.FOREST).stream().filter(x -> variable.equals(x.getAs("variable"))).toList();
      assertEquals(r.get("levels").size(), forest.size(), variable + " levels");
      for (Row f : forest) {
        JsonNode level = at(r, "levels", f.getAs("level"));
        assertEquals((long) number(level.get("n")), (long) f.getAs("n"), variable + " n");
        JsonNode cox = level.get("cox_efron");
        if (cox.has("error")) {
          assertTrue(f.isNullAt(f.fieldIndex("hazard_ratio")), variable + "=" + f.getAs("level") + " has one arm");
        } else {
          assertClose(number(cox.get("coefficients").get("HR").get(0)), f.getAs("hazard_ratio"), variable + " HR");
          assertClose(number(cox.get("coefficients").get("lower95").get(0)), f.getAs("lower"), variable + " lower");
        }
        assertClose(number(at(r, "interaction_lr", "p")), f.getAs("p_interaction"), variable + " p interaction");
      }
    }
  }

  @Test
  void propensityAdjustedHazardRatios() {
    Map<String, JsonNode> reference = Map.of(
        "matched/crude", at(R, "matching", "largest", "cox_matched_robust_cluster_pair"),
        "matched/matched_set_strata", at(R, "matching", "largest", "cox_matched_stratified_pair"),
        "iptw_ate/crude", at(R, "iptw", "cox_ate"), "iptw_att/crude", at(R, "iptw", "cox_att"));
    reference.forEach((model, r) -> {
      Row hr = model(Mart.HAZARD_RATIO, model.split("/")[0], model.split("/")[1]).get(0);
      JsonNode c = r.get("coefficients");
      assertClose(number(c.get("coef").get(0)), hr.getAs("coef"), model + " coef");
      assertClose(number(c.get("se_naive").get(0)), hr.getAs("se"), model + " se");
      if (c.get("robust").get(0).asBoolean()) {
        assertClose(number(c.get("se").get(0)), hr.getAs("robust_se"), model + " robust se");
      }
      assertClose(number(c.get("lower95").get(0)), hr.getAs("lower"), model + " lower");
      assertClose(number(c.get("p").get(0)), hr.getAs("p_value"), model + " p");
    });
  }

  @Test
  void patientLevelScoresAndMatchedPairs() {
    JsonNode scores = at(R, "propensity", "scores");
    Map<String, Row> byId = new java.util.HashMap<>();
    marts.get(Mart.PROPENSITY_SCORES).forEach(r -> byId.put(r.getAs("id"), r));
    assertEquals(scores.get("id").size(), byId.size());
    for (int k = 0; k < scores.get("id").size(); k++) {
      Row r = byId.get(scores.get("id").get(k).asText());
      assertClose(number(scores.get("ps").get(k)), r.getAs("ps"), "ps");
    }
    JsonNode pairs = at(R, "matching", "largest", "pairs");
    List<Row> ours = marts.get(Mart.MATCHED_PAIRS);
    assertEquals(pairs.get("subclass").size(), ours.size());
    for (int k = 0; k < ours.size(); k++) {
      assertEquals(pairs.get("subclass").get(k).asInt(), (int) ours.get(k).getAs("subclass"));
      assertEquals(pairs.get("treated_id").get(k).asText(), ours.get(k).getAs("treated_id"));
      assertEquals(pairs.get("control_id").get(k).asText(), ours.get(k).getAs("control_id"));
    }
    long outside = marts.get(Mart.PROPENSITY_DISTRIBUTION).stream().mapToLong(r -> r.getAs("n")).sum();
    assertEquals(scores.get("id").size(), outside, "every complete case is in one score bin");
  }

  @Test
  void kaplanMeierOfMatchedAndWeightedPopulations() {
    for (String arm : List.of("1", "2")) {
      String side = arm.equals("1") ? "reference" : "treated";
      JsonNode matched = at(R, "matching", "largest", "kaplan_meier_matched", side);
      List<Row> m = rows(Mart.KM_CURVE, "matched", arm);
      assertAllClose(at(matched, "table", "surv"), column(m, "survival"), "matched surv " + arm);
      assertAllClose(at(matched, "table", "std.err_S"), column(m, "std_err"), "matched se " + arm);
      Row ms = rows(Mart.SURVIVAL_SUMMARY, "matched", arm).get(0);
      assertClose(number(at(matched, "median_loglog", "median")), ms.getAs("median"), "matched median " + arm);
      JsonNode weighted = at(R, "iptw", "km_ate", side);
      List<Row> w = rows(Mart.KM_CURVE, "iptw_ate", arm);
      assertAllClose(at(weighted, "table", "surv"), column(w, "survival"), "weighted surv " + arm);
      // fractional weights: survfit's robust SE is on the survival scale (its $std.err)
      assertAllClose(at(weighted, "table", "std.err_logS"), column(w, "std_err"), "weighted se " + arm);
      assertAllClose(at(weighted, "table", "lower_loglog"), column(w, "lower"), "weighted lower " + arm);
      Row ws = rows(Mart.SURVIVAL_SUMMARY, "iptw_ate", arm).get(0);
      assertClose(number(at(weighted, "median_loglog", "median")), ws.getAs("median"), "weighted median " + arm);
      assertClose(number(at(weighted, "rmst_survival", "rmean")), ws.getAs("rmst"), "weighted rmst " + arm);
    }
  }

  @Test
  void covariateBalanceBeforeAndAfterAdjustment() {
    checkBalance("overall", at(R, "balance_before", "smd"), "smd_pooled");
    checkBalance("matched", at(R, "matching", "largest", "balance_after", "smd"), "smd_treated_prematch_sd");
    checkBalance("iptw_ate", at(R, "iptw", "balance_weighted", "ate"), "smd_pooled_unweighted_sd");
    checkBalance("iptw_att", at(R, "iptw", "balance_weighted", "att"), "smd_treated_unweighted_sd");
  }

  private static void checkBalance(String adjustment, JsonNode r, String column) {
    List<Row> ours = marts.get(Mart.BALANCE).stream().filter(x -> adjustment.equals(x.getAs("population"))).toList();
    assertEquals(r.get("variable").size(), ours.size(), adjustment + " rows");
    for (int k = 0; k < ours.size(); k++) {
      assertEquals(r.get("variable").get(k).asText(), ours.get(k).getAs("variable"));
      assertEquals(r.get("level").get(k).asText(), ours.get(k).getAs("level"));
      assertClose(number(r.get(column).get(k)), ours.get(k).getAs("smd"), adjustment + " smd " + k);
    }
  }

  @Test
  void coxModelFitStatistics() {
    for (String model : List.of("crude", "multivariable")) {
      JsonNode r = at(R, "cox", model.equals("crude") ? "treatment_only_efron" : "multivariable_efron");
      Row fit = model(Mart.COX_MODEL, "overall", model).get(0);
      assertClose(number(r.get("loglik_null")), fit.getAs("log_lik_null"), model + " loglik null");
      assertClose(number(r.get("loglik_final")), fit.getAs("log_lik"), model + " loglik");
      assertClose(number(at(r, "lr_test", "statistic")), fit.getAs("lr_statistic"), model + " LR");
      assertClose(number(at(r, "lr_test", "p")), fit.getAs("lr_p_value"), model + " LR p");
      assertClose(number(at(r, "wald_test", "statistic")), fit.getAs("wald_statistic"), model + " Wald");
      assertClose(number(at(r, "score_test", "statistic")), fit.getAs("score_statistic"), model + " score");
      assertClose(number(at(r, "score_test", "p")), fit.getAs("score_p_value"), model + " score p");
      assertEquals((int) number(r.get("iterations")), (int) fit.getAs("iterations"), model + " iterations");
      assertClose(number(at(r, "concordance", "C")), fit.getAs("concordance"), model + " concordance");
      assertClose(number(at(r, "concordance", "se")), fit.getAs("concordance_se"), model + " concordance se");
    }
  }

  @Test
  void coxCrudeOnAllRowsAndMultivariableOnCompleteCases() {
    checkCox("crude", at(R, "cox", "treatment_only_efron"));
    checkCox("multivariable", at(R, "cox", "multivariable_efron"));
  }

  private static void checkCox(String model, JsonNode r) {
    List<Row> hr = model(Mart.HAZARD_RATIO, "overall", model);
    JsonNode c = r.get("coefficients");
    assertEquals(c.get("term").size(), hr.size(), model + " terms");
    assertEquals("sex=2", hr.get(0).getAs("term"));
    assertAllClose(c.get("coef"), column(hr, "coef"), model + " coef");
    assertAllClose(c.get("se"), column(hr, "se"), model + " se");
    assertAllClose(c.get("HR"), column(hr, "hazard_ratio"), model + " HR");
    assertAllClose(c.get("lower95"), column(hr, "lower"), model + " lower");
    assertAllClose(c.get("upper95"), column(hr, "upper"), model + " upper");
    assertAllClose(c.get("p"), column(hr, "p_value"), model + " p");
    assertEquals((long) number(r.get("n")), (long) hr.get(0).getAs("n"));
    assertEquals((long) number(r.get("nevent")), (long) hr.get(0).getAs("events"));
  }

  @Test
  void everyTaskOfThePlanIsPublishedWithItsRowsAndStatus() {
    List<Row> plan = marts.get(Mart.ANALYSIS_PLAN);
    List<String> populations = plan.stream().map(r -> (String) r.getAs("population")).distinct().toList();
    assertTrue(populations.containsAll(List.of("overall", "age_group=<65", "age_group=>=65", "ph.ecog=0",
        "landmark=90", "landmark=180", "matched", "iptw_ate", "iptw_att", "overlap")), populations.toString());
    List<Row> km = plan.stream().filter(r -> "kaplan_meier".equals(r.getAs("family"))).toList();
    Row overall = km.stream().filter(r -> "overall".equals(r.getAs("population"))).findFirst().orElseThrow();
    assertEquals(228L, (long) overall.getAs("n_analysed"));
    long subgroupTotal = km.stream().filter(r -> ((String) r.getAs("population")).startsWith("age_group="))
        .mapToLong(r -> r.getAs("n_analysed")).sum();
    assertEquals(228L, subgroupTotal, "every patient is in exactly one age group");
    assertEquals(plan.size(), plan.stream().map(r -> (String) r.getAs("analysis_id")).distinct().count(),
        "analysis ids are unique");
    for (Row r : plan) {
      assertTrue(List.of("ok", "skipped").contains((String) r.getAs("status")),
          r.getAs("analysis_id") + ": " + r.getAs("status") + " " + r.getAs("messages"));
    }
    for (Mart mart : List.of(Mart.KM_CURVE, Mart.HAZARD_RATIO, Mart.LOGRANK, Mart.COX_MODEL)) {
      for (Row r : marts.get(mart)) {
        assertTrue(plan.stream().anyMatch(p -> p.getAs("analysis_id").equals(r.getAs("analysis_id"))),
            mart + " row of a task not in the plan: " + r.getAs("analysis_id"));
      }
    }
  }
}
