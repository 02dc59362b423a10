package org.npcoutcomes.jobs;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.plan.Population;

/** The short summary printed after a run, read back from the published marts. */
final class RunSummary {
  private RunSummary() {}

  static void print(SparkSession spark, Path published, Job job, PrintStream out) {
    out.println("marts published to " + published);
    if (job == Job.ALL || job == Job.CLEAN) {
      printInputs(spark, published, out);
    }
    if (job != Job.ALL && job != Job.ANALYZE) {
      return;
    }
    String overall = Population.OVERALL;
    org.apache.spark.sql.Dataset<Row> summaries = read(spark, published, Mart.SURVIVAL_SUMMARY)
        .where(col("population").equalTo(overall));
    List<Row> first = summaries.limit(1).collectAsList();
    if (first.isEmpty()) {
      out.println("no survival estimates: the cohort is empty (see the attrition mart)");
      return;
    }
    // The first outcome of the spec leads the summary (overall survival in the registry run).
    String outcome = first.get(0).getAs("outcome");
    org.apache.spark.sql.Column inOverall = col("population").equalTo(overall).and(col("outcome").equalTo(outcome));
    out.println("outcome " + outcome + ", whole cohort:");
    for (Row r : summaries.where(col("outcome").equalTo(outcome)).orderBy("arm").collectAsList()) {
      out.printf(Locale.ROOT, "  %-8s n=%-6s events=%-6s median %s (95%% CI %s to %s)%n", r.getAs("arm"),
          count(r.getAs("n")), count(r.getAs("events")), num(r.getAs("median")), num(r.getAs("median_lower")),
          num(r.getAs("median_upper")));
    }
    for (Row r : read(spark, published, Mart.LOGRANK).where(inOverall.and(col("model").equalTo("unstratified")))
        .collectAsList()) {
      out.printf(Locale.ROOT, "  %s: chisq %.4f on %d df, p = %s%n", r.getAs("method"), (double) r.getAs("chisq"),
          (int) r.getAs("df"), pValue(r.getAs("p_value")));
    }
    List<Row> hazards = read(spark, published, Mart.HAZARD_RATIO).where(col("outcome").equalTo(outcome)
        .and(col("population").isin(overall, "matched", "iptw_ate", "iptw_att", "overlap"))
        .and(col("term_index").equalTo(0))).collectAsList();
    if (hazards.isEmpty()) {
      return;
    }
    out.println("  Cox hazard ratio of " + hazards.get(0).getAs("term") + ":");
    for (Row r : hazards) {
      String label = overall.equals(r.getAs("population")) ? r.getAs("model")
          : r.getAs("population") + " " + r.getAs("model");
      out.printf(Locale.ROOT, "    %-28s %.4f (95%% CI %.4f to %.4f), p = %s%n", label,
          (double) r.getAs("hazard_ratio"), (double) r.getAs("lower"), (double) r.getAs("upper"),
          pValue(r.getAs("p_value")));
    }
  }

  /** Per input file: lines read, clean and rejected, and the most common reasons for rejection. */
  private static void printInputs(SparkSession spark, Path published, PrintStream out) {
    Row manifest = read(spark, published, Mart.RUN_MANIFEST).first();
    for (Row in : manifest.<Row>getList(manifest.fieldIndex("inputs"))) {
      String file = in.getAs("path");
      out.printf(Locale.ROOT, "input %s: %d lines read, %d clean, %d rejected%n", file, (long) in.getAs("rows_read"),
          (long) in.getAs("rows_clean"), (long) in.getAs("rows_rejected"));
      for (Row r : read(spark, published, Mart.DATA_QUALITY).where(col("source_file").equalTo(file))
          .orderBy(col("rows").desc()).limit(3).collectAsList()) {
        out.printf(Locale.ROOT, "  %-24s %-20s %s%n", r.getAs("reason"),
            r.getAs("field") == null ? "" : r.getAs("field"), count(r.getAs("rows")));
      }
    }
  }

  private static org.apache.spark.sql.Dataset<Row> read(SparkSession spark, Path published, Mart mart) {
    return spark.read().parquet(new Path(published, mart.relativePath()).toString());
  }

  /** A count as published: "suppressed" where small-cell suppression withheld it. */
  private static String count(Long v) {
    return v == null ? "suppressed" : Long.toString(v);
  }

  private static String num(Double v) {
    return v == null || v.isNaN() ? "NA" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String pValue(double p) {
    return p < 1e-4 ? String.format(Locale.ROOT, "%.2e", p) : String.format(Locale.ROOT, "%.4f", p);
  }
}
