package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.testing.LocalSpark;

/**
 * The faults of a nightly run that must end in a clear error and leave what was there before: a broken input
 * file (truncated or corrupt gzip, binary, not UTF-8), stage data a failed stage would have left half written,
 * two runs of one run id, a lock left by a killed run, an output folder that cannot be written; and the
 * permissions a run leaves on patient-level data.
 */
class FailedNightTest {
  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static Path truncated;
  private static Path corrupt;
  /** The first lines of the sample: enough for a run that succeeds, small enough to keep the tests quick. */
  private static Path small;

  @BeforeAll
  static void files() throws IOException {
    spark = LocalSpark.session();
    byte[] sample = Files.readAllBytes(SampleExtract.FILE);
    truncated = dir.resolve("truncated.csv.gz");
    Files.write(truncated, java.util.Arrays.copyOf(sample, sample.length * 6 / 10));
    byte[] damaged = sample.clone();
    for (int i = damaged.length / 2; i < damaged.length / 2 + 512; i++) {
      damaged[i] = (byte) (damaged[i] ^ 0x5A);
    }
    corrupt = dir.resolve("corrupt.csv.gz");
    Files.write(corrupt, damaged);
    small = dir.resolve("small.csv.gz");
    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
            new java.util.zip.GZIPInputStream(Files.newInputStream(SampleExtract.FILE)), StandardCharsets.UTF_8));
        var out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(small)),
            StandardCharsets.UTF_8)) {
      for (int i = 0; i < 3000; i++) {
        out.write(in.readLine() + "\n");
      }
    }
  }

  private static PipelineSettings settings(String runId, Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>(Map.of(
        "input.paths", input(small),
        "input.source-mapping", "../conf/sources/seer-labeled.conf",
        "run.id", runId, "run.output", dir.resolve("out").toString(), "run.work-dir", dir.resolve("work").toString()));
    overrides.putAll(extra);
    return PipelineSettings.from(ConfigLoader.load(List.of(Path.of("..", "conf", "application.conf")), overrides));
  }

  private static PipelineRun prepared(PipelineSettings settings, Job job) {
    PipelineRun run = new PipelineRun(settings, job, Clock.systemUTC());
    run.preflight(spark.sparkContext().hadoopConfiguration());
    return run;
  }

  private static org.apache.hadoop.fs.Path run(PipelineSettings settings, Job job) {
    return prepared(settings, job).execute(spark);
  }

  private static String input(Path file) {
    return "[\"" + file + "\"]";
  }

  /** Runs a job expected to fail during its work; returns the one line an operator reads. */
  private static String failure(PipelineSettings settings, Job job) {
    PipelineRun run = prepared(settings, job);
    Exception e = assertThrows(Exception.class, () -> run.execute(spark));
    return RunFailure.describe(e);
  }

  private static Map<String, String> checksums(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString(), sha256(f));
      }
    }
    return out;
  }

  private static String sha256(Path f) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aTruncatedGzipFailsWithOneLineAndLeavesNoStageDataForTheCohortJob() {
    String line = failure(settings("truncated", Map.of("input.paths", input(truncated))), Job.ALL);
    assertFalse(line.contains("\n"), line);
    assertTrue(line.contains("truncated.csv.gz") && line.contains("truncated compressed file"), line);
    assertTrue(line.matches(".*after line \\d+, at byte offset \\d+ of the compressed file.*"), line);
    // the clean stage never completed: the cohort job stops before any work, naming the stage and run id
    PipelineRun cohort = new PipelineRun(settings("truncated", Map.of()), Job.COHORT, Clock.systemUTC());
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> cohort.preflight(spark.sparkContext().hadoopConfiguration()));
    assertTrue(e.getMessage().contains("no complete clean stage data for run id 'truncated'")
        && e.getMessage().contains("run --job clean first"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out").resolve("truncated")), "nothing published");
  }

  @Test
  void aFailedCleanLeavesThePreviousStageDataAsItWas() throws IOException {
    run(settings("kept", Map.of()), Job.INGEST);
    run(settings("kept", Map.of()), Job.CLEAN);
    Path clean = dir.resolve("work").resolve("kept").resolve("clean");
    Map<String, String> before = checksums(clean);
    assertTrue(before.containsKey(StageData.COMPLETE), before.keySet().toString());
    String line = failure(settings("kept", Map.of("input.paths", input(corrupt))), Job.ALL);
    assertTrue(line.contains("corrupt.csv.gz") && line.contains("corrupt compressed data"), line);
    assertFalse(line.contains("\n"), line);
    assertEquals(before, checksums(clean), "the clean stage data of the previous run is intact");
    // stage data without its completion mark (a stage killed by an earlier version) is not read
    Files.delete(clean.resolve(StageData.COMPLETE));
    PipelineRun cohort = new PipelineRun(settings("kept", Map.of()), Job.COHORT, Clock.systemUTC());
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> cohort.preflight(spark.sparkContext().hadoopConfiguration()));
    assertTrue(e.getMessage().contains("no complete clean stage data"), e.getMessage());
  }

  @Test
  void aBinaryFileOrAHeaderThatIsNotUtf8StopsTheRunBeforeAnyWork() throws IOException {
    Path binary = dir.resolve("binary.csv");
    byte[] bytes = "patient_id,sex\n".getBytes(StandardCharsets.UTF_16LE);
    Files.write(binary, bytes);
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> prepared(settings("binary", Map.of("input.paths", input(binary))), Job.ALL));
    assertTrue(e.getMessage().contains("binary.csv: not a text extract (a NUL byte at byte offset 1"), e.getMessage());
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, "Patient ID,Ann\u00e9e\n1,2\n".getBytes(StandardCharsets.ISO_8859_1));
    e = assertThrows(InvalidConfigException.class,
        () -> prepared(settings("latin1", Map.of("input.paths", input(latin1))), Job.ALL));
    assertTrue(e.getMessage().contains("latin1.csv line 1: the header row is not UTF-8 text (first bad byte at offset 14)"),
        e.getMessage());
    Path notGzip = dir.resolve("plain.csv.gz");
    Files.writeString(notGzip, "Patient ID,Sex\n1,Male\n");
    e = assertThrows(InvalidConfigException.class,
        () -> prepared(settings("notgzip", Map.of("input.paths", input(notGzip))), Job.ALL));
    assertTrue(e.getMessage().contains("plain.csv.gz: cannot read the first") && e.getMessage().contains("as .gz data"),
        e.getMessage());
  }

  @Test
  void aSecondRunOfTheSameIdFailsAtOnceNamingTheHolder() {
    PipelineRun first = prepared(settings("twice", Map.of()), Job.ALL);
    try {
      PipelineRun second = new PipelineRun(settings("twice", Map.of()), Job.ALL, Clock.systemUTC());
      InvalidConfigException e = assertThrows(InvalidConfigException.class,
          () -> second.preflight(spark.sparkContext().hadoopConfiguration()));
      assertEquals("run.id", e.key());
      assertTrue(e.getMessage().contains("run id 'twice' is locked by another run (job 'all' started ")
          && e.getMessage().contains("by process " + ProcessHandle.current().pid() + " on host "), e.getMessage());
      assertTrue(Files.exists(dir.resolve("out").resolve(RunLock.PREFIX + "twice")));
      assertTrue(Files.exists(dir.resolve("work").resolve(RunLock.PREFIX + "twice")));
    } finally {
      first.release();
    }
    assertFalse(Files.exists(dir.resolve("out").resolve(RunLock.PREFIX + "twice")), "released");
    prepared(settings("twice", Map.of()), Job.ALL).release();
  }

  @Test
  void aLockLeftByAKilledRunIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Path lock = dir.resolve("out").resolve(RunLock.PREFIX + "stale");
    Files.createDirectories(lock.getParent());
    // the holder's process is gone from this host
    Files.writeString(lock, new RunLock.Holder(host, gone.pid(), Instant.now(), "all", "t1").text());
    PipelineRun run = prepared(settings("stale", Map.of()), Job.ALL);
    assertNotEquals("t1", RunLock.Holder.parse(Files.readString(lock)).orElseThrow().token());
    run.release();
    // another host's lock, older than run.lock-stale-after
    Files.writeString(lock, new RunLock.Holder("elsewhere", 1, Instant.now().minusSeconds(7200), "all", "t2").text());
    prepared(settings("stale", Map.of("run.lock-stale-after", "1h")), Job.ALL).release();
    // another host's recent lock is held
    Files.writeString(lock, new RunLock.Holder("elsewhere", 1, Instant.now().minusSeconds(60), "all", "t3").text());
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> prepared(settings("stale", Map.of("run.lock-stale-after", "1h")), Job.ALL));
    assertTrue(e.getMessage().contains("process 1 on host elsewhere"), e.getMessage());
    Files.delete(lock);
  }

  @Test
  void anUnwritableOutputOrWorkFolderStopsTheRunBeforeAnyWork() throws IOException {
    // a regular file where a folder is needed: unwritable whoever runs the test (root included)
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> prepared(settings("unwritable", Map.of("run.output", file.resolve("out").toString())), Job.ALL));
    assertEquals("run.output", e.key());
    assertTrue(e.getMessage().contains("cannot write to folder " + file.resolve("out")), e.getMessage());
    e = assertThrows(InvalidConfigException.class,
        () -> prepared(settings("unwritable", Map.of("run.work-dir", file.resolve("work").toString())), Job.ALL));
    assertEquals("run.work-dir", e.key());
    assertFalse(Files.exists(dir.resolve("out").resolve(RunLock.PREFIX + "unwritable")),
        "the output folder's lock is released when the work folder's cannot be taken");
  }

  @Test
  void patientLevelDataIsOwnerOnlyAndCanGoElsewhere() throws IOException {
    Path elsewhere = dir.resolve("restricted-bucket");
    PipelineSettings settings = settings("private", Map.of("run.restricted-output", elsewhere.toString()));
    run(settings, Job.INGEST);
    run(settings, Job.CLEAN);
    Path published = Path.of(run(settings, Job.COHORT).toUri().getPath());
    Path restricted = elsewhere.resolve("private").resolve("restricted");
    assertTrue(Files.exists(restricted.resolve(Mart.COHORT.tableName())), "the cohort is published apart");
    assertTrue(Files.exists(restricted.resolve(Mart.REJECTS.tableName())), "the rejects are carried over apart");
    assertFalse(Files.exists(published.resolve("restricted")), "no patient rows beside the aggregate marts");
    Row manifest = spark.read().parquet(published.resolve(Mart.RUN_MANIFEST.relativePath()).toString()).first();
    assertEquals(restricted.toString(),
        new org.apache.hadoop.fs.Path(manifest.<String>getAs("restricted_location")).toUri().getPath());
    List<String> open = new ArrayList<>();
    int checked = permissionsUnder(restricted, open) + permissionsUnder(dir.resolve("work").resolve("private"), open);
    assertTrue(checked > 20, checked + " files and folders checked");
    assertEquals(List.of(), open, "patient-level files or folders readable by others");
  }

  /** Checks every file (0600) and folder (0700) under root, root included; returns how many there are. */
  private static int permissionsUnder(Path root, List<String> wrong) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = paths.toList();
      for (Path p : all) {
        String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
        String actual = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        if (!actual.equals(expected)) {
          wrong.add(p + " " + actual);
        }
      }
      return all.size();
    }
  }

  @Test
  void theAnalyzeJobRecordsItsInputTablesChecksum() throws IOException {
    Path cohort = Path.of("src", "test", "resources", "fixtures", "sample-cohort", "cohort.csv");
    // one outcome, no covariates: the analysis itself is not what is tested here
    Path spec = Files.writeString(dir.resolve("analyze.conf"), String.join("\n",
        "run { id = \"analyze-input\", output = \"" + dir.resolve("out") + "\", work-dir = \"" + dir.resolve("work")
            + "\" }",
        "analyze {",
        "  input = \"" + cohort + "\"",
        "  time = \"os_months\", status { column = \"os_event\", event = [1] }",
        "  treatment { column = \"arm\", reference = \"CHT\", treated = \"CHT+RT\" }",
        "}"));
    PipelineSettings settings = PipelineSettings.from(ConfigLoader.load(List.of(spec), Map.of()));
    Path published = Path.of(run(settings, Job.ANALYZE).toUri().getPath());
    Row manifest = spark.read().parquet(published.resolve(Mart.RUN_MANIFEST.relativePath()).toString()).first();
    List<Row> inputs = manifest.getList(manifest.fieldIndex("inputs"));
    assertEquals(1, inputs.size());
    Row in = inputs.get(0);
    assertEquals(cohort.toAbsolutePath().toString(), new org.apache.hadoop.fs.Path(in.<String>getAs("path")).toUri().getPath());
    assertEquals(sha256(cohort), in.getAs("sha256"));
    assertEquals(Files.size(cohort), (long) in.getAs("size_bytes"));
  }
}
