package org.npcoutcomes.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.marts.RunPublisher;

/**
 * The rejects mart (by file and line), its summary the data_quality mart (rejected rows per file, field and
 * reason; most frequent first), and the rejected rows per file the quality gate needs. Rejects are usually
 * few: then they are brought to the driver once and everything is done there, with no further Spark job;
 * many rejects are written and summarised by Spark.
 */
final class DataQuality {
  /** Up to this many rejects are handled on the driver. */
  static final long DRIVER_ROWS = 100_000;
  private static final String[] GROUP = {"source_file", "field", "reason"};

  private final Map<String, Long> rejectsByFile;
  private final Function<String, String> topReasons;

  private DataQuality(Map<String, Long> rejectsByFile, Function<String, String> topReasons) {
    this.rejectsByFile = rejectsByFile;
    this.topReasons = topReasons;
  }

  /**
   * Writes the rejects and data_quality marts; {@code rejectCount} is how many rows {@code rejects} has;
   * {@code suppress} withholds data_quality's small counts.
   */
  static DataQuality publish(SparkSession spark, RunPublisher publisher, Dataset<Row> rejects, long rejectCount,
      long driverRows, UnaryOperator<MartTable> suppress) {
    return rejectCount <= driverRows ? onDriver(spark, publisher, rejects, suppress)
        : withSpark(spark, publisher, rejects, suppress);
  }

  private static DataQuality onDriver(SparkSession spark, RunPublisher publisher, Dataset<Row> rejects,
      UnaryOperator<MartTable> suppress) {
    MartTable table = new MartTable(rejects.schema(), rejects.collectAsList()).sortedBy("source_file", "line_number");
    publisher.write(Mart.REJECTS, table, spark);
    int[] key = Arrays.stream(GROUP).mapToInt(table.schema()::fieldIndex).toArray();
    int reasonIndex = table.schema().fieldIndex("reason");
    Map<List<Object>, Long> groups = new LinkedHashMap<>();
    Map<String, Long> byFile = new LinkedHashMap<>();
    Map<String, Map<String, Long>> reasons = new HashMap<>();
    for (Row r : table.rows()) {
      groups.merge(Arrays.asList(r.get(key[0]), r.get(key[1]), r.get(key[2])), 1L, Long::sum);
      String file = (String) r.get(key[0]);
      byFile.merge(file, 1L, Long::sum);
      reasons.computeIfAbsent(file, f -> new HashMap<>()).merge((String) r.get(reasonIndex), 1L, Long::sum);
    }
    List<Row> rows = new ArrayList<>();
    groups.forEach((k, n) -> rows.add(RowFactory.create(k.get(0), k.get(1), k.get(2), n)));
    StructType schema = DataTypes.createStructType(List.of(table.schema().apply(GROUP[0]),
        table.schema().apply(GROUP[1]), table.schema().apply(GROUP[2]),
        DataTypes.createStructField("rows", DataTypes.LongType, false)));
    // Most rejected first; ties by file, field and reason (nulls first, as Spark orders them).
    List<Row> ordered = new ArrayList<>(new MartTable(schema, rows).sortedBy(GROUP).rows());
    ordered.sort(Comparator.comparing(r -> -r.getLong(3)));
    publisher.write(Mart.DATA_QUALITY, suppress.apply(new MartTable(schema, ordered)), spark);
    return new DataQuality(byFile, file -> reasons.getOrDefault(file, Map.of()).entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey(Comparator.nullsFirst(MartTable::compareStrings))))
        .limit(3).map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")));
  }

  private static DataQuality withSpark(SparkSession spark, RunPublisher publisher, Dataset<Row> rejects,
      UnaryOperator<MartTable> suppress) {
    publisher.write(Mart.REJECTS, rejects.orderBy("source_file", "line_number"), false);
    Dataset<Row> published = spark.read().parquet(publisher.stagingPath(Mart.REJECTS));
    // one row per file, field and reason: small whatever the extract
    Dataset<Row> groups = published.groupBy(GROUP[0], GROUP[1], GROUP[2]).agg(count(lit(1)).as("rows"))
        .orderBy(col("rows").desc(), col(GROUP[0]), col(GROUP[1]), col(GROUP[2]));
    publisher.write(Mart.DATA_QUALITY, suppress.apply(new MartTable(groups.schema(), groups.collectAsList())), spark);
    Map<String, Long> byFile = new LinkedHashMap<>();
    published.groupBy("source_file").count().collectAsList().forEach(r -> byFile.put(r.getString(0), r.getLong(1)));
    return new DataQuality(byFile, file -> QualityGate.topReasons(published, file));
  }

  /** Rejected rows per input file. */
  Map<String, Long> rejectsByFile() {
    return rejectsByFile;
  }

  /** The three most common reasons a file's rows were rejected, with their counts. */
  String topReasons(String file) {
    return topReasons.apply(file);
  }
}
