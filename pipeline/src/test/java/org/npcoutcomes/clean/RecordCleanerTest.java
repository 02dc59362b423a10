package org.npcoutcomes.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.ingest.SourceMapping;

/** The labeled SEER*Stat mapping (conf/sources/seer-labeled.conf) applied to hand-written rows. */
class RecordCleanerTest {
  static final SourceMapping MAPPING = SourceMapping.load(Path.of("..", "conf", "sources", "seer-labeled.conf"));
  private static final List<String> HEADER = MAPPING.columns();
  private final RecordCleaner cleaner = new RecordCleaner(MAPPING, HEADER, "test.csv");
  private static final List<String> FIELDS = Arrays.asList(CanonicalSchema.SCHEMA.fieldNames());

  /** A valid 2012 metastatic NPC row, with some columns changed. */
  static String[] row(String... columnValuePairs) {
    Map<String, String> v = new HashMap<>();
    HEADER.forEach(c -> v.put(c, "Blank(s)"));
    v.put("Patient ID", "00012345");
    v.put("Sequence number", "One primary only");
    v.put("First malignant primary indicator", "Yes");
    v.put("SEER registry (with CA and GA as whole states)", "Utah");
    v.put("Sex", "Male");
    v.put("Age recode with single ages and 85+", "52 years");
    v.put("Race recode (White, Black, Other)", "Other (American Indian/AK Native, Asian/Pacific Islander)");
    v.put("Year of diagnosis", "2012");
    v.put("Site recode ICD-O-3/WHO 2008", "Nasopharynx");
    v.put("Primary Site - labeled", "C11.1-Posterior wall of nasopharynx");
    v.put("Histologic Type ICD-O-3", "8072");
    v.put("Behavior code ICD-O-3", "Malignant");
    v.put("Type of Reporting Source", "Hospital inpatient/outpatient or clinic");
    v.put("Derived AJCC T, 7th ed (2010-2015)", "T3");
    v.put("Derived AJCC N, 7th ed (2010-2015)", "N2");
    v.put("Derived AJCC M, 7th ed (2010-2015)", "M1");
    v.put("SEER Combined Mets at DX-bone (2010+)", "Yes");
    v.put("SEER Combined Mets at DX-brain (2010+)", "No");
    v.put("SEER Combined Mets at DX-liver (2010+)", "Unknown");
    v.put("SEER Combined Mets at DX-lung (2010+)", "Not applicable");
    v.put("Radiation recode", "Beam radiation");
    v.put("Chemotherapy recode (yes, no/unk)", "Yes");
    v.put("RX Summ--Surg Prim Site (1998+)", "00");
    v.put("Survival months", "0023");
    v.put("Survival months flag", "Complete dates are available and there are more than 0 days of survival");
    v.put("Vital status recode (study cutoff used)", "Dead");
    v.put("SEER cause-specific death classification", "Dead (attributable to this cancer dx)");
    v.put("SEER other cause of death classification", "Alive or dead due to cancer");
    v.put("Marital status at diagnosis", "Married (including common law)");
    v.put("Median household income inflation adj to 2021", "$75,000+");
    v.put("Rural-Urban Continuum Code", "Counties in metropolitan areas ge 1 million pop");
    for (int i = 0; i < columnValuePairs.length; i += 2) {
      if (!v.containsKey(columnValuePairs[i])) {
        throw new IllegalArgumentException("no column " + columnValuePairs[i]);
      }
      v.put(columnValuePairs[i], columnValuePairs[i + 1]);
    }
    return HEADER.stream().map(v::get).toArray(String[]::new);
  }

  private Object value(RecordCleaner.Outcome o, String field) {
    assertNull(o.reject(), () -> "unexpected reject " + o.reject());
    Object v = o.values()[FIELDS.indexOf(field)];
    // Strings come out as Spark stores them.
    return v instanceof org.apache.spark.unsafe.types.UTF8String u ? u.toString() : v;
  }

  private Reject reject(String... changes) {
    RecordCleaner.Outcome o = cleaner.clean("test.csv", 7, row(changes));
    assertNull(o.values());
    return o.reject();
  }

  @Test
  void labeledValuesBecomeCanonicalValues() {
    RecordCleaner.Outcome o = cleaner.clean("test.csv", 7, row());
    assertEquals("test.csv", value(o, "source_file"));
    assertEquals(7L, value(o, "line_number"));
    assertEquals("00012345", value(o, "patient_id"));
    assertEquals(0, value(o, "sequence_number"));
    assertEquals(true, value(o, "first_primary"));
    assertEquals("male", value(o, "sex"));
    assertEquals(52, value(o, "age"));
    assertEquals("other", value(o, "race"));
    assertEquals("C11.1", value(o, "primary_site"));
    assertEquals(8072, value(o, "histology"));
    assertEquals("hospital", value(o, "reporting_source"));
    assertEquals("yes", value(o, "mets_bone"));
    assertEquals("unknown", value(o, "mets_liver"));
    assertNull(value(o, "mets_lung"), "Not applicable is missing");
    assertNull(value(o, "mets_distant_ln"), "Blank(s) is missing");
    assertEquals("beam", value(o, "radiation"));
    assertEquals(23, value(o, "survival_months"));
    assertEquals("dead_this_cancer", value(o, "cause_specific_death"));
    assertEquals("$75,000+", value(o, "income"));
    assertEquals("metro", value(o, "rurality"));
  }

