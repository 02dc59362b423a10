package org.npcoutcomes.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.ingest.ExtractReader;
import org.npcoutcomes.ingest.SourceMapping;
import org.npcoutcomes.testing.LocalSpark;

/**
 * The same four patients written by hand as a labeled SEER*Stat listing (CSV), a coded SEER*Stat
 * listing (tab-separated) and an NCDB PUF extract (CSV) give the same canonical records through the
 * three mapping files, except where a format lacks an item.
 */
class SourceFormatsTest {
  @TempDir
  static Path dir;
  static Map<String, Map<String, Object>> labeled;
  static Map<String, Map<String, Object>> coded;
  static Map<String, Map<String, Object>> ncdb;

  /** Column -> value of each of the four patients, in the order P1..P4. */
  private static final String[][] LABELED = {
      {"Patient ID", "00000001", "00000002", "00000003", "00000004"},
      {"Sequence number", "One primary only", "1st of 2 or more primaries", "One primary only", "2nd of 2 or more primaries"},
      {"First malignant primary indicator", "Yes", "Yes", "Yes", "No"},
      {"SEER registry (with CA and GA as whole states)", "Utah", "Hawaii", "Iowa", "Utah"},
      {"Sex", "Male", "Female", "Male", "Male"},
      {"Age recode with single ages and 85+", "52 years", "40 years", "67 years", "45 years"},
      {"Race recode (White, Black, Other)", "White", "Black",
          "Other (American Indian/AK Native, Asian/Pacific Islander)", "Unknown"},
      {"Year of diagnosis", "2012", "2016", "2019", "2014"},
      {"Site recode ICD-O-3/WHO 2008", "Nasopharynx", "Nasopharynx", "Nasopharynx", "Lung and Bronchus"},
      {"Primary Site - labeled", "C11.1-Posterior wall of nasopharynx", "C11.9-Nasopharynx, NOS",
          "C11.2-Lateral wall of nasopharynx", "C34.1-Upper lobe, lung"},
      {"Histologic Type ICD-O-3", "8072", "8071", "8020", "8140"},
      {"Behavior code ICD-O-3", "Malignant", "Malignant", "Malignant", "In situ"},
      {"Type of Reporting Source", "Hospital inpatient/outpatient or clinic", "Hospital inpatient/outpatient or clinic",
          "Radiation treatment or medical oncology center (2006+)", "Hospital inpatient/outpatient or clinic"},
      {"Derived AJCC T, 7th ed (2010-2015)", "T3", "Blank(s)", "Blank(s)", "TX"},
      {"Derived AJCC N, 7th ed (2010-2015)", "N2", "Blank(s)", "Blank(s)", "N0"},
      {"Derived AJCC M, 7th ed (2010-2015)", "M1", "Blank(s)", "Blank(s)", "M0"},
      {"Derived SEER Combined T (2016-2017)", "Blank(s)", "c4", "Blank(s)", "Blank(s)"},
      {"Derived SEER Combined N (2016-2017)", "Blank(s)", "c1", "Blank(s)", "Blank(s)"},
      {"Derived SEER Combined M (2016-2017)", "Blank(s)", "p1", "Blank(s)", "Blank(s)"},
      {"Derived EOD 2018 T (2018+)", "Blank(s)", "Blank(s)", "T2a", "Blank(s)"},
      {"Derived EOD 2018 N (2018+)", "Blank(s)", "Blank(s)", "NX", "Blank(s)"},
      {"Derived EOD 2018 M (2018+)", "Blank(s)", "Blank(s)", "M1b", "Blank(s)"},
      {"SEER Combined Mets at DX-bone (2010+)", "Yes", "No", "Yes", "No"},
      {"SEER Combined Mets at DX-brain (2010+)", "No", "No", "Unknown", "No"},
      {"SEER Combined Mets at DX-liver (2010+)", "Unknown", "Yes", "No", "No"},
      {"SEER Combined Mets at DX-lung (2010+)", "Not applicable", "No", "Yes", "No"},
      {"Mets at DX-Distant LN (2016+)", "Blank(s)", "Yes", "No", "Blank(s)"},
      {"Radiation recode", "Beam radiation", "None/Unknown", "Beam radiation", "Radioisotopes (1988+)"},
      {"Chemotherapy recode (yes, no/unk)", "Yes", "Yes", "No/Unknown", "No/Unknown"},
      {"RX Summ--Surg Prim Site (1998+)", "00", "00", "00", "30"},
      {"Survival months", "0023", "0007", "0014", "0120"},
      {"Survival months flag", "Complete dates are available and there are more than 0 days of survival",
          "Complete dates are available and there are more than 0 days of survival",
          "Complete dates are available and there are more than 0 days of survival",
          "Complete dates are available and there are more than 0 days of survival"},
      {"Vital status recode (study cutoff used)", "Dead", "Alive", "Dead", "Alive"},
      {"SEER cause-specific death classification", "Dead (attributable to this cancer dx)",
          "Alive or dead of other cause", "Alive or dead of other cause", "N/A not first tumor"},
      {"SEER other cause of death classification", "Alive or dead due to cancer", "Alive or dead due to cancer",
          "Dead (attributable to causes other than this cancer dx)", "N/A not first tumor"},
      {"Marital status at diagnosis", "Married (including common law)", "Single (never married)", "Widowed",
          "Unknown"},
      {"Median household income inflation adj to 2021", "$75,000+", "$40,000 - $44,999", "< $40,000",
          "Unknown/missing/no match/Not 1990-2021"},
      {"Rural-Urban Continuum Code", "Counties in metropolitan areas ge 1 million pop",
          "Nonmetropolitan counties adjacent to a metropolitan area",
          "Nonmetropolitan counties not adjacent to a metropolitan area",
          "Counties in metropolitan areas of lt 250 thousand pop"}};

