package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.RunPublisher;
import org.npcoutcomes.testing.LocalSpark;

/** Few rejects are handled on the driver, many by Spark: the marts and counts are the same either way. */
class DataQualityTest {
  private static final StructType REJECTS = DataTypes.createStructType(List.of(
      DataTypes.createStructField("source_file", DataTypes.StringType, true),
      DataTypes.createStructField("line_number", DataTypes.LongType, true),
      DataTypes.createStructField("reason", DataTypes.StringType, true),
      DataTypes.createStructField("field", DataTypes.StringType, true),
      DataTypes.createStructField("raw_value", DataTypes.StringType, true)));

  @TempDir
  Path dir;

  private final SparkSession spark = LocalSpark.session();

  private Dataset<Row> rejects() {
    List<Row> rows = new ArrayList<>();
    String[][] kinds = {{"out_of_range", "age"}, {"wrong_field_count", null}, {"unparseable_number", "age"},
        {"out_of_range", "year_of_diagnosis"}, {"missing_required", "patient_id"}};
    long line = 2;
    for (String file : new String[] {"b.csv", "a.csv"}) {
      for (int k = 0; k < kinds.length; k++) {
        // counts 3, 3, 2, 2, 1 in b.csv: ties broken by file, field and reason
        for (int n = 0; n < new int[] {3, 3, 2, 2, 1}[k]; n++) {
          rows.add(RowFactory.create(file, line, kinds[k][0], kinds[k][1], "v" + line));
          line += 2 + n;
        }
      }
    }
    // out of line order, as a distributed read may give them
    java.util.Collections.reverse(rows);
    return spark.createDataFrame(rows, REJECTS).repartition(3);
  }

  private record Published(List<Row> rejects, List<Row> quality, Map<String, Long> byFile, String top) {}

  private Published publish(String runId, long driverRows) {
    RunPublisher publisher = new RunPublisher(spark.sparkContext().hadoopConfiguration(), dir.toString(), runId);
    Dataset<Row> rejects = rejects();
    DataQuality q = DataQuality.publish(spark, publisher, rejects, rejects.count(), driverRows, t -> t);
    String top = q.topReasons("b.csv");
    publisher.commit();
    return new Published(read(runId, Mart.REJECTS), read(runId, Mart.DATA_QUALITY), q.rejectsByFile(), top);
  }

  private List<Row> read(String runId, Mart mart) {
    return spark.read().parquet(dir.resolve(runId).resolve(mart.relativePath()).toString()).collectAsList();
  }

  @Test
  void driverAndSparkGiveTheSameMarts() {
    Published driver = publish("driver", DataQuality.DRIVER_ROWS);
    Published spark = publish("spark", 0);
    assertEquals(22, driver.rejects().size());
    assertEquals(spark.rejects(), driver.rejects(), "rejects by file and line");
    assertEquals(spark.quality(), driver.quality(), "data quality, most rejected first");
    assertEquals(spark.byFile(), driver.byFile());
    assertEquals(Map.of("a.csv", 11L, "b.csv", 11L), driver.byFile());
    assertEquals(spark.top(), driver.top());
    assertEquals("out_of_range (5), wrong_field_count (3), unparseable_number (2)", driver.top());
    Row first = driver.quality().get(0);
    assertEquals(java.util.Arrays.asList("a.csv", null, "wrong_field_count", 3L),
        java.util.Arrays.asList(first.get(0), first.get(1), first.get(2), first.get(3)));
  }
}