  @Test
  void ageOf85AndOverIs85() {
    assertEquals(85, value(cleaner.clean("f", 2, row("Age recode with single ages and 85+", "85+ years")), "age"));
  }

  @Test
  void stageComesFromTheSystemOfTheDiagnosisYear() {
    RecordCleaner.Outcome ajcc = cleaner.clean("f", 2, row("Year of diagnosis", "2015",
        "Derived SEER Combined M (2016-2017)", "c0"));
    assertEquals("ajcc7", value(ajcc, "staging_system"));
    assertEquals("T3", value(ajcc, "t_stage"));
    assertEquals("M1", value(ajcc, "m_stage"));
    RecordCleaner.Outcome combined = cleaner.clean("f", 2, row("Year of diagnosis", "2016",
        "Derived SEER Combined T (2016-2017)", "c4", "Derived SEER Combined N (2016-2017)", "c1",
        "Derived SEER Combined M (2016-2017)", "p1"));
    assertEquals("seer_combined", value(combined, "staging_system"));
    assertEquals("T4", value(combined, "t_stage"));
    assertEquals("N1", value(combined, "n_stage"));
    assertEquals("M1", value(combined, "m_stage"), "the AJCC 7th M1 of a 2016 diagnosis is not read");
    RecordCleaner.Outcome blank2017 = cleaner.clean("f", 2, row("Year of diagnosis", "2017"));
    assertNull(value(blank2017, "m_stage"), "a 2017 row with only AJCC 7th columns filled has no M");
    RecordCleaner.Outcome eod = cleaner.clean("f", 2, row("Year of diagnosis", "2018",
        "Derived EOD 2018 T (2018+)", "T2a", "Derived EOD 2018 N (2018+)", "NX", "Derived EOD 2018 M (2018+)", "M1b"));
    assertEquals("eod2018", value(eod, "staging_system"));
    assertEquals("T2", value(eod, "t_stage"));
    assertEquals("NX", value(eod, "n_stage"));
    assertEquals("M1", value(eod, "m_stage"));
    RecordCleaner.Outcome early = cleaner.clean("f", 2, row("Year of diagnosis", "2009"));
    assertNull(value(early, "staging_system"));
    assertNull(value(early, "m_stage"));
  }

  @Test
  void everyRejectReasonNamesItsFieldAndValue() {
    assertEquals(new Reject("missing_required", "patient_id", ""), reject("Patient ID", ""));
    assertEquals(new Reject("unparseable_number", "age", "about 60 years"),
        reject("Age recode with single ages and 85+", "about 60 years"));
    assertEquals(new Reject("unparseable_number", "survival_months", "12.5"), reject("Survival months", "12.5"));
    assertEquals(new Reject("value_not_in_dictionary", "sex", "M"), reject("Sex", "M"));
    assertEquals(new Reject("out_of_range", "year_of_diagnosis", "1899"), reject("Year of diagnosis", "1899"));
    assertEquals(new Reject("pattern_mismatch", "primary_site", "Nasopharynx"),
        reject("Primary Site - labeled", "Nasopharynx"));
    RecordCleaner.Outcome shortRow = cleaner.clean("f", 9, Arrays.copyOf(row(), HEADER.size() - 1));
    assertEquals("wrong_field_count", shortRow.reject().reason());
  }

  @Test
  void unknownSurvivalIsMissingNotRejected() {
    assertNull(value(cleaner.clean("f", 2, row("Survival months", "Unknown")), "survival_months"));
  }

  @Test
  void anOptionalColumnMissingFromTheHeaderLeavesItsFieldEmpty() {
    String income = "Median household income inflation adj to 2021";
    List<String> header = HEADER.stream().filter(c -> !c.equals(income)).toList();
    String[] row = row();
    String[] without = new String[header.size()];
    for (int i = 0, j = 0; i < HEADER.size(); i++) {
      if (!HEADER.get(i).equals(income)) {
        without[j++] = row[i];
      }
    }
    RecordCleaner.Outcome o = new RecordCleaner(MAPPING, header, "f").clean("f", 2, without);
    assertNull(value(o, "income"));
    assertEquals("metro", value(o, "rurality"));
  }

  @Test
  void aMappedColumnMissingFromTheHeaderNamesColumnAndFile() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> new RecordCleaner(MAPPING, HEADER.stream().filter(c -> !c.equals("Patient ID")).toList(),
            "extract-2020.csv"));
    assertTrue(e.getMessage().contains("Patient ID") && e.getMessage().contains("extract-2020.csv"), e.getMessage());
  }
}
