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
 * Hand-made tables where withholding only the small counts would leave them derivable from the totals and
 * counts beside them; after suppression an attacker's check ({@link Recoverable}, plain linear algebra on the
 * relations a reader knows) recovers none of the withheld counts.
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

  private static boolean flagged(MartTable t, int row) {
    return (Boolean) get(t, row, SmallCellSuppression.FLAG);
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
  private static Recoverable tableOneAttack(MartTable t) {
    Recoverable r = new Recoverable().known("total CHT", 100).known("total CHT+RT", 110);
    for (int i = 0; i < 6; i++) {
      r.cell(get(t, i, "level") + " " + get(t, i, "arm"), number(t, i, "n"));
    }
    for (String level : List.of("a", "b", "c")) {
      r.hidden("level " + level).sum("level " + level, level + " CHT", level + " CHT+RT");
    }
    return r.sum("total CHT", "a CHT", "b CHT", "c CHT").sum("total CHT+RT", "a CHT+RT", "b CHT+RT", "c CHT+RT");
  }

  @Test
  void tableOneWithholdsAComplementaryLevelSoTheTotalDoesNotGiveTheSmallOneAway() {
    MartTable before = tableOne();
    // withholding only the 7 leaks it: 100 - 50 - 43
    Recoverable naive = tableOneAttack(before).cell("b CHT", null);
    assertEquals(List.of("b CHT"), naive.determined());

    MartTable after = baseline(CMS, before);
    assertEquals(2, after.rows().stream().filter(r -> "v".equals(r.getAs("variable")) && "CHT".equals(r.getAs("arm"))
        && r.isNullAt(r.fieldIndex("n"))).count(), "the small level and one complementary level of CHT");
    assertNull(get(after, 2, "n"), "7 withheld");
    assertNull(get(after, 2, "percent"), "its percentage too");
    assertNull(get(after, 4, "n"), "43, the next smallest level of the arm, withheld with it");
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
    assertEquals(List.of(), tableOneAttack(after).determined());
  }

  // ---- attrition

  private static MartTable attrition() {
    return MartTable.of(AttritionStep.class, List.of(
        new AttritionStep(0, "all-records", "Clean records", 100, 0),
        new AttritionStep(1, "site", "Site", 96, 4),
        new AttritionStep(2, "stage", "Stage", 76, 20),
        new AttritionStep(3, "arm-assigned", "Arm", 60, 16)));
  }

  private static Recoverable attritionAttack(MartTable t) {
    Recoverable r = new Recoverable();
    for (int i = 0; i < 4; i++) {
      r.cell("remaining " + i, number(t, i, "remaining")).cell("excluded " + i, number(t, i, "excluded"));
    }
    // step 0 is in the run manifest (clean records)
    r.known("remaining 0", 100);
    for (int i = 1; i < 4; i++) {
      r.sum("remaining " + (i - 1), "excluded " + i, "remaining " + i);
    }
    return r;
  }

  @Test
  void attritionChainHidesTheSmallExclusionFromTheRemainingCountsAroundIt() {
    MartTable before = attrition();
    Recoverable naive = attritionAttack(before).cell("excluded 1", null);
    assertEquals(List.of("excluded 1"), naive.determined(), "100 - 96 = 4");

    MartTable after = CMS.attrition(before);
    assertNull(get(after, 1, "excluded"));
    assertNull(get(after, 1, "remaining"), "96 would give 4 away");
    assertEquals(100.0, number(after, 0, "remaining"), "step 0 is in the manifest anyway");
    assertEquals(60.0, number(after, 3, "remaining"), "the cohort is published by the analysis marts");
    assertTrue(get(after, 2, "excluded") == null || get(after, 2, "remaining") == null,
        "96 = 20 + 76: one of them is withheld");
    assertEquals(List.of(), attritionAttack(after).determined());
    assertTrue(flagged(after, 1));
    assertFalse(flagged(after, 0));
    assertEquals("site", get(after, 1, "rule"));
  }

  @Test
  void attritionHidesTwoSmallExclusionsInARowAsWellAsEachOfThem() {
    MartTable before = MartTable.of(AttritionStep.class, List.of(
        new AttritionStep(0, "all-records", "Clean records", 100, 0),
        new AttritionStep(1, "site", "Site", 97, 3),
        new AttritionStep(2, "stage", "Stage", 92, 5),
        new AttritionStep(3, "age", "Age", 80, 12),
        new AttritionStep(4, "arm-assigned", "Arm", 60, 20)));
    MartTable after = CMS.attrition(before);
    assertNull(get(after, 1, "excluded"));
    assertNull(get(after, 2, "excluded"));
    Recoverable attack = new Recoverable();
    for (int i = 0; i < 5; i++) {
      attack.cell("remaining " + i, number(after, i, "remaining")).cell("excluded " + i, number(after, i, "excluded"));
    }
    attack.known("remaining 0", 100);
    for (int i = 1; i < 5; i++) {
      attack.sum("remaining " + (i - 1), "excluded " + i, "remaining " + i);
    }
    // 3 + 5 = 8 excluded by the first two rules, if 100 and 92 were both published
    attack.cell("excluded 1-2", null).sum("excluded 1-2", "excluded 1", "excluded 2");
    assertEquals(List.of(), attack.determined());
  }

  // ---- Kaplan–Meier

  private static final double[] TIME = {1, 2, 3, 4, 5};
  private static final double[] RISK = {50, 47, 35, 22, 11};
  private static final double[] EVENT = {3, 12, 11, 0, 5};
  private static final double[] CENSOR = {0, 0, 2, 11, 6};

  private static Map<Mart, MartTable> curve() {
    String id = "os/overall/kaplan_meier";
    List<AnalysisResult.KmRow> km = new ArrayList<>();
    for (int j = 0; j < TIME.length; j++) {
      km.add(new AnalysisResult.KmRow(id, "os", "overall", "kaplan_meier", "CHT", TIME[j], RISK[j], EVENT[j],
          CENSOR[j], 1 - 0.1 * j, 0.01, 0.5, 0.99));
    }
    Map<Mart, MartTable> marts = new EnumMap<>(Mart.class);
    marts.put(Mart.KM_CURVE, MartTable.of(AnalysisResult.KmRow.class, km));
    marts.put(Mart.SURVIVAL_SUMMARY, MartTable.of(AnalysisResult.SummaryRow.class, List.of(
        new AnalysisResult.SummaryRow(id, "os", "overall", "kaplan_meier", "CHT", 50, 31, 4, 3, 5, 5, 3.5, 0.2,
            31, 25))));
    marts.put(Mart.SURVIVAL_AT_TIME, MartTable.of(AnalysisResult.AtTimeRow.class, List.of(
        new AnalysisResult.AtTimeRow(id, "os", "overall", "kaplan_meier", "CHT", 3, 35, 26, 0.7, 0.05, 0.6, 0.8,
            false))));
    return marts;
  }

  /** The chain n_risk[t] = n_event[t] + n_censor[t] + n_risk[t+1], the curve's totals and its risk table. */
  private static Recoverable curveAttack(Map<Mart, MartTable> marts) {
    MartTable km = marts.get(Mart.KM_CURVE);
    MartTable summary = marts.get(Mart.SURVIVAL_SUMMARY);
    MartTable atTime = marts.get(Mart.SURVIVAL_AT_TIME);
    Recoverable r = new Recoverable();
    for (int j = 0; j < TIME.length; j++) {
      r.cell("risk" + j, number(km, j, "n_risk")).cell("event" + j, number(km, j, "n_event"))
          .cell("censor" + j, number(km, j, "n_censor"));
    }
    r.known("end", 0);
    for (int j = 0; j < TIME.length; j++) {
      r.sum("risk" + j, "event" + j, "censor" + j, j + 1 < TIME.length ? "risk" + (j + 1) : "end");
    }
    r.cell("n", number(summary, 0, "n")).cell("events", number(summary, 0, "events"))
        .cell("risk at 3", number(atTime, 0, "n_risk")).cell("events to 3", number(atTime, 0, "n_event"));
    // 5 events after time 3: the curve's events minus those the risk table reports
    return r.sum("n", "risk0").sum("events", "event0", "event1", "event2", "event3", "event4")
        .sum("risk at 3", "risk2").sum("events to 3", "event0", "event1", "event2")
        .cell("events after 3", null).sum("events", "events to 3", "events after 3");
  }

  @Test
  void kaplanMeierAtRiskCountsDoNotGiveASmallEventCountAway() {
    Map<Mart, MartTable> before = curve();
    // 3 events at time 1, none censored: n_risk 50 then 47 say so
    Recoverable naive = curveAttack(before).cell("event0", null);
    assertEquals(List.of("event0", "events after 3"), naive.determined());

    Map<Mart, MartTable> after = CMS.analysis(before, "CHT", "CHT+RT");
    MartTable km = after.get(Mart.KM_CURVE);
    assertNull(get(km, 0, "n_event"));
    assertFalse(get(km, 0, "n_risk") != null && get(km, 1, "n_risk") != null && get(km, 0, "n_censor") != null,
        "consecutive at-risk counts and the censored count would give the events away");
    assertEquals(50.0, number(km, 0, "n_risk"), "the start of the curve (its arm's n)");
    assertEquals(35.0, number(km, 2, "n_risk"), "the risk table's time is a checkpoint");
    assertNull(get(km, 1, "n_risk"), "inside a withheld interval");
    for (int j = 0; j < TIME.length; j++) {
      assertNotNull(get(km, j, "survival"), "the estimates are no counts");
      assertNotNull(get(km, j, "upper"));
      assertTrue(flagged(km, j));
      double[] counts = {RISK[j], EVENT[j], CENSOR[j]};
      String[] columns = {"n_risk", "n_event", "n_censor"};
      for (int k = 0; k < 3; k++) {
        if (counts[k] > 0 && counts[k] < 11) {
          assertNull(get(km, j, columns[k]), columns[k] + " at " + TIME[j]);
        }
      }
    }
    MartTable atTime = after.get(Mart.SURVIVAL_AT_TIME);
    assertEquals(35.0, number(atTime, 0, "n_risk"));
    assertEquals(50.0, number(after.get(Mart.SURVIVAL_SUMMARY), 0, "n"));
    assertEquals(List.of(), curveAttack(after).determined());
  }

  // ---- policies

  @Test
  void policyNonePublishesEveryCountWithTheFlagFalse() {
    MartTable a = NONE.attrition(attrition());
    Map<Mart, MartTable> curve = NONE.analysis(curve(), "CHT", "CHT+RT");
    MartTable t1 = baseline(NONE, tableOne());
    for (MartTable t : List.of(a, curve.get(Mart.KM_CURVE), curve.get(Mart.SURVIVAL_SUMMARY), t1)) {
      assertEquals(SmallCellSuppression.FLAG, t.schema().fieldNames()[t.schema().size() - 1]);
      for (int i = 0; i < t.size(); i++) {
        assertFalse(flagged(t, i));
      }
    }
    assertEquals(4.0, number(a, 1, "excluded"));
    assertEquals(3.0, number(curve.get(Mart.KM_CURVE), 0, "n_event"));
    assertEquals(7.0, number(t1, 2, "n"));
    assertNotNull(get(t1, 2, "p_value"));
    assertEquals(CMS.attrition(attrition()).schema(), a.schema(), "the schema does not depend on the policy");
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
    Recoverable attack = new Recoverable().known("f", 85).known("g", 32);
    for (int i = 0; i < 5; i++) {
      attack.cell("row" + i, number(uscs, i, "rows"));
    }
    attack.sum("f", "row0", "row1", "row2").sum("g", "row3", "row4");
    assertEquals(List.of(), attack.determined());
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
    Recoverable attack = new Recoverable().known("clean records", 705);
    for (int y = 0; y < 3; y++) {
      attack.cell("records " + y, number(after, y, "records"));
    }
    attack.sum("clean records", "records 0", "records 1", "records 2");
    assertEquals(List.of(), attack.determined());
  }
}
