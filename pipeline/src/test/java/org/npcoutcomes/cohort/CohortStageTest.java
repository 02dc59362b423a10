package org.npcoutcomes.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.CohortSettings;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.testing.LocalSpark;

/** The default eligibility rules, arms, outcomes and covariates on hand-made records. */
class CohortStageTest {
  private final SparkSession spark = LocalSpark.session();
  private final CohortSettings settings =
      PipelineSettings.from(ConfigLoader.load(List.of(), Map.of())).cohort();

  private CohortStage.Output stage(CanonicalRecords records) {
    return new CohortStage(settings).run(records.toDataset(spark));
  }

  @Test
  void eachRuleExcludesExactlyItsRecordsInOrder() {
    CanonicalRecords r = new CanonicalRecords()
        .add("1").add("2", "radiation", "none_unknown")            // both eligible
        .add("3", "primary_site", "C34.1")                          // nasopharynx
        .add("4", "histology", 8140)                                // histology
        .add("5", "behavior", "in_situ")                            // malignant
        .add("6", "reporting_source", "autopsy_only")               // not-autopsy-or-dco
        .add("7", "reporting_source", "death_certificate_only")
        .add("8", "sequence_number", 2)                             // first-primary
        .add("9", "age", 17)                                        // adult
        .add("10", "age", null)
        .add("11", "year_of_diagnosis", 2009)                       // diagnosis-years
        .add("12", "m_stage", "M0")                                 // de-novo-m1
        .add("13", "m_stage", null)                                 // unknown M is not M1
        .add("14", "chemotherapy", "no_unknown")                    // chemotherapy
        .add("15", "radiation", "implants")                         // radiation-known
        .add("16", "radiation", "refused")
        .add("17", "survival_months", 0)                            // survival-known
        .add("18", "survival_months", null)
        .add("19", "primary_site", "C34.1", "age", 10);             // first failing rule counts
    List<AttritionStep> steps = stage(r).attrition();
    Map<String, Long> excluded = new HashMap<>();
    steps.forEach(s -> excluded.put(s.rule(), s.excluded()));
    assertEquals(19, steps.get(0).remaining());
    assertEquals(2, excluded.get("nasopharynx"));
    assertEquals(1, excluded.get("histology"));
    assertEquals(1, excluded.get("malignant"));
    assertEquals(2, excluded.get("not-autopsy-or-dco"));
    assertEquals(1, excluded.get("first-primary"));
    assertEquals(2, excluded.get("adult"));
    assertEquals(1, excluded.get("diagnosis-years"));
    assertEquals(2, excluded.get("de-novo-m1"));
    assertEquals(1, excluded.get("chemotherapy"));
    assertEquals(2, excluded.get("radiation-known"));
    assertEquals(2, excluded.get("survival-known"));
    assertEquals(0, excluded.get("arm-assigned"));
    AttritionStep last = steps.get(steps.size() - 1);
    assertEquals(2, last.remaining());
    for (int i = 1; i < steps.size(); i++) {
      assertEquals(steps.get(i - 1).remaining() - steps.get(i).excluded(), steps.get(i).remaining());
      assertEquals(i, steps.get(i).step());
    }
    assertEquals(2, stage(r).cohort().count());
  }

  @Test
  void armsOutcomesAndCovariates() {
    CanonicalRecords r = new CanonicalRecords()
        .add("1", "age", 44, "t_stage", "T2", "n_stage", "N1", "mets_liver", "yes", "year_of_diagnosis", 2015)
        .add("2", "radiation", "none_unknown", "age", 45, "t_stage", "TX", "vital_status", "alive",
            "cause_specific_death", "alive_or_other", "year_of_diagnosis", 2016, "mets_bone", "no")
        .add("3", "age", 65, "sex", null, "cause_specific_death", "alive_or_other", "other_cause_death", "dead_other",
            "mets_lung", "unknown", "mets_bone", "no")
        .add("4", "cause_specific_death", "dead_unknown", "other_cause_death", "dead_unknown", "mets_brain", "yes",
            "mets_liver", "yes");
    Map<String, Row> byId = new HashMap<>();
    stage(r).cohort().collectAsList().forEach(row -> byId.put(row.getAs("patient_id"), row));
    Row p1 = byId.get("1");
    assertEquals("CHT+RT", p1.getAs("arm"));
    assertEquals("CHT", byId.get("2").getAs("arm"));
    assertEquals(20.0, (double) p1.getAs("os_months"));
    assertEquals("<45", p1.getAs("age_group"));
    assertEquals("45-64", byId.get("2").getAs("age_group"));
    assertEquals(">=65", byId.get("3").getAs("age_group"));
    assertEquals("2010-2015", p1.getAs("diagnosis_period"));
    assertEquals("2016-2021", byId.get("2").getAs("diagnosis_period"));
    assertEquals("T1-2", p1.getAs("t_group"));
    assertEquals("unknown", byId.get("2").getAs("t_group"));
    assertEquals("N0-1", p1.getAs("n_group"));
    assertEquals("N2-3", byId.get("2").getAs("n_group"));
    assertEquals("unknown", byId.get("3").getAs("sex"));
    // outcomes: death any cause; cancer death; cause 1 cancer, 2 other, 0 alive, missing when unknown
    assertEquals(1, (int) p1.getAs("os_event"));
    assertEquals(1, (int) p1.getAs("css_event"));
    assertEquals(1, (int) p1.getAs("cause"));
    assertEquals(0, (int) byId.get("2").getAs("os_event"));
    assertEquals(0, (int) byId.get("2").getAs("cause"));
    assertEquals(0, (int) byId.get("3").getAs("css_event"));
    assertEquals(2, (int) byId.get("3").getAs("cause"));
    assertNull(byId.get("4").getAs("cause"));
    // metastatic organs among bone, brain, liver, lung
    assertEquals(">=2", p1.getAs("mets_count"));
    assertEquals("0", byId.get("2").getAs("mets_count"));
    assertEquals("unknown", byId.get("3").getAs("mets_count"), "no positive site and lung unknown");
    assertEquals(">=2", byId.get("4").getAs("mets_count"));
  }
}
