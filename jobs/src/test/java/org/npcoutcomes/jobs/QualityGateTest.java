package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.ingest.InputFiles;
import org.npcoutcomes.marts.InputFile;
import org.npcoutcomes.testing.LocalSpark;

/** The gate compares the reader's own line count with clean plus rejected rows, per file. */
class QualityGateTest {
  private static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("source_file", DataTypes.StringType, false),
      DataTypes.createStructField("reason", DataTypes.StringType, true)));

  private static Dataset<Row> rows(String file, int n, String reason) {
    SparkSession spark = LocalSpark.session();
    List<Row> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(RowFactory.create(file, reason));
    }
    return spark.createDataFrame(out, SCHEMA);
  }

  private static List<InputFiles.Resolved> inputs(java.nio.file.Path file) throws java.io.IOException {
    java.nio.file.Files.writeString(file, "x");
    return List.of(new InputFiles.Resolved(file.toString(), 1));
  }

  @Test
  void rowsThatDoNotAddUpStopTheRunNamingTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    List<InputFiles.Resolved> in = inputs(dir.resolve("a.csv"));
    String f = in.get(0).path();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new QualityGate(0.05)
        .check(LocalSpark.session(), in, Map.of(f, 100L), rows(f, 98, null), rows(f, 1, "out_of_range")));
    assertTrue(e.getMessage().contains(f) && e.getMessage().contains("100 lines read but 98 clean + 1 rejected"),
        e.getMessage());
  }

  @Test
  void rowsThatAddUpAreRecordedPerFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    List<InputFiles.Resolved> in = inputs(dir.resolve("b.csv"));
    String f = in.get(0).path();
    List<InputFile> out = new QualityGate(0.05).check(LocalSpark.session(), in, Map.of(f, 100L), rows(f, 97, null),
        rows(f, 3, "out_of_range"));
    assertEquals(new InputFile(f, out.get(0).sha256(), 1, 100, 97, 3), out.get(0));
  }
}
