package org.npcoutcomes.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.cohort.AttritionStep;
import org.npcoutcomes.config.PrivacySettings;
import org.npcoutcomes.config.PrivacySettings.Policy;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.plan.AnalysisResult;
import org.npcoutcomes.stats.TableOne;

/**
 * Hand-made tables where withholding only the small counts, or the next smallest count, would leave a small
 * count worked out or narrowed from the totals and counts published beside it; after suppression the attacker
 * ({@link Intruder}: the linear programs of the relations a reader knows) finds every small count free to be
 * any of 1..min-cell - 1.
 */
class SmallCellSuppressionTest {
  private static final SmallCellSuppression CMS = new SmallCellSuppression(PrivacySettings.of(Policy.CMS, 11));
  private static final SmallCellSuppression USCS = new SmallCellSuppression(PrivacySettings.of(Policy.USCS, 16));
  private static final SmallCellSuppression NONE = new SmallCellSuppression(PrivacySettings.none());

  private static Object get(MartTable t, int row, String column) {
    return t.rows().get(row).get(t.schema().fieldIndex(column));
  }

  private static Double number(MartTable t, int row, String column) {
    Object v = get(t, row, column);
    return v == null ? null : ((Number) v).doubleValue();
  }

  /** Why a cell was withheld, from the row's suppressed column; null when published. */
  private static String reason(MartTable t, int row, String column) {
    Object why = get(t, row, SmallCellSuppression.FLAG);
    if (why == null) {
      return null;
    }
    for (String part : why.toString().split(",")) {
      if (part.startsWith(column + ":")) {
        return part.substring(column.length() + 1);
      }
    }
    return null;
  }

  private static boolean flagged(MartTable t, int row) {
    return get(t, row, SmallCellSuppression.FLAG) != null;
  }

  /** A published cell as the attacker reads it. */
  private static void cell(Intruder attack, String name, MartTable t, int row, String column) {
    attack.cell(name, number(t, row, column), "small".equals(reason(t, row, column)));
  }

  // ---- Table 1

  /** Variable v: levels a/b/c with 50/7/43 in CHT (total 100, known from the percentages) and 60/30/20. */
  private static MartTable tableOne() {
    Map<String, long[]> v = new LinkedHashMap<>();
    v.put("a", new long[] {50, 60});
    v.put("b", new long[] {7, 30});
    v.put("c", new long[] {43, 20});
    Map<String, long[]> sex = new LinkedHashMap<>();
    sex.put("female", new long[] {40, 45});
    sex.put("male", new long[] {60, 65});
    List<TableOne.Row> rows = new ArrayList<>(TableOne.categorical("v", v, "CHT", "CHT+RT"));
    rows.addAll(TableOne.categorical("sex", sex, "CHT", "CHT+RT"));
    return MartTable.of(TableOne.Row.class, rows);
  }

  private static MartTable baseline(SmallCellSuppression s, MartTable t) {
    Map<Mart, MartTable> marts = new EnumMap<>(Mart.class);
    marts.put(Mart.BASELINE, t);
    return s.analysis(marts, "CHT", "CHT+RT").get(Mart.BASELINE);
  }

  /** The relations a reader of Table 1 has: each arm's levels add up to its total, each level's arms too. */
  private static Intruder tableOneAttack(MartTable t) {
    Intruder r = new Intruder(11).known("total CHT", 100).known("total CHT+RT", 110);
    for (int i = 0; i < 6; i++) {
      cell(r, get(t, i, "level") + " " + get(t, i, "arm"), t, i, "n");
    }
    for (String level : List.of("a", "b", "c")) {
      r.hidden("level " + level).sum("level " + level, List.of(level + " CHT", level + " CHT+RT"));
    }
    return r.sum("total CHT", List.of("a CHT", "b CHT", "c CHT"))
        .sum("total CHT+RT", List.of("a CHT+RT", "b CHT+RT", "c CHT+RT"));
  }

