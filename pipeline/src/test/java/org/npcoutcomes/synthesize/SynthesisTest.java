package org.npcoutcomes.synthesize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.config.PrivacySettings;
import org.npcoutcomes.config.SynthesisSettings;
import org.npcoutcomes.config.SynthesisSettings.Measure;
import org.npcoutcomes.testing.OracleFixture;

/**
 * Proportions through the synthesis layout (CSV rows to mart rows) against metafor (core's
 * fixtures/synthesis/meta.json, "proportions": 11 studies, one with no events and one with only events), and
 * the CSV reader's checks.
 */
class SynthesisTest {
  private static final JsonNode P = OracleFixture.load("/fixtures/synthesis/meta.json").get("proportions");

  private static SynthesisSettings settings(String transform) {
    return PipelineSettings.from(ConfigLoader.load(List.of(), Map.of("synthesis.measure", "proportion",
        "synthesis.transform", transform))).synthesis();
  }

  private static List<String> csv() {
    List<String> lines = new ArrayList<>(List.of("# synthetic counts", "study,events,total,design"));
    for (int i = 0; i < P.get("events").size(); i++) {
      lines.add("S" + (i + 1) + "," + P.get("events").get(i).asLong() + "," + P.get("totals").get(i).asLong()
          + ",cohort");
    }
    return lines;
  }

  private static Synthesis pooled(String transform) {
    return Synthesis.of(settings(transform), PublishedEstimates.parse("p.csv", csv(), Measure.PROPORTION), null);
  }

  private static SynthesisRows.PooledRow row(Synthesis s, String model) {
    return s.pooledRows().stream().filter(r -> r.model().equals(model)).findFirst().orElseThrow();
  }

  @Test
  void logitProportionsEqualMetaforAndSayWhatWasCorrected() {
    Synthesis s = pooled("logit");
    SynthesisRows.PooledRow random = row(s, "random");
    JsonNode r = P.get("plo_REML");
    assertClose(number(r.get("estimate")), random.estimate(), "logit REML estimate");
    assertClose(number(r.get("pred")), random.effect(), "back-transformed proportion");
    assertClose(number(r.get("pred_ci_lb")), random.effectLower(), "proportion lower");
    assertClose(number(r.get("pred_pi_ub")), random.predictionUpper(), "prediction upper");
    assertClose(number(at(P, "plo_EE", "estimate")), row(s, "common").estimate(), "logit common estimate");
    List<SynthesisRows.StudyRow> studies = s.studyRows(PrivacySettings.none());
    assertTrue(studies.get(0).corrected(), "0 of 20 corrected");
    assertTrue(studies.get(4).corrected(), "20 of 20 corrected");
    assertFalse(studies.get(1).corrected());
    assertTrue(random.note().contains("2 studies with no events or only events"), random.note());
    assertEquals("design=cohort", studies.get(0).labels());
  }

  @Test
  void freemanTukeyBackTransformsWithTheHarmonicMeanN() {
    Synthesis s = pooled("freeman-tukey");
    SynthesisRows.PooledRow random = row(s, "random");
    JsonNode r = P.get("pft_REML");
    assertClose(number(r.get("estimate")), random.estimate(), "PFT REML estimate");
    assertClose(number(r.get("pred")), random.effect(), "transf.ipft.hm");
    assertClose(number(r.get("pred_ci_ub")), random.effectUpper(), "transf.ipft.hm upper");
    assertEquals("freeman-tukey", random.scale());
  }

  @Test
  void glmmRowIsTheRandomInterceptLogisticModel() {
    SynthesisRows.PooledRow g = row(pooled("glmm"), "glmm");
    assertClose(number(at(P, "glmm", "estimate")), g.estimate(), "glmm logit");
    assertClose(number(at(P, "glmm", "QE_LRT")), g.q(), "glmm QE.LRT");
    assertTrue(g.note().contains("exact binomial"), g.note());
  }

  @Test
  void smallCountsAreWithheld() {
    List<SynthesisRows.StudyRow> rows = pooled("logit").studyRows(PrivacySettings.of(PrivacySettings.Policy.CMS, 11));
    assertNull(rows.get(5).events(), "8 of 25: withheld");
    assertNull(rows.get(5).total());
    assertEquals(0L, rows.get(0).events(), "0 events is not a small cell");
    assertEquals(30L, rows.get(2).events());
  }

  @Test
  void badLinesNameTheFileAndLine() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PublishedEstimates.parse("p.csv",
        List.of("study,events,total", "A,3,10", "B,12,10"), Measure.PROPORTION));
    assertTrue(e.getMessage().contains("p.csv line 3"), e.getMessage());
    e = assertThrows(InvalidConfigException.class, () -> PublishedEstimates.parse("p.csv",
        List.of("# note", "study,estimate,upper", "A,0.5,0.9"), Measure.HR));
    assertTrue(e.getMessage().contains("line 2: no column 'lower'"), e.getMessage());
    e = assertThrows(InvalidConfigException.class, () -> PublishedEstimates.parse("p.csv",
        List.of("study,estimate,lower,upper", "A,0.5,abc,0.9"), Measure.HR));
    assertTrue(e.getMessage().contains("lower 'abc' is not a number"), e.getMessage());
  }

  @Test
  void publishedRatiosBecomeLogEstimatesWithTheirStandardErrors() {
    List<Study> s = PublishedEstimates.parse("p.csv", List.of("study,estimate,lower,upper,year",
        "A,0.62,0.48,0.80,2016"), Measure.HR);
    assertClose(Math.log(0.62), s.get(0).y(), "log HR");
    // by hand: (log 0.80 − log 0.48) / (2 × 1.959964)
    assertClose(Math.pow((Math.log(0.80) - Math.log(0.48)) / (2 * 1.959963984540054), 2), s.get(0).v(), "variance");
    assertEquals("year=2016", s.get(0).labels());
  }
}