  /** The same patients with SEER*Stat codes (some zero-padded, as exports write them). */
  private static final String[][] CODED = {
      {"Patient ID", "00000001", "00000002", "00000003", "00000004"},
      {"Sequence number", "00", "01", "00", "02"},
      {"First malignant primary indicator", "1", "1", "1", "0"},
      {"SEER registry (with CA and GA as whole states)", "1544", "1501", "1505", "1544"},
      {"Sex", "1", "2", "1", "1"},
      {"Age recode with single ages and 85+", "52", "40", "67", "45"},
      {"Race recode (White, Black, Other)", "1", "2", "3", "9"},
      {"Year of diagnosis", "2012", "2016", "2019", "2014"},
      {"Site recode ICD-O-3/WHO 2008", "20030", "20030", "20030", "22030"},
      {"Primary Site - labeled", "111", "119", "112", "341"},
      {"Histologic Type ICD-O-3", "8072", "8071", "8020", "8140"},
      {"Behavior code ICD-O-3", "3", "3", "3", "2"},
      {"Type of Reporting Source", "1", "1", "2", "1"},
      {"Derived AJCC T, 7th ed (2010-2015)", "30", "", "", "99"},
      {"Derived AJCC N, 7th ed (2010-2015)", "20", "", "", "00"},
      {"Derived AJCC M, 7th ed (2010-2015)", "10", "", "", "00"},
      {"Derived SEER Combined T (2016-2017)", "", "c4", "", ""},
      {"Derived SEER Combined N (2016-2017)", "", "c1", "", ""},
      {"Derived SEER Combined M (2016-2017)", "", "p1", "", ""},
      {"Derived EOD 2018 T (2018+)", "", "", "T2a", ""},
      {"Derived EOD 2018 N (2018+)", "", "", "NX", ""},
      {"Derived EOD 2018 M (2018+)", "", "", "M1b", ""},
      {"SEER Combined Mets at DX-bone (2010+)", "1", "0", "1", "0"},
      {"SEER Combined Mets at DX-brain (2010+)", "0", "0", "9", "0"},
      {"SEER Combined Mets at DX-liver (2010+)", "9", "1", "0", "0"},
      {"SEER Combined Mets at DX-lung (2010+)", "8", "0", "1", "0"},
      {"Mets at DX-Distant LN (2016+)", "", "1", "0", ""},
      {"Radiation recode", "1", "0", "1", "3"},
      {"Chemotherapy recode (yes, no/unk)", "1", "1", "0", "0"},
      {"RX Summ--Surg Prim Site (1998+)", "00", "00", "00", "30"},
      {"Survival months", "0023", "0007", "0014", "0120"},
      {"Survival months flag", "1", "1", "1", "1"},
      {"Vital status recode (study cutoff used)", "4", "1", "4", "1"},
      {"SEER cause-specific death classification", "1", "0", "0", "9"},
      {"SEER other cause of death classification", "0", "0", "1", "9"},
      {"Marital status at diagnosis", "2", "1", "5", "9"},
      {"Median household income inflation adj to 2021", "9", "2", "1", "99"},
      {"Rural-Urban Continuum Code", "01", "04", "05", "03"}};

