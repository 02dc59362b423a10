package org.npcoutcomes.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Extract files as read: their data lines, each file's header, and how many lines each file gave (known
 * once the lines have been consumed, counted apart from what later becomes of them).
 */
public record RawExtract(JavaRDD<SourceLine> lines, List<FileHeader> headers, Supplier<Map<String, Long>> linesRead) {
  static final StructType LINE_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("source_file", DataTypes.StringType, false),
      DataTypes.createStructField("line_number", DataTypes.LongType, false),
      DataTypes.createStructField("line", DataTypes.StringType, false),
      DataTypes.createStructField("bad_encoding", DataTypes.BooleanType, false)));
  static final StructType HEADER_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("source_file", DataTypes.StringType, false),
      DataTypes.createStructField("delimiter", DataTypes.StringType, false),
      DataTypes.createStructField("columns", DataTypes.createArrayType(DataTypes.StringType, false), false)));
  private static final String LINES = "/lines";
  private static final String HEADERS = "/headers";

  /** Keeps the lines and headers under {@code location} (Parquet), for a clean job run on its own. */
  public void save(SparkSession spark, String location) {
    spark.createDataFrame(lines.map(l -> RowFactory.create(l.file(), l.lineNumber(), l.text(), l.badEncoding())),
        LINE_SCHEMA).write().mode(SaveMode.Overwrite).parquet(location + LINES);
    List<Row> rows = new ArrayList<>();
    headers.forEach(h -> rows.add(RowFactory.create(h.file(), String.valueOf(h.delimiter()),
        scala.jdk.javaapi.CollectionConverters.asScala(h.columns()).toList())));
    spark.createDataFrame(rows, HEADER_SCHEMA).write().mode(SaveMode.Overwrite).parquet(location + HEADERS);
  }

  /** What {@link #save} kept; the lines read are the lines kept. */
  public static RawExtract load(SparkSession spark, String location) {
    Dataset<Row> stored = spark.read().schema(LINE_SCHEMA).parquet(location + LINES);
    List<FileHeader> headers = new ArrayList<>();
    for (Row h : spark.read().schema(HEADER_SCHEMA).parquet(location + HEADERS).collectAsList()) {
      headers.add(new FileHeader(h.getString(0), h.getString(1).charAt(0), h.getList(2)));
    }
    JavaRDD<SourceLine> lines = stored.javaRDD()
        .map(r -> SourceLine.of(r.getString(0), r.getLong(1), r.getString(2), r.getBoolean(3)));
    // Counted once, when first asked for: the stored lines do not change.
    Map<String, Long> counted = new LinkedHashMap<>();
    return new RawExtract(lines, headers, () -> {
      if (counted.isEmpty()) {
        headers.forEach(h -> counted.put(h.file(), 0L));
        stored.groupBy("source_file").count().collectAsList()
            .forEach(r -> counted.put(r.getString(0), r.getLong(1)));
      }
      return Map.copyOf(counted);
    });
  }
}
