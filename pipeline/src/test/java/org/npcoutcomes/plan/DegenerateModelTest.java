package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.number;
import static org.npcoutcomes.testing.OracleFixture.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.testing.OracleFixture;

/**
 * Fit diagnostics of degenerate models against what R says on the same rows (fixtures/degenerate, from
 * core/src/test/r/degenerate_models.R): a Cox model on three rows and one on an arm without events, which
 * coxph fits without converging; a propensity covariate that copies the treatment (separation), and one that is
 * a multiple of another (aliased, NA in glm). None of their tasks is ok, and no weighted estimate is made from
 * a separated propensity model.
 */
class DegenerateModelTest {
  private static final JsonNode R = OracleFixture.load("/fixtures/degenerate/degenerate_models.json");

  private static AnalysisSpec spec(List<String> continuous) {
    Map<String, String> all = new HashMap<>(Map.of("analyze.time", "time", "analyze.status.column", "status",
        "analyze.treatment.column", "treat", "analyze.treatment.reference", "0", "analyze.treatment.treated", "1",
        "analyze.models", "[\"crude\"]", "analyze.propensity.matching.enabled", "false"));
    all.put("analyze.covariates.continuous", "[" + String.join(",", continuous.stream().map(c -> "\"" + c + "\"")
        .toList()) + "]");
    return PipelineSettings.from(ConfigLoader.load(List.of(), all)).analyze();
  }

  /** A cohort table of a fixture's data: time, status and treat, and the named continuous covariates. */
  private static CohortTable table(AnalysisSpec spec, JsonNode data, List<String> continuous) {
    CohortTable.Builder b = CohortTable.builder(spec);
    double[] treat = numbers(data.get("treat"));
    for (int i = 0; i < treat.length; i++) {
      Double[] x = new Double[continuous.size()];
      for (int c = 0; c < x.length; c++) {
        x[c] = numbers(data.get(continuous.get(c)))[i];
      }
      double time = data.has("time") ? numbers(data.get("time"))[i] : i + 1;
      String status = data.has("status") ? Long.toString((long) numbers(data.get("status"))[i]) : "1";
      b.add(Long.toString((long) treat[i]), new Double[] {time}, new String[] {status}, new String[0], x,
          new String[0], new String[0], Integer.toString(i + 1));
    }
    return b.build();
  }

  private static List<String> warnings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(w -> out.add(w.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  private static AnalysisResult crudeCox(String fixture) {
    AnalysisSpec spec = spec(List.of());
    JsonNode r = R.get(fixture);
    return new TaskRunner(spec).run(AnalysisTask.of("primary", Population.overall(), AnalysisTask.Family.COX, "crude"),
        table(spec, r.get("data"), List.of()), null);
  }

  @Test
  void aThreeRowCohortsHazardRatioIsFlaggedAsRsCoxphWarns() {
    JsonNode r = R.get("cox_three_rows");
    assertEquals(List.of("Ran out of iterations and did not converge"), warnings(r.get("warnings")));
    AnalysisResult ours = crudeCox("cox_three_rows");
    assertEquals("warning", ours.plan.status(), ours.plan.messages());
    AnalysisResult.HazardRow hr = ours.hazard.get(0);
    assertFalse(hr.converged());
    assertTrue(hr.warning().contains("did not converge"), hr.warning());
    assertClose(number(r.get("coef")), hr.coef(), "coef where coxph stopped");
  }

  @Test
  void anArmWithoutEventsIsFlagged() {
    JsonNode r = R.get("cox_arm_without_events");
    assertEquals(List.of("Ran out of iterations and did not converge"), warnings(r.get("warnings")));
    AnalysisResult ours = crudeCox("cox_arm_without_events");
    assertEquals("warning", ours.plan.status(), ours.plan.messages());
    assertTrue(ours.plan.messages().contains("no events in arm 1"), ours.plan.messages());
    assertFalse(ours.hazard.get(0).converged());
    assertClose(number(r.get("coef")), ours.hazard.get(0).coef(), "coef where coxph stopped");
  }

  @Test
  void aSeparatedPropensityModelIsFlaggedAndDefinesNoWeightedPopulation() {
    JsonNode r = R.get("glm_separation");
    List<String> covariates = List.of("copy", "age");
    AnalysisSpec spec = spec(covariates);
    CohortTable table = table(spec, r.get("data"), covariates);
    AnalysisTask propensity = new AnalysisPlanner(spec).propensityTask();
    AnalysisResult ps = new TaskRunner(spec).run(propensity, table, null);
    assertEquals("warning", ps.plan.status(), ps.plan.messages());
    // glm leaves fitted probabilities a little above its own 10 * eps check, so it gives no warning; they are
    // still far below 1e-8: separation
    assertTrue(number(r.get("min_fitted")) < 1e-8 && number(r.get("min_fitted")) > 10 * Math.ulp(1.0));
    assertTrue(ps.plan.messages().contains("separate"), ps.plan.messages());
    assertNotNull(ps.adjustments.unusable());
    AnalysisResult.PropensityModelRow copy = ps.propensityModel.stream().filter(m -> m.term().equals("copy"))
        .findFirst().orElseThrow();
    assertNotNull(copy.warning());
    assertEquals(1.0, copy.cStatistic());
    assertTrue(ps.scores.isEmpty() && ps.pairs.isEmpty(), "no patient scores or matches from it");
    for (String population : List.of("iptw_ate", "iptw_att", "overlap")) {
      AnalysisResult weighted = new TaskRunner(spec).run(AnalysisTask.of("primary", Population.weighted(population),
          AnalysisTask.Family.COX, "crude"), table, ps.adjustments);
      assertEquals("failed", weighted.plan.status(), population);
      assertTrue(weighted.plan.messages().contains("propensity model is unusable"), weighted.plan.messages());
      assertTrue(weighted.hazard.isEmpty(), "no hazard ratio published for " + population);
    }
  }

  @Test
  void anAliasedPropensityTermIsLeftOutAsGlmDoes() {
    JsonNode r = R.get("glm_aliased");
    List<String> covariates = List.of("age", "stage", "age_months");
    AnalysisSpec spec = spec(covariates);
    AnalysisResult ps = new TaskRunner(spec).run(new AnalysisPlanner(spec).propensityTask(),
        table(spec, r.get("data"), covariates), null);
    assertEquals("age_months", r.get("aliased").asText());
    assertEquals("warning", ps.plan.status(), ps.plan.messages());
    assertNull(ps.adjustments.unusable(), "the model stays usable without the aliased term");
    assertTrue(ps.plan.messages().contains("age_months"), ps.plan.messages());
    double[] coef = numbers(r.get("coef"));
    for (int k = 0; k < coef.length; k++) {
      AnalysisResult.PropensityModelRow row = ps.propensityModel.get(k);
      assertEquals(r.get("terms").get(k).asText(), row.term());
      if (Double.isNaN(coef[k])) {
        assertTrue(Double.isNaN(row.coef()), row.term() + " aliased");
        assertTrue(row.warning().contains("age_months"), row.warning());
      } else {
        assertClose(coef[k], row.coef(), row.term());
      }
    }
    assertClose(number(r.get("deviance")), ps.propensityModel.get(0).deviance(), "deviance");
    assertEquals(r.get("iterations").asInt(), ps.propensityModel.get(0).iterations());
  }
}
