package org.npcoutcomes.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.StatisticalSummary;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Baseline characteristics by arm (Table 1): counts and column percentages per level with the test a
 * published metastatic NPC Table 1 uses ({@link ContingencyTests#tableOneRule}), means and SDs of
 * continuous variables with Welch's t-test (R's t.test default), and the standardized mean difference.
 */
public final class TableOne {
  private TableOne() {}

  /** One row of the baseline mart: a level (or the mean of a continuous variable) in one arm. */
  public record Row(String variable, String level, String arm, long n, double percent, double pValue, String test,
      double smd, Double mean, Double sd) {}

  /**
   * @param counts level -> {reference count, treated count}, in display order
   */
  public static List<Row> categorical(String variable, Map<String, long[]> counts, String referenceArm,
      String treatedArm) {
    List<Row> out = new ArrayList<>();
    if (counts.isEmpty()) {
      return out;
    }
    long[][] table = counts.values().toArray(new long[0][]);
    long[] armTotals = new long[2];
    for (long[] level : table) {
      armTotals[0] += level[0];
      armTotals[1] += level[1];
    }
    ContingencyTests.Result test = table.length > 1 && armTotals[0] > 0 && armTotals[1] > 0
        ? ContingencyTests.tableOneRule(table) : new ContingencyTests.Result("none", Double.NaN, Double.NaN, Double.NaN);
    for (Map.Entry<String, long[]> level : counts.entrySet()) {
      double p0 = armTotals[0] == 0 ? Double.NaN : (double) level.getValue()[0] / armTotals[0];
      double p1 = armTotals[1] == 0 ? Double.NaN : (double) level.getValue()[1] / armTotals[1];
      double smd = proportionSmd(p1, p0);
      out.add(new Row(variable, level.getKey(), referenceArm, level.getValue()[0], 100 * p0, test.pValue(),
          test.test(), smd, null, null));
      out.add(new Row(variable, level.getKey(), treatedArm, level.getValue()[1], 100 * p1, test.pValue(),
          test.test(), smd, null, null));
    }
    return out;
  }

  /** SMD of a 0/1 indicator: difference of proportions over the pooled SD sqrt((p1(1-p1) + p0(1-p0)) / 2). */
  public static double proportionSmd(double p1, double p0) {
    double pooled = Math.sqrt((p1 * (1 - p1) + p0 * (1 - p0)) / 2);
    return pooled == 0 ? (p1 == p0 ? 0 : Double.NaN) : (p1 - p0) / pooled;
  }

  /** SMD of a continuous variable: difference of means over sqrt((s1^2 + s0^2) / 2), sample SDs. */
  public static double meanSmd(double m1, double s1, double m0, double s0) {
    double pooled = Math.sqrt((s1 * s1 + s0 * s0) / 2);
    return pooled == 0 ? (m1 == m0 ? 0 : Double.NaN) : (m1 - m0) / pooled;
  }

  public static List<Row> continuous(String variable, double[] reference, double[] treated, String referenceArm,
      String treatedArm) {
    return continuous(variable, stats(reference), stats(treated), referenceArm, treatedArm);
  }

  /** From per-arm moments (n, mean, variance), so a large cohort is summarised where it lives. */
  public static List<Row> continuous(String variable, StatisticalSummary r, StatisticalSummary t, String referenceArm,
      String treatedArm) {
    double p = r.getN() > 1 && t.getN() > 1 && (r.getVariance() > 0 || t.getVariance() > 0)
        ? new TTest().tTest(t, r) : Double.NaN;
    double smd = meanSmd(t.getMean(), t.getStandardDeviation(), r.getMean(), r.getStandardDeviation());
    return List.of(
        new Row(variable, "mean", referenceArm, r.getN(), Double.NaN, p, "welch_t", smd, r.getMean(),
            r.getStandardDeviation()),
        new Row(variable, "mean", treatedArm, t.getN(), Double.NaN, p, "welch_t", smd, t.getMean(),
            t.getStandardDeviation()));
  }

  private static SummaryStatistics stats(double[] values) {
    SummaryStatistics s = new SummaryStatistics();
    for (double v : values) {
      s.addValue(v);
    }
    return s;
  }
}