  /** The same patients as NCDB codes them, with two columns the mapping does not read. */
  private static final String[][] NCDB = {
      {"PUF_CASE_ID", "00000001", "00000002", "00000003", "00000004"},
      {"FACILITY_TYPE_CD", "3", "2", "1", "3"},
      {"SEQUENCE_NUMBER", "00", "01", "00", "02"},
      {"SEX", "1", "2", "1", "1"},
      {"AGE", "052", "040", "067", "045"},
      {"RACE", "01", "02", "04", "99"},
      {"YEAR_OF_DIAGNOSIS", "2012", "2016", "2019", "2014"},
      {"PRIMARY_SITE", "C111", "C119", "C112", "C341"},
      {"HISTOLOGY", "8072", "8071", "8020", "8140"},
      {"BEHAVIOR", "3", "3", "3", "2"},
      {"TNM_CLIN_T", "3", "4", "c2A", "X"},
      {"TNM_CLIN_N", "2", "1", "cX", "0"},
      {"TNM_CLIN_M", "1", "1", "c1B", "0"},
      {"CS_METS_DX_BONE", "1", "", "", "0"},
      {"CS_METS_DX_BRAIN", "0", "", "", "0"},
      {"CS_METS_DX_LIVER", "9", "", "", "0"},
      {"CS_METS_DX_LUNG", "8", "", "", "0"},
      {"METS_AT_DX_BONE", "", "0", "1", ""},
      {"METS_AT_DX_BRAIN", "", "0", "9", ""},
      {"METS_AT_DX_LIVER", "", "1", "0", ""},
      {"METS_AT_DX_LUNG", "", "0", "1", ""},
      {"METS_AT_DX_DISTANT_LN", "", "1", "0", ""},
      {"CDCC_TOTAL_BEST", "0", "1", "0", "2"},
      {"RX_SUMM_RADIATION", "1", "0", "1", "3"},
      {"RX_SUMM_CHEMO", "03", "02", "00", "87"},
      {"RX_SUMM_SURG_PRIM_SITE", "00", "00", "00", "30"},
      {"DX_LASTCONTACT_DEATH_MONTHS", "23.65", "7.2", "14.00", "120.49"},
      {"PUF_VITAL_STATUS", "0", "1", "0", "1"},
      {"MED_INC_QUAR_2016", "4", "2", "1", ""},
      {"UR_CD_13", "1", "4", "7", "3"}};

  private static final List<String> SHARED_WITH_NCDB = List.of("patient_id", "sequence_number", "sex", "age", "race",
      "year_of_diagnosis", "primary_site", "histology", "behavior", "t_stage", "n_stage", "m_stage", "mets_bone",
      "mets_brain", "mets_liver", "mets_lung", "mets_distant_ln", "radiation", "chemotherapy", "surgery",
      "survival_months", "vital_status", "rurality");
  private static final List<String> NOT_IN_NCDB = List.of("registry", "site_recode", "reporting_source",
      "first_primary", "survival_months_flag", "cause_specific_death", "other_cause_death", "marital_status");
  /** Kept as the export's codes in the coded mapping (their tables differ between SEER releases). */
  private static final List<String> CODES_KEPT = List.of("registry", "site_recode", "income");

