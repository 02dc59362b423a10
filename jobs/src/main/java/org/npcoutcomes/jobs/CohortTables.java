package org.npcoutcomes.jobs;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads a cohort table given to the analyze job: a CSV file with a header, or Parquet. */
final class CohortTables {
  private CohortTables() {}

  static Dataset<Row> read(SparkSession spark, String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".txt") || lower.endsWith(".tsv")) {
      // Every column is read as text; the analysis casts the columns it uses, so "NA" and "" become missing.
      return spark.read().option("header", "true").option("nullValue", "NA")
          .option("sep", lower.endsWith(".tsv") || lower.endsWith(".txt") ? "\t" : ",")
          .option("mode", "FAILFAST").csv(path);
    }
    return spark.read().parquet(path);
  }
}