  /** Table 1 as published with only the small count withheld. */
  private static MartTable onlySmallWithheld(MartTable t) {
    List<Row> rows = new ArrayList<>();
    StructType schema = baseline(NONE, t).schema();
    for (Row r : baseline(NONE, t).rows()) {
      Object[] v = new Object[schema.size()];
      for (int c = 0; c < v.length; c++) {
        v[c] = r.get(c);
      }
      long n = ((Number) r.getAs("n")).longValue();
      if (n > 0 && n < 11) {
        v[schema.fieldIndex("n")] = null;
        v[schema.fieldIndex(SmallCellSuppression.FLAG)] = "n:small";
      }
      rows.add(new GenericRowWithSchema(v, schema));
    }
    return new MartTable(schema, rows);
  }

  @Test
  void tableOneWithholdsAComplementaryLevelSoTheTotalDoesNotGiveTheSmallOneAway() {
    MartTable before = tableOne();
    assertEquals(List.of("b CHT in [7.0, 7.0]"), tableOneAttack(onlySmallWithheld(before)).narrowed(),
        "withholding only the 7 leaks it: 100 - 50 - 43");

    MartTable after = baseline(CMS, before);
    assertNull(get(after, 2, "n"), "7 withheld");
    assertEquals("small", reason(after, 2, "n"));
    assertNull(get(after, 2, "percent"), "its percentage too");
    assertNull(get(after, 4, "n"), "43, the smallest level of the arm that leaves 7 free, withheld with it");
    assertEquals("complementary", reason(after, 4, "n"));
    assertNull(get(after, 4, "percent"));
    assertEquals(50.0, number(after, 0, "n"));
    assertEquals(50.0, number(after, 0, "percent"), 1e-12);
    for (int i = 0; i < 6; i++) {
      assertNull(get(after, i, "p_value"), "the test would give the cells away");
      assertNull(get(after, i, "smd"));
      assertTrue(flagged(after, i));
    }
    for (int i = 1; i < 6; i += 2) {
      assertNotNull(get(after, i, "n"), "CHT+RT has no small level");
    }
    for (int i = 6; i < 10; i++) {
      assertFalse(flagged(after, i), "sex is not touched");
      assertNotNull(get(after, i, "p_value"));
    }
    assertEquals(List.of(), tableOneAttack(after).narrowed());
  }

  @Test
  void twoSmallLevelsOfOneArmDoNotProtectEachOther() {
    // CHT: 79 / 7 / 2 / 12 (100); withholding 7 and 2 alone leaves 7 + 2 = 9, so 7 <= 8 and 2 <= 8
    Map<String, long[]> v = new LinkedHashMap<>();
    v.put("a", new long[] {79, 60});
    v.put("b", new long[] {7, 30});
    v.put("c", new long[] {2, 20});
    v.put("d", new long[] {12, 40});
    MartTable before = MartTable.of(TableOne.Row.class, TableOne.categorical("v", v, "CHT", "CHT+RT"));
    java.util.function.Function<MartTable, Intruder> attack = t -> {
      Intruder r = new Intruder(11).known("total CHT", 100).known("total CHT+RT", 150);
      for (int i = 0; i < 8; i++) {
        cell(r, get(t, i, "level") + " " + get(t, i, "arm"), t, i, "n");
      }
      for (String level : List.of("a", "b", "c", "d")) {
        r.hidden("level " + level).sum("level " + level, List.of(level + " CHT", level + " CHT+RT"));
      }
      return r.sum("total CHT", List.of("a CHT", "b CHT", "c CHT", "d CHT"))
          .sum("total CHT+RT", List.of("a CHT+RT", "b CHT+RT", "c CHT+RT", "d CHT+RT"));
    };
    assertEquals(List.of("b CHT in [1.0, 8.0]", "c CHT in [1.0, 8.0]"),
        attack.apply(onlySmallWithheld(before)).narrowed());
    MartTable after = baseline(CMS, before);
    assertEquals(List.of(), attack.apply(after).narrowed());
    assertEquals("complementary", reason(after, 6, "n"), "12, the smallest count that frees them");
    assertEquals(79.0, number(after, 0, "n"));
  }

