package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.OracleFixture;

/**
 * A reference level chosen in config (analyze.covariates.reference) and a level order given in config
 * (analyze.levels) make the model R fits with relevel() and factor(levels = ...): the same terms, coefficients
 * and SEs (fixtures/reference/lung_relevel.json from core/src/test/r/reference_level.R), and cox_model names
 * the reference levels used.
 */
class ReferenceLevelTest {
  @TempDir
  Path dir;

  private AnalysisSpec spec(String extra) throws IOException {
    Path conf = dir.resolve("study.conf");
    Files.writeString(conf, String.join("\n",
        "analyze {",
        "  time = time, status { column = status, event = [2] }",
        "  treatment { column = sex, reference = \"1\", treated = \"2\" }",
        "  covariates { categorical = [\"ph.ecog\", age_group], continuous = [age], reference { \"ph.ecog\" = \"1\" } }",
        "  levels { age_group = [\">=65\", \"<65\"] }",
        "  models = [multivariable]",
        extra,
        "}"));
    return PipelineSettings.from(ConfigLoader.load(List.of(conf), Map.of())).analyze();
  }

  @Test
  void configuredReferenceAndOrderGiveRsTerms() throws IOException {
    AnalysisSpec spec = spec("");
    CohortTable.Builder builder = CohortTable.builder(spec);
    for (Map<String, String> r : CsvTable.load("/fixtures/oracle/lung.csv").records()) {
      builder.add(r.get("sex"), new Double[] {Double.parseDouble(r.get("time"))}, new String[] {r.get("status")},
          new String[] {r.get("ph.ecog"), r.get("age_group")}, new Double[] {Double.parseDouble(r.get("age"))},
          new String[0], new String[0], r.get("id"));
    }
    AnalysisTask task = AnalysisTask.of("primary", Population.overall(), AnalysisTask.Family.COX, "multivariable");
    AnalysisResult result = new TaskRunner(spec).run(task, builder.build(), null);
    JsonNode r = OracleFixture.load("/fixtures/reference/lung_relevel.json");
    List<String> expectedTerms = List.of("sex=2", "ph.ecog=0", "ph.ecog=2", "ph.ecog=3", "age_group=<65", "age");
    assertEquals(expectedTerms, result.hazard.stream().map(AnalysisResult.HazardRow::term).toList());
    for (int k = 0; k < expectedTerms.size(); k++) {
      assertClose(number(r.get("coef").get(k)), result.hazard.get(k).coef(), expectedTerms.get(k) + " coef");
      assertClose(number(r.get("se").get(k)), result.hazard.get(k).se(), expectedTerms.get(k) + " se");
    }
    assertClose(number(r.get("loglik")), result.modelFit.get(0).logLik(), "loglik");
    assertEquals("ph.ecog=1; age_group=>=65", result.modelFit.get(0).referenceLevels());
  }

  @Test
  void aReferenceOfAnUnusedVariableOrAnUndeclaredLevelIsRejected() {
    InvalidConfigException unused = assertThrows(InvalidConfigException.class,
        () -> spec("covariates.reference { size = \"<=20\" }"));
    assertTrue(unused.getMessage().contains("analyze.covariates.reference.size"), unused.getMessage());
    InvalidConfigException undeclared = assertThrows(InvalidConfigException.class,
        () -> spec("covariates.reference { age_group = \"45-64\" }"));
    assertTrue(undeclared.getMessage().contains("not one of the levels declared"), undeclared.getMessage());
  }
}
