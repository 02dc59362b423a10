package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.testing.LocalSpark;

/**
 * The analysis's input contract on small cohort tables written out by hand: each broken table stops the
 * analysis before any task with a message naming the column, the count and example rows; a good one gives
 * the counts of rows left out (the analysis_inputs mart), counted here by hand.
 */
class CohortContractTest {
  private static final SparkSession SPARK = LocalSpark.session();
  private static final String HEADER = "id,time,status,arm,age";

  private static AnalysisSpec spec(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(Map.of("analyze.id", "id", "analyze.time", "time",
        "analyze.status.column", "status", "analyze.treatment.column", "arm", "analyze.treatment.reference", "A",
        "analyze.treatment.treated", "B", "analyze.covariates.continuous", "[\"age\"]", "analyze.models", "[\"crude\"]",
        "analyze.propensity.matching.enabled", "false", "analyze.propensity.weighting.estimands", "[]"));
    all.putAll(overrides);
    return PipelineSettings.from(ConfigLoader.load(List.of(), all)).analyze();
  }

  private static AnalysisSpec spec() {
    return spec(Map.of());
  }

  /** A cohort table as a CSV reader gives it: every column text, "NA" and empty cells missing. */
  private static Dataset<Row> table(String... lines) {
    List<String> all = new ArrayList<>(List.of(HEADER));
    all.addAll(List.of(lines));
    return SPARK.read().option("header", "true").option("nullValue", "NA")
        .csv(SPARK.createDataset(all, Encoders.STRING()));
  }