  // ---- attrition

  private static MartTable attrition(long... remaining) {
    List<AttritionStep> steps = new ArrayList<>();
    String[] rules = {"all-records", "site", "stage", "age", "arm-assigned"};
    for (int i = 0; i < remaining.length; i++) {
      steps.add(new AttritionStep(i, rules[i], "Rule " + rules[i], remaining[i], i == 0 ? 0 : remaining[i - 1]
          - remaining[i]));
    }
    return MartTable.of(AttritionStep.class, steps);
  }

  /** The flow as a reader has it: each remaining count is the previous one minus the step's exclusions. */
  private static Intruder attritionAttack(MartTable t) {
    Intruder r = new Intruder(11);
    for (int i = 0; i < t.rows().size(); i++) {
      cell(r, "remaining " + i, t, i, "remaining");
      cell(r, "excluded " + i, t, i, "excluded");
    }
    for (int i = 1; i < t.rows().size(); i++) {
      r.sum("remaining " + (i - 1), List.of("excluded " + i, "remaining " + i));
    }
    return r;
  }

  @Test
  void attritionMergesASmallExclusionWithItsNeighbourAndPublishesEveryRemainingCount() {
    MartTable before = attrition(100, 96, 76, 60);
    MartTable naive = NONE.attrition(before);
    Intruder exposed = new Intruder(11).cell("remaining 0", 100.0, false).cell("excluded 1", null, true)
        .cell("remaining 1", 96.0, false).sum("remaining 0", List.of("excluded 1", "remaining 1"));
    assertEquals(List.of("excluded 1 in [4.0, 4.0]"), exposed.narrowed(), "100 - 96 = 4, withheld or not");
    assertEquals(4, naive.rows().size());

    MartTable after = CMS.attrition(before);
    assertEquals(3, after.rows().size(), "site (4) merged with stage (20), the smaller neighbour");
    assertEquals("site+stage", get(after, 1, "rule"));
    assertEquals("Rule site or Rule stage", get(after, 1, "description"));
    assertEquals(24L, get(after, 1, "excluded"));
    assertEquals(76L, get(after, 1, "remaining"));
    assertEquals(1, get(after, 1, "step"));
    assertEquals(List.of(100L, 76L, 60L), after.rows().stream().map(r -> r.getAs("remaining")).toList());
    for (int i = 0; i < 3; i++) {
      assertFalse(flagged(after, i), "nothing withheld");
    }
    assertEquals(List.of(), attritionAttack(after).smallCells());
  }

  @Test
  void attritionMergesSmallExclusionsUntilTheyReachMinCell() {
    MartTable after = CMS.attrition(attrition(100, 97, 92, 80, 60));
    // 3 then 5: 3 merges with its only neighbour (5) into 8, which merges with the smaller of 12 and nothing
    assertEquals(List.of("all-records", "site+stage+age", "arm-assigned"),
        after.rows().stream().map(r -> r.getAs("rule")).toList());
    assertEquals(20L, get(after, 1, "excluded"));
    assertEquals(List.of(100L, 80L, 60L), after.rows().stream().map(r -> r.getAs("remaining")).toList());
  }

  @Test
  void attritionWithFewerExclusionsThanMinCellInAllWithholdsTheOneMergedCount() {
    MartTable after = CMS.attrition(attrition(100, 97, 95));
    assertEquals(2, after.rows().size());
    assertNull(get(after, 1, "excluded"));
    assertEquals("excluded:small", get(after, 1, SmallCellSuppression.FLAG));
    assertEquals(95L, get(after, 1, "remaining"), "the cohort, published by the analysis marts anyway");
  }

