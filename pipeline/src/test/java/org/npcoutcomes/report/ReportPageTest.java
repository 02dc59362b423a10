package org.npcoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.marts.Mart;

/** The report from hand-made mart rows (no Spark): suppressed cells, the min-cell threshold, numbers at risk. */
class ReportPageTest {
  private static final String CONFIG = "{\"analyze\":{\"treatment\":{\"column\":\"arm\",\"reference\":\"A\","
      + "\"treated\":\"B\"},\"times\":[12],\"outcomes\":[{\"name\":\"os\",\"time\":\"os_months\"}]},"
      + "\"privacy\":{\"min-cell\":5}}";

  private static Map<Mart, List<MartRow>> marts(String config) {
    Map<Mart, List<MartRow>> m = new EnumMap<>(Mart.class);
    m.put(Mart.RUN_MANIFEST, List.of(MartRow.of("run_id", "t", "job", "all", "status", "succeeded",
        "finished_at", "2026-01-02T03:04:05.678Z", "effective_config", config, "marts", List.of(), "inputs", List.of())));
    m.put(Mart.ATTRITION, List.of(MartRow.of("step", 0, "rule", "all", "description", "All records", "remaining", 40L,
        "excluded", 0L), MartRow.of("step", 1, "rule", "adult", "description", "Adults", "remaining", 36L,
        "excluded", null, "suppressed", "excluded:small")));
    m.put(Mart.BASELINE, List.of(
        MartRow.of("variable", "sex", "level", "f", "arm", "A", "n", 20L, "percent", 100.0, "p_value", 0.5,
            "test", "fisher", "smd", 0.0, "mean", null, "sd", null),
        MartRow.of("variable", "sex", "level", "f", "arm", "B", "n", 16L, "percent", 100.0, "p_value", 0.5,
            "test", "fisher", "smd", 0.0, "mean", null, "sd", null)));
    List<MartRow> km = new ArrayList<>();
    double[][] a = {{3, 20, 2, 0}, {12, 15, 1, 1}, {20, 4, 1, 3}};
    double[][] b = {{5, 16, 1, 0}, {14, 10, 1, 2}};
    for (String arm : List.of("A", "B")) {
      double s = 1;
      for (double[] r : arm.equals("A") ? a : b) {
        s *= 1 - r[2] / r[1];
        km.add(MartRow.of("analysis_id", "os/overall/kaplan_meier", "outcome", "os", "population", "overall", "model",
            "kaplan_meier", "arm", arm, "time", r[0], "survival", s, "std_err", 0.05, "lower", s * 0.8, "upper",
            Math.min(1, s * 1.1), "censored", r[3] > 0));
      }
    }
    m.put(Mart.KM_CURVE, km);
    m.put(Mart.SURVIVAL_SUMMARY, List.of(
        MartRow.of("analysis_id", "os/overall/kaplan_meier", "outcome", "os", "population", "overall", "model",
            "kaplan_meier", "arm", "A", "n", 20L, "events", 4L, "suppressed", null),
        MartRow.of("analysis_id", "os/overall/kaplan_meier", "outcome", "os", "population", "overall", "model",
            "kaplan_meier", "arm", "B", "n", 16L, "events", null, "suppressed", "events:complementary")));
    // at 12: A's 15 withheld as a complement, B's 4 as small; at 24 nobody in B, A's 3 small
    m.put(Mart.SURVIVAL_AT_TIME, List.of(
        MartRow.of("outcome", "os", "population", "overall", "model", "kaplan_meier", "arm", "A", "time", 12.0,
            "n_risk", null, "suppressed", "n_risk:complementary"),
        MartRow.of("outcome", "os", "population", "overall", "model", "kaplan_meier", "arm", "A", "time", 18.0,
            "n_risk", null, "suppressed", "n_risk:small"),
        MartRow.of("outcome", "os", "population", "overall", "model", "kaplan_meier", "arm", "B", "time", 12.0,
            "n_risk", 13.0, "suppressed", null),
        MartRow.of("outcome", "os", "population", "overall", "model", "kaplan_meier", "arm", "B", "time", 18.0,
            "n_risk", 0.0, "suppressed", null)));
    return m;
  }

  @Test
  void minCellComesFromTheRunElseEleven() {
    assertEquals(5, new RunMarts(marts(CONFIG)).minCell());
    assertEquals(11, new RunMarts(marts("{}")).minCell());
    Map<Mart, List<MartRow>> withColumn = marts("{}");
    MartRow manifest = withColumn.get(Mart.RUN_MANIFEST).get(0);
    Map<String, Object> values = new java.util.LinkedHashMap<>(manifest.values());
    values.put("min_cell_count", 7);
    withColumn.put(Mart.RUN_MANIFEST, List.of(new MartRow(values)));
    assertEquals(7, new RunMarts(withColumn).minCell());
  }

  @Test
  void smallCountsReadAsBelowTheThresholdAndComplementaryOnesAsWithheld() {
    Report report = Report.of(new RunMarts(marts(CONFIG)));
    Figure flow = report.figures().stream().filter(f -> f.id().equals("flow")).findFirst().orElseThrow();
    assertTrue(flow.markup().contains(">Excluded: n = &lt;5</text>"), flow.markup());
    Figure km = report.figures().stream().filter(f -> f.id().equals("km-os-overall")).findFirst().orElseThrow();
    // the arm's size at 0, then survival_at_time's published numbers at risk, as published
    assertEquals(List.of("A@0=20", "A@12=—", "A@18=&lt;5", "B@0=16", "B@12=13", "B@18=0"), atRisk(km.markup()));
    assertTrue(report.html().contains("<td>—</td>") || report.html().contains(">—<"), "B's events withheld");
    assertTrue(report.html().contains("— withheld: a count of any size"), "with its footnote");
    assertTrue(report.html().contains("finished 2026-01-02 03:04:05 UTC"), "header");
    assertFalse(report.html().contains("<script"));
  }

  @Test
  void aCellReadsAsItsReason() {
    MartRow r = MartRow.of("n", null, "events", null, "p_value", null, "suppressed",
        "n:small,events:complementary,p_value:follows");
    assertEquals("<11", Format.cell(r, "n", 11));
    assertEquals("—", Format.cell(r, "events", 11));
    assertEquals("small", r.withheld("n"));
    assertNull(r.withheld("percent"));
    assertEquals("1,748", Format.cell(MartRow.of("n", 1748L, "suppressed", null), "n", 11));
    assertEquals(Format.NONE, Format.cell(MartRow.of("n", null, "suppressed", null), "n", 11));
  }

  @Test
  void formats() {
    assertEquals("<0.001", Format.p(1e-8));
    assertEquals("0.037", Format.p(0.0369));
    assertEquals("0.55 (0.45–0.68)", Format.ratio(0.5526, 0.4498, 0.6789));
    assertEquals("1,748", Format.count(1748L, 11));
    assertEquals("<11", Format.count(null, 11));
    assertEquals("301.7", Format.atRisk(301.7097, true, 11));
    assertEquals("108", Format.atRisk(108.0, false, 11));
    assertEquals(12.0, Scale.timeStep(122, "months"));
    assertEquals(3.0, Scale.timeStep(20, "months"));
    assertEquals(List.of(0.0, 12.0, 24.0), Scale.ticks(0, 24, 12));
  }

  private static List<String> atRisk(String svg) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "class=\"at-risk\" data-arm=\"([^\"]+)\" data-time=\"([^\"]+)\">([^<]*)</text>").matcher(svg);
    while (m.find()) {
      out.add(m.group(1) + "@" + m.group(2) + "=" + m.group(3));
    }
    return out;
  }
}