  /** Ten good rows, five per arm, two events in each. */
  private static List<String> good() {
    List<String> rows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rows.add(i + "," + (i * 3) + "," + (i % 5 < 2 ? 1 : 0) + "," + (i <= 5 ? "A" : "B") + "," + (40 + i));
    }
    return rows;
  }

  private static String[] with(String... extra) {
    List<String> rows = new ArrayList<>(good());
    rows.addAll(List.of(extra));
    return rows.toArray(new String[0]);
  }

  private static CohortContractException broken(AnalysisSpec spec, Dataset<Row> table) {
    return assertThrows(CohortContractException.class, () -> new AnalyzeStage(spec).run(table));
  }

  @Test
  void negativeTimesStopTheAnalysisNamingTheColumnCountAndIds() {
    CohortContractException e = broken(spec(), table(with("11,-2,1,A,50", "12,-0.5,0,B,60")));
    assertFalse(e.dataQuality(), "a bad input: exit 2");
    assertTrue(e.getMessage().contains("column 'time'") && e.getMessage().contains("2 negative or infinite times")
        && e.getMessage().contains("id 11 (time -2)") && e.getMessage().contains("id 12 (time -0.5)"), e.getMessage());
  }

  @Test
  void aHeaderOnlyTableStopsTheAnalysis() {
    CohortContractException e = broken(spec(), table());
    assertFalse(e.dataQuality());
    assertTrue(e.getMessage().contains("no rows"), e.getMessage());
  }

  @Test
  void duplicatedIdsStopTheAnalysis() {
    CohortContractException e = broken(spec(), table(with("10,7,1,A,50", "10,8,0,B,51", "3,9,0,B,52")));
    assertFalse(e.dataQuality());
    assertTrue(e.getMessage().contains("column 'id' (analyze.id): 2 ids are on more than one row (5 rows in all)")
        && e.getMessage().contains("id 10 (3 rows)") && e.getMessage().contains("id 3 (2 rows)"), e.getMessage());
  }

  @Test
  void anIdColumnIsOnlyCheckedWhenSet() {
    List<String> rows = new ArrayList<>(good());
    rows.add("10,7,1,A,50");
    rows.add("10,8,0,B,51");
    assertEquals(12, new CohortContract(spec(Map.of("analyze.id", ""))).check(table(rows.toArray(new String[0])))
        .stream().filter(r -> r.reason().equals("analysed")).findFirst().orElseThrow().rows());
  }

  @Test
  void anAbsentTreatedLevelStopsTheAnalysis() {
    List<String> oneArm = good().stream().map(r -> r.replace(",B,", ",C,")).toList();
    CohortContractException e = broken(spec(), table(oneArm.toArray(new String[0])));
    assertFalse(e.dataQuality());
    assertTrue(e.getMessage().contains("column 'arm' (analyze.treatment): the treated level 'B' does not occur in "
        + "the 10 rows; other levels: 'C' (5 rows)"), e.getMessage());
  }

  @Test
  void statusValuesOutsideTheDeclaredCodesAreListed() {
    CohortContractException e = broken(spec(), table(with("11,4,3,A,50", "12,5,9,B,50", "13,6,3,B,50")));
    assertFalse(e.dataQuality());
    assertTrue(e.getMessage().contains("column 'status' (status of outcome primary): 3 rows with values that are "
        + "not declared codes: '3' (2 rows), '9' (1 row)"), e.getMessage());
    assertTrue(e.getMessage().contains("censored [0]"), e.getMessage());
    // declared as censored, the same rows are analysed
    assertEquals(13, new CohortContract(spec(Map.of("analyze.status.censored", "[0, 3, 9]")))
        .check(table(with("11,4,3,A,50", "12,5,9,B,50", "13,6,3,B,50"))).stream()
        .filter(r -> r.reason().equals("analysed")).findFirst().orElseThrow().rows());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    CohortContractException e = broken(spec(), table(with("11,-4,1,A,50", "12,5,7,B,50", "12,6,0,B,50")));
    assertTrue(e.getMessage().contains("(3 problems)"), e.getMessage());
  }

  @Test
  void tooFewEventsPerArmFailTheDataQualityGate() {
    // arm B has no event at all
    List<String> noEventsInB = new ArrayList<>();
    for (String r : good()) {
      String[] f = r.split(",");
      noEventsInB.add(f[3].equals("B") ? f[0] + "," + f[1] + ",0,B," + f[4] : r);
    }
    CohortContractException e = broken(spec(), table(noEventsInB.toArray(new String[0])));
    assertTrue(e.dataQuality(), "a data-quality failure: exit 3");
    assertTrue(e.getMessage().contains("outcome primary: arm 'B' has 0 events (status [1] in column 'status') in 5 "
        + "rows, fewer than analyze.min-events-per-arm = 1"), e.getMessage());
    // the minimum is configurable
    CohortContractException rows6 = broken(spec(Map.of("analyze.min-rows-per-arm", "6",
        "analyze.min-events-per-arm", "0")), table(noEventsInB.toArray(new String[0])));
    assertTrue(rows6.dataQuality());
    assertTrue(rows6.getMessage().contains("arm 'A' has 5 rows with time and status known, fewer than "
        + "analyze.min-rows-per-arm = 6"), rows6.getMessage());
  }

  @Test
  void rowsLeftOutAreCountedByReason() {
    Dataset<Row> t = table(with("11,NA,1,A,50", "12,,0,B,51", "13,soon,0,B,52", "14,8,NA,A,53", "15,9,1,C,54",
        "16,9,1,NA,55", "17,NA,NA,NA,56"));
    Map<String, Long> counts = new HashMap<>();
    new CohortContract(spec()).check(t).forEach(r -> counts.put(r.outcome() + "/" + r.reason(), r.rows()));
    // by hand: 17 rows; 16 and 17 have no arm, 15 another arm; of the rest 11 and 12 have no time, 13 an
    // unreadable one, 14 no status; the 10 good rows are analysed
    assertEquals(Map.of("null/rows_read", 17L, "null/missing_treatment", 2L, "null/other_treatment", 1L,
        "primary/missing_time", 2L, "primary/unreadable_time", 1L, "primary/missing_status", 1L,
        "primary/analysed", 10L), counts);
  }
}
