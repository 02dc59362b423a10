package org.npcoutcomes.jobs;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartFiles;
import org.npcoutcomes.plan.Population;

/**
 * The short summary printed after a run, read back from the published marts. They are a few small files,
 * read on the driver (no Spark job).
 */
final class RunSummary {
  private static final Set<String> ADJUSTED = Set.of(Population.OVERALL, "matched", "iptw_ate", "iptw_att", "overlap");

  private RunSummary() {}

  static void print(Configuration conf, Path published, Job job, PrintStream out) {
    Path report = new Path(new Path(published, org.npcoutcomes.report.ReportWriter.FOLDER),
        org.npcoutcomes.report.ReportWriter.PAGE);
    if (job == Job.REPORT) {
      out.println("report written to " + report);
      return;
    }
    out.println("marts published to " + published);
    if (job.writesReport()) {
      out.println("report: " + report);
    }
    if (job == Job.ALL || job == Job.CLEAN) {
      printInputs(conf, published, out);
    }
    if (job == Job.SYNTHESIZE) {
      out.println("synthesis page: " + new Path(new Path(published, org.npcoutcomes.report.ReportWriter.FOLDER),
          org.npcoutcomes.report.SynthesisPage.PAGE));
      for (Map<String, Object> r : read(conf, published, Mart.SYNTHESIS_POOLED)) {
        out.printf(Locale.ROOT, "  %-7s %-18s k=%-3s %s (CI %s to %s)%s%n", r.get("model"), r.get("method"),
            r.get("k"), ratio((Double) r.get("effect")), ratio((Double) r.get("effect_lower")),
            ratio((Double) r.get("effect_upper")), r.get("i2") == null ? ""
                : String.format(Locale.ROOT, ", I2 %.1f%%", (Double) r.get("i2")));
      }
      return;
    }
    if (job != Job.ALL && job != Job.ANALYZE) {
      return;
    }
    String overall = Population.OVERALL;
    List<Map<String, Object>> summaries = read(conf, published, Mart.SURVIVAL_SUMMARY).stream()
        .filter(r -> overall.equals(r.get("population"))).toList();
    if (summaries.isEmpty()) {
      out.println("no survival estimates: the cohort is empty (see the attrition mart)");
      return;
    }
    // The first outcome of the spec leads the summary (overall survival in the registry run).
    String outcome = (String) summaries.get(0).get("outcome");
    out.println("outcome " + outcome + ", whole cohort:");
    for (Map<String, Object> r : summaries.stream().filter(r -> Objects.equals(outcome, r.get("outcome")))
        .sorted(Comparator.comparing(r -> (String) r.get("arm"), Comparator.nullsFirst(RunSummary::codePointOrder)))
        .toList()) {
      out.printf(Locale.ROOT, "  %-8s n=%-6s events=%-6s median %s (95%% CI %s to %s)%n", r.get("arm"),
          count((Long) r.get("n")), count((Long) r.get("events")), num((Double) r.get("median")),
          num((Double) r.get("median_lower")), num((Double) r.get("median_upper")));
    }
    for (Map<String, Object> r : read(conf, published, Mart.LOGRANK)) {
      if (overall.equals(r.get("population")) && Objects.equals(outcome, r.get("outcome"))
          && "unstratified".equals(r.get("model"))) {
        out.printf(Locale.ROOT, "  %s: chisq %.4f on %d df, p = %s%n", r.get("method"), (double) r.get("chisq"),
            (int) r.get("df"), pValue((double) r.get("p_value")));
      }
    }
    List<Map<String, Object>> hazards = read(conf, published, Mart.HAZARD_RATIO).stream()
        .filter(r -> Objects.equals(outcome, r.get("outcome")) && ADJUSTED.contains(r.get("population"))
            && Objects.equals(0, r.get("term_index")))
        .toList();
    if (!hazards.isEmpty()) {
      out.println("  Cox hazard ratio of " + hazards.get(0).get("term") + ":");
    }
    for (Map<String, Object> r : hazards) {
      Object label = overall.equals(r.get("population")) ? r.get("model") : r.get("population") + " " + r.get("model");
      out.printf(Locale.ROOT, "    %-28s %.4f (95%% CI %.4f to %.4f), p = %s%s%n", label,
          (double) r.get("hazard_ratio"), (double) r.get("lower"), (double) r.get("upper"),
          pValue((double) r.get("p_value")), flag(r));
    }
    printFlaggedTasks(conf, published, outcome, out);
  }

