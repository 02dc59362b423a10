package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.testing.LocalSpark;

/** A CSV cohort read with its header taken on the driver gives what Spark's own header reading gives. */
class CohortTablesTest {
  @TempDir
  Path dir;

  private final SparkSession spark = LocalSpark.session();

  /** The table as Spark reads it when it finds the header itself. */
  private Dataset<Row> sparkOwn(Path file, String sep) {
    return spark.read().option("header", "true").option("nullValue", "NA").option("sep", sep)
        .option("mode", "FAILFAST").csv(file.toString());
  }

  private void assertSameAsSpark(Path file, String sep) {
    Dataset<Row> ours = CohortTables.read(spark, file.toString());
    Dataset<Row> theirs = sparkOwn(file, sep);
    assertEquals(theirs.schema(), ours.schema(), file.getFileName().toString());
    assertEquals(theirs.collectAsList(), ours.collectAsList(), file.getFileName().toString());
  }

  @Test
  void headersAsSparkNamesThem() throws IOException {
    String body = "1,3,NA,\"a, b\",x\n2,,5,c,y\n";
    for (String header : List.of("\"id\",\"inst\",\"ph.ecog\",\"label\",\"age_group\"", "id,,NA,label,x",
        "\uFEFFid,inst,time,label,sex")) {
      Path file = dir.resolve("t" + Math.abs(header.hashCode()) + ".csv");
      Files.writeString(file, header + "\n" + body);
      assertSameAsSpark(file, ",");
    }
    Path blankFirst = dir.resolve("blank.csv");
    Files.writeString(blankFirst, "\n  \nid,time\n1,2\n");
    assertSameAsSpark(blankFirst, ",");
  }

  @Test
  void tabSeparatedAndCompressedFiles() throws IOException {
    Path tsv = dir.resolve("c.tsv");
    Files.writeString(tsv, "id\ttime\tstatus\n1\t306\t2\n2\tNA\t1\n");
    assertSameAsSpark(tsv, "\t");
    Path gz = dir.resolve("c.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("id,time\r\n1,306\r\n2,455\r\n".getBytes(StandardCharsets.UTF_8));
    }
    assertSameAsSpark(gz, ",");
  }
}
