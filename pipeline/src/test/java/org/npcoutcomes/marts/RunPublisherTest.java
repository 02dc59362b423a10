package org.npcoutcomes.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.testing.LocalSpark;

class RunPublisherTest {
  private static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("value", DataTypes.IntegerType, false)));

  @TempDir
  Path out;

  private final SparkSession spark = LocalSpark.session();

  private Dataset<Row> rows(int... values) {
    return spark.createDataFrame(java.util.Arrays.stream(values).mapToObj(v -> RowFactory.create(v)).toList(), SCHEMA);
  }

  private RunPublisher publisher(String runId) {
    return new RunPublisher(spark.sparkContext().hadoopConfiguration(), out.toString(), runId);
  }

  private List<Integer> published(String runId, Mart mart) {
    return spark.read().parquet(out.resolve(runId).resolve(mart.relativePath()).toString()).orderBy("value")
        .collectAsList().stream().map(r -> r.getInt(0)).toList();
  }

  @Test
  void publishesIntoRunFolderWithRestrictedMartsApart() {
    RunPublisher p = publisher("r1");
    assertEquals(2, p.write(Mart.ATTRITION, rows(1, 2), true));
    p.write(Mart.COHORT, rows(7), true);
    assertFalse(Files.exists(out.resolve("r1")), "nothing visible before commit");
    p.commit();
    assertEquals(List.of(1, 2), published("r1", Mart.ATTRITION));
    assertTrue(Files.isDirectory(out.resolve("r1/restricted/cohort")));
  }

  @Test
  void tablesOnTheDriverAndSparkWritesAreCountedWithoutReadingThemBack() {
    RunPublisher p = publisher("r5");
    MartTable small = new MartTable(SCHEMA, List.of(RowFactory.create(4), RowFactory.create(2)));
    assertEquals(2, p.write(Mart.KM_CURVE, small, spark));
    assertEquals(5, p.write(Mart.ATTRITION, rows(1, 2, 3, 4, 5).repartition(3), false), "rows of several files");
    p.commit();
    assertEquals(List.of(2, 4), published("r5", Mart.KM_CURVE));
    assertEquals(List.of(1, 2, 3, 4, 5), published("r5", Mart.ATTRITION));
    assertEquals(java.util.Map.of(Mart.KM_CURVE, 2L, Mart.ATTRITION, 5L), p.written());
  }

  @Test
  void abortedRunLeavesPreviousOutputIntact() throws IOException {
    RunPublisher first = publisher("r2");
    first.write(Mart.ATTRITION, rows(1), true);
    first.commit();
    RunPublisher failed = publisher("r2");
    failed.write(Mart.ATTRITION, rows(99), true);
    failed.abort();
    assertEquals(List.of(1), published("r2", Mart.ATTRITION));
    try (Stream<Path> staging = Files.list(out.resolve("_staging"))) {
      assertEquals(0, staging.count(), "staging cleaned up");
    }
  }

  @Test
  void rerunOfSameIdReplacesWrittenMartsAndKeepsOthers() {
    RunPublisher first = publisher("r3");
    first.write(Mart.ATTRITION, rows(1), true);
    first.write(Mart.KM_CURVE, rows(5), true);
    first.commit();
    RunPublisher second = publisher("r3");
    second.write(Mart.KM_CURVE, rows(6, 7), true);
    second.commit();
    assertEquals(List.of(6, 7), published("r3", Mart.KM_CURVE));
    assertEquals(List.of(1), published("r3", Mart.ATTRITION), "a single-stage rerun keeps the other marts");
  }

  @Test
  void interruptedSwapIsRestored() throws IOException {
    RunPublisher first = publisher("r4");
    first.write(Mart.ATTRITION, rows(3), true);
    first.commit();
    // as if a process died after retiring the published folder and before moving staging in
    Files.createDirectories(out.resolve("_retired"));
    Files.move(out.resolve("r4"), out.resolve("_retired/r4-123e4567-e89b-12d3-a456-426614174000"));
    publisher("r4");
    assertEquals(List.of(3), published("r4", Mart.ATTRITION));
  }

  @Test
  void stagingLeftByAKilledRunIsRemovedByTheNextRunOfThatIdOnly() throws IOException {
    // as if two runs of "r6" (one making the report) and one of "r6-b" had been killed before publishing
    Path killed = out.resolve("_staging/r6-123e4567-e89b-12d3-a456-426614174000/attrition");
    Path killedReport = out.resolve("_staging/r6-123e4567-e89b-12d3-a456-426614174001-report/report");
    Path other = out.resolve("_staging/r6-b-123e4567-e89b-12d3-a456-426614174002/attrition");
    for (Path p : List.of(killed, killedReport, other)) {
      Files.createDirectories(p);
      Files.writeString(p.resolve("part-0.parquet"), "partial");
    }
    RunPublisher next = publisher("r6");
    assertFalse(Files.exists(killed.getParent()));
    assertFalse(Files.exists(killedReport.getParent()));
    assertTrue(Files.exists(other), "another run id's staging is not touched");
    next.write(Mart.ATTRITION, rows(8), true);
    next.commit();
    assertEquals(List.of(8), published("r6", Mart.ATTRITION));
    assertFalse(RunPublisher.isToken("r6-b-123e4567-e89b-12d3-a456-426614174002", "r6"));
    assertTrue(RunPublisher.isToken("r6-b-123e4567-e89b-12d3-a456-426614174002", "r6-b"));
  }

  private RunPublisher byMarker(String runId) {
    return new RunPublisher(spark.sparkContext().hadoopConfiguration(), out.toString(), runId,
        RunPublisher.Publication.MARKER);
  }

  private List<Integer> publishedByMarker(String runId, Mart mart) throws IOException {
    org.apache.hadoop.fs.Path run = new org.apache.hadoop.fs.Path(out.resolve(runId).toString());
    org.apache.hadoop.fs.Path folder = PublishedRun.locate(run.getFileSystem(spark.sparkContext()
        .hadoopConfiguration()), run);
    return spark.read().parquet(new org.apache.hadoop.fs.Path(folder, mart.relativePath()).toString())
        .orderBy("value").collectAsList().stream().map(r -> r.getInt(0)).toList();
  }

  /** Every file under a folder with its bytes, to compare a tree before and after. */
  private static java.util.Map<String, String> tree(Path folder) throws IOException {
    java.util.Map<String, String> files = new java.util.TreeMap<>();
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(f).toString(), java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  @Test
  void byMarkerAPublicationIsAVersionFolderNamedByTheNewestMarker() throws IOException {
    RunPublisher first = byMarker("m1");
    first.write(Mart.ATTRITION, rows(1), true);
    first.write(Mart.KM_CURVE, rows(5), true);
    first.commit();
    assertEquals(List.of(1), publishedByMarker("m1", Mart.ATTRITION));
    RunPublisher second = byMarker("m1");
    second.write(Mart.KM_CURVE, rows(6, 7), true);
    second.commit();
    assertEquals(List.of(6, 7), publishedByMarker("m1", Mart.KM_CURVE));
    assertEquals(List.of(1), publishedByMarker("m1", Mart.ATTRITION), "a single-stage rerun keeps the other marts");
    RunPublisher third = byMarker("m1");
    third.write(Mart.KM_CURVE, rows(8), true);
    third.commit();
    try (Stream<Path> versions = Files.list(out.resolve("m1"))) {
      assertEquals(2, versions.filter(p -> p.getFileName().toString().startsWith("v-")).count(),
          "the published version and the one before it are kept");
    }
  }

  @Test
  void byMarkerARunKilledBeforeItsCommitLeavesThePublishedFilesAsTheyWere() throws IOException {
    RunPublisher first = byMarker("m2");
    first.write(Mart.ATTRITION, rows(1, 2), true);
    first.commit();
    java.util.Map<String, String> before = tree(out.resolve("m2"));
    RunPublisher killed = byMarker("m2");
    killed.write(Mart.ATTRITION, rows(99), true);
    // no commit and no abort: the process died here
    java.util.Map<String, String> after = tree(out.resolve("m2"));
    after.keySet().removeIf(k -> !before.containsKey(k) && k.startsWith(killed.target().getName()));
    assertEquals(before, after, "the published version and its marker are byte-identical");
    assertEquals(List.of(1, 2), publishedByMarker("m2", Mart.ATTRITION));
    RunPublisher rerun = byMarker("m2");
    assertFalse(Files.exists(Path.of(killed.target().toUri().getPath())), "the dead run's version is removed");
    rerun.write(Mart.ATTRITION, rows(3), true);
    rerun.commit();
    assertEquals(List.of(3), publishedByMarker("m2", Mart.ATTRITION));
  }

  @Test
  void aLaterInterruptedSwapRestoresTheLatestPublicationNotAnOlderLeftover() throws IOException {
    RunPublisher first = publisher("r5");
    first.write(Mart.ATTRITION, rows(1), true);
    first.commit();
    // as if a process died while deleting the retired folder after its swap: a half-deleted older publication
    Path leftover = out.resolve("_retired/r5-00000000-0000-0000-0000-000000000000");
    Files.createDirectories(leftover.resolve(Mart.ATTRITION.relativePath()));
    Files.writeString(leftover.resolve(Mart.ATTRITION.relativePath()).resolve("part-0.parquet"), "half deleted");
    Files.createDirectories(out.resolve("_retired/r5-1-123e4567-e89b-12d3-a456-426614174000"));
    RunPublisher second = publisher("r5");
    assertFalse(Files.exists(leftover), "a retired folder beside its complete successor is removed");
    assertTrue(Files.exists(out.resolve("_retired/r5-1-123e4567-e89b-12d3-a456-426614174000")),
        "run r5-1's folder is not r5's");
    second.write(Mart.ATTRITION, rows(2), true);
    second.commit();
    // as if the next process died between its two renames
    Files.move(out.resolve("r5"), out.resolve("_retired/r5-123e4567-e89b-12d3-a456-426614174000"));
    publisher("r5");
    assertEquals(List.of(2), published("r5", Mart.ATTRITION));
    try (Stream<Path> retired = Files.list(out.resolve("_retired"))) {
      assertEquals(List.of("r5-1-123e4567-e89b-12d3-a456-426614174000"),
          retired.map(p -> p.getFileName().toString()).toList());
    }
  }
}
