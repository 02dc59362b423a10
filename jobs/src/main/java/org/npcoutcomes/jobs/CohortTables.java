package org.npcoutcomes.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Reads a cohort table given to the analyze job: a CSV file with a header, or Parquet. */
final class CohortTables {
  private CohortTables() {}

  static Dataset<Row> read(SparkSession spark, String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".txt") || lower.endsWith(".tsv")) {
      // Every column is read as text; the analysis casts the columns it uses, so "NA" and "" become missing.
      DataFrameReader csv = spark.read().option("header", "true").option("nullValue", "NA")
          .option("sep", lower.endsWith(".tsv") || lower.endsWith(".txt") ? "\t" : ",")
          .option("mode", "FAILFAST");
      String header = header(spark.sparkContext().hadoopConfiguration(), path);
      if (header == null) {
        return csv.csv(path);
      }
      // The column names Spark would take from the file, from its header line read here: Spark then has
      // no job to run to find them.
      StructType schema = csv.csv(spark.createDataset(List.of(header), Encoders.STRING())).schema();
      return csv.schema(schema).csv(path);
    }
    return spark.read().parquet(path);
  }

  /**
   * The first non-blank line of a single file (as Spark takes the header), or null for anything else (a
   * folder, a pattern, an empty file), which Spark then reads as it would.
   */
  private static String header(Configuration conf, String file) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path) || !fs.getFileStatus(path).isFile()) {
        return null;
      }
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      InputStream raw = fs.open(path);
      InputStream in = codec == null ? raw : codec.createInputStream(raw);
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
          if (!text.trim().isEmpty()) {
            return text;
          }
        }
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the header of " + file, e);
    }
  }
}