  // ---- survival at the report's times

  private static final String ID = "os/overall/kaplan_meier";

  /**
   * One arm: 50 patients, 31 events; at 12, 24, 36 months 35, 20 and 9 at risk, 12, 11 and 5 events since the
   * previous time, so 3 events after 36.
   */
  private static Map<Mart, MartTable> survival() {
    double[][] at = {{12, 35, 12}, {24, 20, 11}, {36, 9, 5}};
    List<AnalysisResult.AtTimeRow> rows = new ArrayList<>();
    for (double[] r : at) {
      rows.add(new AnalysisResult.AtTimeRow(ID, "os", "overall", "kaplan_meier", "CHT", r[0], r[1], r[2], 0.5, 0.05,
          0.4, 0.6, false));
    }
    Map<Mart, MartTable> marts = new EnumMap<>(Mart.class);
    marts.put(Mart.KM_CURVE, MartTable.of(AnalysisResult.KmRow.class, List.of(
        new AnalysisResult.KmRow(ID, "os", "overall", "kaplan_meier", "CHT", 1, 50, 3, 0, 0.94, 0.03, 0.8, 0.99),
        new AnalysisResult.KmRow(ID, "os", "overall", "kaplan_meier", "CHT", 2, 47, 0, 2, 0.94, 0.03, 0.8, 0.99))));
    marts.put(Mart.SURVIVAL_SUMMARY, MartTable.of(AnalysisResult.SummaryRow.class, List.of(
        new AnalysisResult.SummaryRow(ID, "os", "overall", "kaplan_meier", "CHT", 50, 31, 20, 15, 30, 60, 30, 2,
            31, 25))));
    marts.put(Mart.SURVIVAL_AT_TIME, MartTable.of(AnalysisResult.AtTimeRow.class, rows));
    return marts;
  }

