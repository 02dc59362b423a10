package org.npcoutcomes.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.testing.LocalSpark;

/** Marts written on the driver read back, by Spark and by Parquet, as a Spark write of the same table would. */
class MartFilesTest {
  private static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("label", DataTypes.StringType, false),
      DataTypes.createStructField("value", DataTypes.DoubleType, true),
      DataTypes.createStructField("estimate", DataTypes.DoubleType, false),
      DataTypes.createStructField("n", DataTypes.LongType, false),
      DataTypes.createStructField("events", DataTypes.LongType, true),
      DataTypes.createStructField("step", DataTypes.IntegerType, false),
      DataTypes.createStructField("df", DataTypes.IntegerType, true),
      DataTypes.createStructField("ok", DataTypes.BooleanType, false),
      DataTypes.createStructField("flag", DataTypes.BooleanType, true)));
  private static final MartTable TABLE = new MartTable(SCHEMA, List.of(
      RowFactory.create("a", "µ 𝛼 ü", 1.5, Double.NaN, 3L, null, 1, null, true, null),
      RowFactory.create(null, "", null, Double.NEGATIVE_INFINITY, Long.MIN_VALUE, 7L, -2, 4, false, false),
      RowFactory.create("a", "x", -0.0, 1e-300, Long.MAX_VALUE, 0L, Integer.MAX_VALUE, 0, true, true)));

  @TempDir
  Path dir;

  private final SparkSession spark = LocalSpark.session();
  private final Configuration conf = new Configuration();

  private org.apache.hadoop.fs.Path folder(String name) {
    return new org.apache.hadoop.fs.Path(dir.resolve(name).toUri());
  }

  @Test
  void sparkReadsBackTheTableAsWritten() {
    MartFiles.write(spark, folder("m"), TABLE);
    Dataset<Row> back = spark.read().parquet(dir.resolve("m").toString());
    assertEquals(SCHEMA.asNullable(), back.schema(), "Spark reads every Parquet column as nullable");
    assertEquals(strings(TABLE.rows()), strings(back.collectAsList()));
    assertEquals(3, MartFiles.rowCount(conf, folder("m")));
  }

  @Test
  void filesLookAsASparkWriteOfTheSameTable() throws IOException {
    MartFiles.write(spark, folder("ours"), TABLE);
    TABLE.toDataset(spark).coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(dir.resolve("spark").toString());
    FileMetaData ours = footer("ours");
    FileMetaData theirs = footer("spark");
    assertEquals(theirs.getSchema(), ours.getSchema(), "Parquet schema: types, annotations, required/optional");
    assertEquals(theirs.getKeyValueMetaData(), ours.getKeyValueMetaData(), "Spark's schema and version");
    assertEquals(theirs.getCreatedBy(), ours.getCreatedBy());
    assertEquals(names("spark"), names("ours"), "part-00000-<uuid>-c000.snappy.parquet and _SUCCESS");
  }

  @Test
  void anEmptyTableKeepsItsSchema() throws IOException {
    MartTable empty = new MartTable(SCHEMA, List.of());
    MartFiles.write(spark, folder("empty"), empty);
    empty.toDataset(spark).coalesce(1).write().parquet(dir.resolve("spark-empty").toString());
    assertEquals(footer("spark-empty").getKeyValueMetaData(), footer("empty").getKeyValueMetaData());
    Dataset<Row> back = spark.read().parquet(dir.resolve("empty").toString());
    assertEquals(SCHEMA.asNullable(), back.schema());
    assertEquals(0, back.count());
    assertEquals(0, MartFiles.rowCount(conf, folder("empty")));
  }

  @Test
  void readGivesColumnsByNameWithNullsAndNestedLists() {
    MartFiles.write(spark, folder("m"), TABLE);
    List<Map<String, Object>> rows = MartFiles.read(conf, folder("m"));
    assertEquals(3, rows.size());
    assertEquals("µ 𝛼 ü", rows.get(0).get("label"));
    assertEquals(null, rows.get(0).get("events"));
    assertEquals(Long.MIN_VALUE, rows.get(1).get("n"));
    assertEquals(-2, rows.get(1).get("step"));
    assertEquals(false, rows.get(1).get("flag"));
    assertTrue(Double.isNaN((Double) rows.get(0).get("estimate")));

    StructType nested = DataTypes.createStructType(List.of(DataTypes.createStructField("items",
        DataTypes.createArrayType(DataTypes.createStructType(List.of(
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("rows", DataTypes.LongType, false))), false), false)));
    spark.createDataFrame(List.of(RowFactory.create(scala.jdk.javaapi.CollectionConverters.asScala(List.of(
        RowFactory.create("a", 1L), RowFactory.create("b", 2L))).toList())), nested)
        .write().parquet(dir.resolve("nested").toString());
    assertEquals(List.of(Map.of("items", List.of(Map.of("path", "a", "rows", 1L), Map.of("path", "b", "rows", 2L)))),
        MartFiles.read(conf, folder("nested")));
  }

  @Test
  void honoursTheSessionCodecAndNeverOverwrites() throws IOException {
    MartFiles.write(conf, folder("plain"), TABLE, MartFiles.codec("none"), MartFiles.SPARK_VERSION);
    assertEquals(List.of("_SUCCESS", "part-00000-<uuid>-c000.parquet"), names("plain"));
    assertEquals(CompressionCodecName.ZSTD, MartFiles.codec("zstd"));
    assertEquals(strings(TABLE.rows()), strings(spark.read().parquet(dir.resolve("plain").toString()).collectAsList()));
    assertThrows(IllegalStateException.class, () -> MartFiles.write(spark, folder("plain"), TABLE));
  }

  @Test
  void refusesWhatItCannotWriteAsSparkWould() {
    StructType withDate = DataTypes.createStructType(List.of(
        DataTypes.createStructField("day", DataTypes.DateType, true)));
    assertFalse(MartFiles.writable(withDate));
    assertTrue(MartFiles.writable(SCHEMA));
    assertThrows(IllegalArgumentException.class, () -> MartFiles.write(spark, folder("date"),
        new MartTable(withDate, List.of())));
    MartTable nullInRequired = new MartTable(SCHEMA, List.of(RowFactory.create("a", null, 1.0, 1.0, 1L, 1L, 1, 1,
        true, true)));
    assertThrows(IllegalArgumentException.class, () -> MartFiles.write(spark, folder("null"), nullInRequired));
  }

  @Test
  void sortsAsSparkOrderBy() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("s", DataTypes.StringType, true),
        DataTypes.createStructField("d", DataTypes.DoubleType, true),
        DataTypes.createStructField("i", DataTypes.IntegerType, true)));
    List<Row> rows = new ArrayList<>();
    String[] strings = {"b", "a", null, "", "\uFF5E", "\uD83D\uDE00", "B", "ab"};
    Double[] doubles = {null, Double.NaN, -0.0, 0.0, -1.0, Double.POSITIVE_INFINITY};
    Integer[] ints = {null, 2, -3};
    int k = 0;
    for (String s : strings) {
      for (Double d : doubles) {
        rows.add(RowFactory.create(s, d, ints[k++ % ints.length]));
      }
    }
    MartTable table = new MartTable(schema, rows);
    // -0.0 and 0.0 are equal in both orders, so compare on the columns that decide the order
    for (String[] by : List.of(new String[] {"s", "d", "i"}, new String[] {"d", "i", "s"},
        new String[] {"i", "s", "d"})) {
      List<String> ours = table.sortedBy(by).rows().stream().map(r -> key(r, schema, by)).toList();
      List<String> sparks = table.toDataset(spark).orderBy(by[0], Arrays.copyOfRange(by, 1, by.length))
          .collectAsList().stream().map(r -> key(r, schema, by)).toList();
      assertEquals(sparks, ours, String.join(",", by));
    }
  }

  private static String key(Row r, StructType schema, String[] columns) {
    StringBuilder b = new StringBuilder();
    for (String c : columns) {
      Object v = r.get(schema.fieldIndex(c));
      b.append(v instanceof Double d && d == 0.0 ? "0.0" : String.valueOf(v)).append('|');
    }
    return b.toString();
  }

  private FileMetaData footer(String name) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(name))) {
      Path part = files.filter(p -> p.getFileName().toString().startsWith("part-")
          && p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
          new org.apache.hadoop.fs.Path(part.toUri()), conf))) {
        return r.getFooter().getFileMetaData();
      }
    }
  }

  /** File names with the unique part replaced, hidden checksum files left out. */
  private List<String> names(String name) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(name))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
          .map(n -> n.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>"))
          .sorted().toList();
    }
  }

  private static List<String> strings(List<Row> rows) {
    return rows.stream().map(Row::toString).toList();
  }
}
