package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.OracleFixture;

/**
 * The screened multivariable model (univariable Cox p < 0.1, then treatment + kept covariates) on
 * survival::lung, against fixtures/screening/lung.json from core/src/test/r/screening.R. The
 * covariates have missing values (wt.loss, ph.ecog), so each univariable model uses its own rows.
 */
class ScreenedModelTest {
  @Test
  void screenedModelEqualsR() {
    AnalysisSpec spec = PipelineSettings.from(ConfigLoader.load(List.of(), Map.ofEntries(
        Map.entry("analyze.time", "time"), Map.entry("analyze.status.column", "status"),
        Map.entry("analyze.status.event", "[2]"), Map.entry("analyze.status.censored", "[1]"), Map.entry("analyze.treatment.column", "sex"),
        Map.entry("analyze.treatment.reference", "1"), Map.entry("analyze.treatment.treated", "2"),
        Map.entry("analyze.covariates.categorical", "[\"ph.ecog\", \"age_group\"]"),
        Map.entry("analyze.covariates.continuous", "[\"age\", \"wt.loss\"]"),
        Map.entry("analyze.subgroups", "[]"), Map.entry("analyze.landmarks", "[]")))).analyze();
    CsvTable lung = CsvTable.load("/fixtures/oracle/lung.csv");
    CohortTable.Builder builder = CohortTable.builder(spec);
    for (Map<String, String> r : lung.records()) {
      builder.add(r.get("sex"), new Double[] {Double.parseDouble(r.get("time"))}, new String[] {r.get("status")},
          new String[] {r.get("ph.ecog"), r.get("age_group")},
          new Double[] {Double.parseDouble(r.get("age")), r.get("wt.loss") == null ? null
              : Double.parseDouble(r.get("wt.loss"))}, new String[0], new String[0], null);
    }
    AnalysisTask task = AnalysisTask.of("primary", Population.overall(), AnalysisTask.Family.COX, "screened");
    AnalysisResult result = new TaskRunner(spec).run(task, builder.build(), null);
    List<AnalysisResult.HazardRow> screened = result.hazard;
    JsonNode r = OracleFixture.load("/fixtures/screening/lung.json");
    assertEquals(r.get("terms").size(), screened.size());
    for (int k = 0; k < r.get("terms").size(); k++) {
      String rTerm = r.get("terms").get(k).asText();
      String ours = switch (rTerm) {
        case "treat" -> "sex=2";
        case "age_group>=65" -> "age_group=>=65";
        case "age" -> "age";
        default -> "ph.ecog=" + rTerm.substring("ph.ecog".length());
      };
      AnalysisResult.HazardRow row = screened.stream().filter(h -> h.term().equals(ours)).findFirst().orElseThrow();
      assertClose(number(r.get("coef").get(k)), row.coef(), rTerm + " coef");
      assertClose(number(r.get("se").get(k)), row.se(), rTerm + " se");
      assertEquals((long) number(r.get("n")), row.n());
    }
  }
}