  /**
   * What a reader has: the arm's n and events; the number at risk falls by those who left between two times;
   * the events of an interval were at risk at its start; the events after 36 are the rest, and were at risk
   * at 36.
   */
  private static Intruder survivalAttack(Map<Mart, MartTable> marts) {
    MartTable summary = marts.get(Mart.SURVIVAL_SUMMARY);
    MartTable at = marts.get(Mart.SURVIVAL_AT_TIME);
    Intruder r = new Intruder(11);
    cell(r, "n", summary, 0, "n");
    cell(r, "events", summary, 0, "events");
    String previous = "n";
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      cell(r, "risk " + i, at, i, "n_risk");
      cell(r, "event " + i, at, i, "n_event");
      r.hidden("left " + i).sum(previous, List.of("risk " + i, "left " + i));
      r.hidden("not dead " + i).sum(previous, List.of("event " + i, "not dead " + i));
      events.add("event " + i);
      previous = "risk " + i;
    }
    events.add("after");
    return r.hidden("after").sum("events", events).hidden("alive after").sum("risk 2", List.of("after",
        "alive after"));
  }

  @Test
  void theKaplanMeierCountsMoveToTheRestrictedMartAndTheCurveKeepsItsEstimates() {
    Map<Mart, MartTable> after = CMS.analysis(survival(), "CHT", "CHT+RT");
    MartTable km = after.get(Mart.KM_CURVE);
    assertFalse(List.of(km.schema().fieldNames()).contains("n_event"));
    assertEquals(0.94, number(km, 0, "survival"), 1e-12);
    assertEquals(false, get(km, 0, "censored"));
    assertEquals(true, get(km, 1, "censored"));
    MartTable counts = after.get(Mart.KM_COUNTS);
    assertTrue(Mart.KM_COUNTS.restricted());
    assertEquals(3.0, number(counts, 0, "n_event"), "full resolution, restricted");
    assertEquals(47.0, number(counts, 1, "n_risk"));
  }

  @Test
  void theEventsAfterTheLastTimeDoNotNarrowASmallIntervalOrNumberAtRisk() {
    Map<Mart, MartTable> before = survival();
    // withholding only the small counts: 31 - 12 - 11 = 8 events at 36 and after, so the 5 is at most 8
    MartTable at = CMS.analysis(before, "CHT", "CHT+RT").get(Mart.SURVIVAL_AT_TIME);
    Map<Mart, MartTable> naive = new EnumMap<>(Mart.class);
    naive.put(Mart.SURVIVAL_SUMMARY, NONE.analysis(before, "CHT", "CHT+RT").get(Mart.SURVIVAL_SUMMARY));
    MartTable none = NONE.analysis(before, "CHT", "CHT+RT").get(Mart.SURVIVAL_AT_TIME);
    List<Row> rows = new ArrayList<>(none.rows());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      Object[] v = new Object[r.length()];
      for (int c = 0; c < v.length; c++) {
        v[c] = r.get(c);
      }
      if (i == 2) {
        v[none.schema().fieldIndex("n_risk")] = null;
        v[none.schema().fieldIndex("n_event")] = null;
        v[none.schema().fieldIndex(SmallCellSuppression.FLAG)] = "n_risk:small,n_event:small";
      }
      rows.set(i, new GenericRowWithSchema(v, none.schema()));
    }
    naive.put(Mart.SURVIVAL_AT_TIME, new MartTable(none.schema(), rows));
    assertEquals(List.of("event 2 in [1.0, 8.0]"), survivalAttack(naive).narrowed());

    Map<Mart, MartTable> after = CMS.analysis(before, "CHT", "CHT+RT");
    assertEquals("n_risk:small,n_event:small", get(at, 2, SmallCellSuppression.FLAG));
    assertEquals("n_event:complementary", get(at, 1, SmallCellSuppression.FLAG), "11, the smallest that frees it");
    assertEquals(35.0, number(at, 0, "n_risk"), "numbers at risk are not complements when events will do");
    assertEquals(20.0, number(at, 1, "n_risk"));
    assertEquals(50.0, number(after.get(Mart.SURVIVAL_SUMMARY), 0, "n"));
    assertEquals(List.of(), survivalAttack(after).narrowed());
  }

  // ---- policies

  @Test
  void policyNonePublishesEveryCountWithTheFlagNull() {
    MartTable a = NONE.attrition(attrition(100, 96, 76, 60));
    Map<Mart, MartTable> survival = NONE.analysis(survival(), "CHT", "CHT+RT");
    MartTable t1 = baseline(NONE, tableOne());
    for (MartTable t : List.of(a, survival.get(Mart.SURVIVAL_AT_TIME), survival.get(Mart.SURVIVAL_SUMMARY), t1)) {
      assertEquals(SmallCellSuppression.FLAG, t.schema().fieldNames()[t.schema().size() - 1]);
      for (int i = 0; i < t.size(); i++) {
        assertFalse(flagged(t, i));
      }
    }
    assertEquals(4L, get(a, 1, "excluded"), "no merging either");
    assertEquals(5.0, number(survival.get(Mart.SURVIVAL_AT_TIME), 2, "n_event"));
    assertEquals(7.0, number(t1, 2, "n"));
    assertNotNull(get(t1, 2, "p_value"));
    assertEquals(CMS.attrition(attrition(100, 96, 76, 60)).schema(), a.schema(),
        "the schema does not depend on the policy");
  }

  private static final StructType DATA_QUALITY = DataTypes.createStructType(List.of(
      DataTypes.createStructField("source_file", DataTypes.StringType, true),
      DataTypes.createStructField("field", DataTypes.StringType, true),
      DataTypes.createStructField("reason", DataTypes.StringType, true),
      DataTypes.createStructField("rows", DataTypes.LongType, false)));

  private static MartTable table(StructType schema, Object[]... rows) {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(new GenericRowWithSchema(r, schema));
    }
    return new MartTable(schema, out);
  }

  @Test
  void uscsWithholdsCountsBelowSixteen() {
    MartTable dq = table(DATA_QUALITY, new Object[] {"f.csv", "age", "unparseable_number", 40L},
        new Object[] {"f.csv", "sex", "value_not_in_dictionary", 30L},
        new Object[] {"f.csv", "year", "out_of_range", 15L},
        new Object[] {"g.csv", "age", "unparseable_number", 12L},
        new Object[] {"g.csv", "sex", "value_not_in_dictionary", 20L});
    MartTable cms = CMS.dataQuality(dq);
    for (int i = 0; i < 5; i++) {
      assertNotNull(get(cms, i, "rows"), "nothing below 11");
    }
    MartTable uscs = USCS.dataQuality(dq);
    assertNull(get(uscs, 2, "rows"), "15 < 16");
    assertNull(get(uscs, 1, "rows"), "the file's rejects add up to its rejected lines (run manifest): 30 with it");
    assertEquals(40L, get(uscs, 0, "rows"));
    assertNull(get(uscs, 3, "rows"), "12 < 16");
    assertNull(get(uscs, 4, "rows"));
    Intruder attack = new Intruder(16).known("f", 85).known("g", 32);
    for (int i = 0; i < 5; i++) {
      cell(attack, "row" + i, uscs, i, "rows");
    }
    attack.sum("f", List.of("row0", "row1", "row2")).sum("g", List.of("row3", "row4"));
    assertEquals(List.of(), attack.narrowed());
  }

  private static final StructType COMPLETENESS = DataTypes.createStructType(List.of(
      DataTypes.createStructField("field", DataTypes.StringType, false),
      DataTypes.createStructField("year_of_diagnosis", DataTypes.IntegerType, true),
      DataTypes.createStructField("records", DataTypes.LongType, false),
      DataTypes.createStructField("missing", DataTypes.LongType, true),
      DataTypes.createStructField("unknown", DataTypes.LongType, true),
      DataTypes.createStructField("missing_share", DataTypes.DoubleType, true),
      DataTypes.createStructField("unknown_share", DataTypes.DoubleType, true)));

  @Test
  void completenessWithholdsASmallYearEverywhereWithAComplementaryYearAndTheShares() {
    List<Object[]> rows = new ArrayList<>();
    long[] records = {5, 300, 400};
    long[][] missing = {{5, 12, 0}, {0, 30, 40}};
    for (int f = 0; f < 2; f++) {
      for (int y = 0; y < 3; y++) {
        rows.add(new Object[] {f == 0 ? "mets_bone" : "age", 2000 + y, records[y], missing[f][y], 0L,
            (double) missing[f][y] / records[y], 0.0});
      }
    }
    MartTable after = CMS.completeness(table(COMPLETENESS, rows.toArray(new Object[0][])));
    for (int f = 0; f < 2; f++) {
      assertNull(get(after, 3 * f, "records"), "5 records in 2000, in every field's row");
      assertNull(get(after, 3 * f + 1, "records"), "the years add up to the clean records: 300 with it");
      assertNull(get(after, 3 * f, "missing_share"));
      assertNull(get(after, 3 * f + 1, "missing_share"), "the share and the missing count give records away");
      assertEquals(400L, get(after, 3 * f + 2, "records"));
      assertNotNull(get(after, 3 * f + 2, "missing_share"));
    }
    assertNull(get(after, 0, "missing"), "5 missing");
    assertEquals(12L, get(after, 1, "missing"));
    Intruder attack = new Intruder(11).known("clean records", 705);
    for (int y = 0; y < 3; y++) {
      cell(attack, "records " + y, after, y, "records");
    }
    attack.sum("clean records", List.of("records 0", "records 1", "records 2"));
    assertEquals(List.of(), attack.narrowed());
  }
}