  /** A hazard ratio's fit diagnostics beside it: empty when it converged without warnings. */
  private static String flag(Map<String, Object> hazard) {
    boolean converged = !Boolean.FALSE.equals(hazard.get("converged"));
    String warning = (String) hazard.get("warning");
    if (converged && (warning == null || warning.isEmpty())) {
      return "";
    }
    return "  [FLAGGED: " + (warning == null || warning.isEmpty() ? "did not converge" : warning) + "]";
  }

  /**
   * The tasks of the summary's outcome (and the propensity model) that are not ok: flagged estimates, and the
   * adjusted analyses left unpublished with the reason.
   */
  private static void printFlaggedTasks(Configuration conf, Path published, String outcome, PrintStream out) {
    List<Map<String, Object>> flagged = read(conf, published, Mart.ANALYSIS_PLAN).stream()
        .filter(r -> (r.get("outcome") == null || Objects.equals(outcome, r.get("outcome")))
            && ADJUSTED.contains(r.get("population"))
            && ("warning".equals(r.get("status")) || "failed".equals(r.get("status"))))
        .toList();
    if (flagged.isEmpty()) {
      return;
    }
    out.println("  tasks not ok (see analysis_plan):");
    for (Map<String, Object> r : flagged) {
      out.printf(Locale.ROOT, "    %-7s %s: %s%n", r.get("status"), r.get("analysis_id"), r.get("messages"));
    }
  }

  /** Per input file: lines read, clean and rejected, and the most common reasons for rejection. */
  @SuppressWarnings("unchecked")
  private static void printInputs(Configuration conf, Path published, PrintStream out) {
    Map<String, Object> manifest = read(conf, published, Mart.RUN_MANIFEST).get(0);
    List<Map<String, Object>> quality = read(conf, published, Mart.DATA_QUALITY);
    for (Map<String, Object> in : (List<Map<String, Object>>) manifest.get("inputs")) {
      String file = (String) in.get("path");
      out.printf(Locale.ROOT, "input %s: %d lines read, %d clean, %d rejected%n", file, (long) in.get("rows_read"),
          (long) in.get("rows_clean"), (long) in.get("rows_rejected"));
      quality.stream().filter(r -> file.equals(r.get("source_file")))
          .sorted(Comparator.comparing(r -> r.get("rows") == null ? 0 : -(long) r.get("rows"))).limit(3)
          .forEach(r -> out.printf(Locale.ROOT, "  %-24s %-20s %s%n", r.get("reason"),
              r.get("field") == null ? "" : r.get("field"), count((Long) r.get("rows"))));
    }
  }

  private static List<Map<String, Object>> read(Configuration conf, Path published, Mart mart) {
    return MartFiles.read(conf, new Path(published, mart.relativePath()));
  }

  /** Spark's order of strings (their UTF-8 bytes), which is the order of their code points. */
  private static int codePointOrder(String a, String b) {
    return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  /** A count as published: "suppressed" where small-cell suppression withheld it. */
  private static String count(Long v) {
    return v == null ? "suppressed" : Long.toString(v);
  }

  private static String num(Double v) {
    return v == null || v.isNaN() ? "NA" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String ratio(Double v) {
    return v == null || v.isNaN() ? "NA" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pValue(double p) {
    return p < 1e-4 ? String.format(Locale.ROOT, "%.2e", p) : String.format(Locale.ROOT, "%.4f", p);
  }
}
