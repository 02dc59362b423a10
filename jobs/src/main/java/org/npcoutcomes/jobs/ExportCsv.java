package org.npcoutcomes.jobs;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.config.SparkSettings;

/**
 * Copies a mart to a single CSV file (header, R's conventions: NA for missing), for tools that read no
 * Parquet, such as a plain R installation making reference values.
 * Usage: {@code ExportCsv <mart folder> <file.csv> [<mart folder> <file.csv>]...} (several marts share one
 * Spark session).
 */
public final class ExportCsv {
  private ExportCsv() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || args.length % 2 != 0) {
      System.err.println("usage: ExportCsv <mart folder> <file.csv> [<mart folder> <file.csv>]...");
      System.exit(NpcOutcomes.BAD_INPUT);
    }
    SparkSession spark = SparkSessions.create(new SparkSettings("local[2]", "npc-outcomes-export", 2,
        java.util.Map.of()));
    try {
      for (int i = 0; i < args.length; i += 2) {
        write(spark.read().parquet(args[i]), Path.of(args[i + 1]));
      }
    } finally {
      spark.stop();
    }
  }

  static void write(Dataset<Row> mart, Path file) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      out.println(String.join(",", java.util.Arrays.stream(mart.columns()).map(ExportCsv::quote).toList()));
      Iterator<Row> rows = mart.toLocalIterator();
      while (rows.hasNext()) {
        Row r = rows.next();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
          line.append(i == 0 ? "" : ",").append(r.isNullAt(i) ? "NA" : format(r.get(i)));
        }
        out.println(line);
      }
    }
  }

  private static String format(Object v) {
    if (v instanceof Double d) {
      return d.isNaN() ? "NA" : Double.toString(d);
    }
    return v instanceof Number || v instanceof Boolean ? v.toString() : quote(v.toString());
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