  @BeforeAll
  static void read() throws IOException {
    labeled = records("labeled.csv", LABELED, ',', "seer-labeled.conf");
    coded = records("coded.txt", CODED, '\t', "seer-coded.conf");
    ncdb = records("ncdb.csv", NCDB, ',', "ncdb-puf.conf");
  }

  private static Map<String, Map<String, Object>> records(String name, String[][] columns, char delimiter,
      String mapping) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int row = 0; row <= 4; row++) {
      int r = row;
      lines.add(java.util.Arrays.stream(columns).map(c -> quote(c[r], delimiter))
          .collect(Collectors.joining(String.valueOf(delimiter))));
    }
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    SourceMapping m = SourceMapping.load(Path.of("..", "conf", "sources", mapping));
    CleanStage.CleanOutput out = new CleanStage(m).run(
        new ExtractReader(m).read(LocalSpark.session(), List.of(file.toString())), dir.resolve("work-" + name).toString());
    assertEquals(0, out.rejects().count(), () -> name + " rejects: " + out.rejects().collectAsList());
    Map<String, Map<String, Object>> byPatient = new TreeMap<>();
    for (Row r : out.clean().collectAsList()) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (String f : r.schema().fieldNames()) {
        values.put(f, r.getAs(f));
      }
      byPatient.put(r.getAs("patient_id"), values);
    }
    assertEquals(4, byPatient.size(), name);
    return byPatient;
  }

  private static String quote(String v, char delimiter) {
    return v.indexOf(delimiter) >= 0 ? "\"" + v + "\"" : v;
  }

  @Test
  void codedListingGivesTheLabeledRecords() {
    for (String id : labeled.keySet()) {
      for (String field : CanonicalSchema.SCHEMA.fieldNames()) {
        if (!field.equals("source_file") && !CODES_KEPT.contains(field)) {
          assertEquals(labeled.get(id).get(field), coded.get(id).get(field), id + " " + field);
        }
      }
    }
  }

  @Test
  void ncdbGivesTheLabeledRecordsForWhatItCollects() {
    for (String id : labeled.keySet()) {
      for (String field : SHARED_WITH_NCDB) {
        assertEquals(labeled.get(id).get(field), ncdb.get(id).get(field), id + " " + field);
      }
      for (String field : NOT_IN_NCDB) {
        assertNull(ncdb.get(id).get(field), id + " " + field);
      }
    }
  }

  @Test
  void theRecordsHoldWhatWasWrittenByHand() {
    Map<String, Object> p1 = labeled.get("00000001");
    assertEquals("C11.1", p1.get("primary_site"));
    assertEquals("T3", p1.get("t_stage"));
    assertEquals("M1", p1.get("m_stage"));
    assertEquals("ajcc7", p1.get("staging_system"));
    assertNull(p1.get("mets_lung"), "not applicable is missing");
    assertEquals(23, p1.get("survival_months"));
    assertEquals("dead_this_cancer", p1.get("cause_specific_death"));
    Map<String, Object> p3 = ncdb.get("00000003");
    assertEquals("ajcc8", p3.get("staging_system"));
    assertEquals("T2", p3.get("t_stage"));
    assertEquals("NX", p3.get("n_stage"));
    assertEquals("no", p3.get("mets_distant_ln"), "read from the 2016+ column");
    assertEquals("other", p3.get("race"));
    assertEquals(14, p3.get("survival_months"));
    assertEquals("nonmetro_not_adjacent", p3.get("rurality"));
    assertEquals("no_unknown", ncdb.get("00000004").get("chemotherapy"), "87: refused");
    assertEquals("TX", coded.get("00000004").get("t_stage"), "coded 99 is TX");
    assertEquals(2, coded.get("00000004").get("sequence_number"));
    assertTrue(ncdb.get("00000001").get("mets_distant_ln") == null, "no distant-node item before 2016");
  }
}
