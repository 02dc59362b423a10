package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.testing.LocalSpark;

/**
 * The job jar on a real Spark standalone cluster: scripts/local-cluster.sh starts a master and two workers of one
 * core each on 127.0.0.1 (once for the class), scripts/submit.sh submits jobs/target/npc-outcomes-jobs.jar to it,
 * and the marts are compared with the same runs in this JVM on an embedded Spark (rows equal after sorting,
 * doubles to 1e-12). The faults: an executor JVM killed while the analysis tasks run (its tasks are retried on
 * the other executor), and the driver killed while it publishes (the previous output of the run id stays
 * byte for byte). Whatever happens, everything started here is stopped: in {@link #stopCluster}, or by a
 * shutdown hook when the JVM goes first.
 *
 * <p>Needs the packaged jar, so it runs in an execution of its own after {@code package} (see jobs/pom.xml),
 * which sets {@code npc.cluster-test}; elsewhere it is skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRunTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration RUN = Duration.ofMinutes(10);
  private static final Pattern APP_ID = Pattern.compile("(app-[0-9]+-[0-9]+)");

  @TempDir
  static Path dir;
  private static Path state;
  private static SparkSession spark;
  private static final List<Script> scripts = new CopyOnWriteArrayList<>();
  private static Thread shutdownHook;
  private static boolean stopped;
  /** The full pipeline's output on the cluster and locally, once the first test has made them. */
  private static Path clusterSample;
  private static Path localSample;

  @BeforeAll
  static void startCluster() throws IOException {
    assumeTrue(Boolean.getBoolean("npc.cluster-test"), "runs in the cluster-run execution, after package");
    assertTrue(Files.isRegularFile(ROOT.resolve("jobs/target/npc-outcomes-jobs.jar")), "the job jar is built");
    state = Files.createDirectories(dir.resolve("cluster")).toRealPath();
    shutdownHook = new Thread(ClusterRunTest::stopEverything, "stop the local cluster");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Script start = script("start", Map.of(), "local-cluster.sh", "start");
    assertEquals(0, start.waitFor(Duration.ofMinutes(4)), () -> "cluster start:\n" + start.output());
    assertTrue(start.output().contains("master reports 2 worker(s) ALIVE"), start::output);
    spark = LocalSpark.session();
  }

  @AfterAll
  static void stopCluster() {
    if (shutdownHook != null) {
      stopEverything();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
  }

  /** Kills what the tests started and is still running, then stops the cluster (its daemons by recorded PID). */
  private static synchronized void stopEverything() {
    if (stopped) {
      return;
    }
    stopped = true;
    scripts.forEach(Script::kill);
    try {
      Script stop = script("stop", Map.of(), "local-cluster.sh", "stop");
      stop.waitFor(Duration.ofMinutes(2));
    } catch (RuntimeException e) {
      System.err.println("could not stop the local cluster in " + state + ": " + e);
    }
  }

  @Test
  @Order(1)
  void theWholePipelineOnTheClusterGivesTheMartsOfALocalRun() {
    Script cluster = submit("sample", Map.of(), sampleArgs(dir.resolve("cluster-run")));
    // the same run in this JVM meanwhile
    localSample = runLocally(Job.ALL, sampleOverrides(dir.resolve("local-run")));
    assertEquals(0, cluster.waitFor(RUN), cluster::output);
    assertTrue(cluster.output().contains("started (spark://127.0.0.1:"), cluster::output);
    clusterSample = dir.resolve("cluster-run/out/sample");
    PublishedMarts.assertSameMarts(localSample, clusterSample);
    for (Path run : List.of(localSample, clusterSample)) {
      PublishedMarts.Table manifest = PublishedMarts.read(run.resolve(Mart.RUN_MANIFEST.relativePath()));
      assertEquals(1L, manifest.rows().get(0).get(manifest.columns().indexOf("seed")), "seed recorded");
    }
  }

  @Test
  @Order(2)
  void anExecutorKilledDuringTheAnalysisCostsARetryAndTheMartsOfOneExecutor() throws IOException {
    Path cohort = largerCohort(dir.resolve("larger-cohort.csv"), 10);
    List<String> args = List.of("--job", "analyze", "--config", ROOT.resolve("conf/application.conf").toString(),
        "-Danalyze.input=" + cohort, "-Drun.id=larger");
    List<String> faulty = new ArrayList<>(args);
    faulty.addAll(List.of("-Drun.output=" + dir.resolve("fault-run/out"),
        "-Drun.work-dir=" + dir.resolve("fault-run/work")));
    Script cluster = submit("executor-fault", Map.of(), faulty);
    String[] killed = killTheExecutorOfTheFirstAnalysisTask(cluster); // {app id, stage}
    assertEquals(0, cluster.waitFor(RUN), cluster::output);
    assertTrue(cluster.output().contains("ERROR TaskSchedulerImpl: Lost executor"), cluster::output);
    String retry = "Finished task 0.1 in stage " + killed[1] + ".0 ";
    assertTrue(executorLogs(killed[0]).stream().anyMatch(l -> l.contains(retry)),
        () -> "another executor ran the task again (" + retry + "):\n" + cluster.output());

    // the same on one executor, undisturbed
    List<String> oneExecutor = new ArrayList<>(args);
    oneExecutor.addAll(List.of("-Drun.output=" + dir.resolve("one-executor/out"),
        "-Drun.work-dir=" + dir.resolve("one-executor/work"), "-Dcluster.total-executor-cores=1"));
    Script clean = submit("one-executor", Map.of(), oneExecutor);
    assertEquals(0, clean.waitFor(RUN), clean::output);
    assertFalse(clean.output().contains("Lost executor"), clean::output);
    PublishedMarts.assertSameMarts(dir.resolve("one-executor/out/larger"), dir.resolve("fault-run/out/larger"));
  }

  private static final Pattern TASK =
      Pattern.compile("(Running|Finished) task ([0-9]+)\\.([0-9]+) in stage ([0-9]+)\\.([0-9]+) \\(TID ([0-9]+)\\)");

  /**
   * Waits for the driver's progress line that the analysis has read its cohort; the next stage is the analysis
   * tasks, the first of which (the propensity model and matching) runs for seconds. Kills (SIGKILL) the executor
   * JVM that runs it, as soon as its log shows the task started and not finished.
   */
  private static String[] killTheExecutorOfTheFirstAnalysisTask(Script cluster) {
    Matcher m = APP_ID.matcher(cluster.awaitLine("spark 4.0.1 started", RUN));
    assertTrue(m.find());
    String app = m.group(1);
    cluster.awaitLine("cohort rows read", RUN);
    int stagesBefore = -1;
    for (ProcessHandle e : executors(app)) {
      for (String line : log(e)) {
        Matcher t = TASK.matcher(line);
        if (t.find()) {
          stagesBefore = Math.max(stagesBefore, Integer.parseInt(t.group(4)));
        }
      }
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline && cluster.process.isAlive()) {
      for (ProcessHandle e : executors(app)) {
        String[] running = null; // {stage, TID} of task 0 while it runs
        for (String line : log(e)) {
          Matcher t = TASK.matcher(line);
          if (t.find() && t.group(2).equals("0") && Integer.parseInt(t.group(4)) > stagesBefore) {
            running = t.group(1).equals("Running") ? new String[] {t.group(4), t.group(6)} : null;
          }
        }
        if (running != null) {
          e.destroyForcibly();
          cluster.note("killed executor " + cwd(e).getFileName() + " (pid " + e.pid() + ") of " + app
              + " running task 0 in stage " + running[0] + " (TID " + running[1] + ")");
          return new String[] {app, running[0]};
        }
      }
      sleep(20);
    }
    return fail("no executor of " + app + " was seen running the first analysis task:\n" + cluster.output());
  }

  /** Every line the executors of an application logged, those killed included. */
  private static List<String> executorLogs(String app) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> workers = Files.list(state)) {
      for (Path worker : workers.filter(w -> w.getFileName().toString().startsWith("worker-")).toList()) {
        Path appFolder = worker.resolve(app);
        if (Files.isDirectory(appFolder)) {
          try (Stream<Path> executors = Files.list(appFolder)) {
            for (Path executor : executors.toList()) {
              out.addAll(Files.readAllLines(executor.resolve("stderr"), StandardCharsets.UTF_8));
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  @Order(3)
  void aDriverKilledWhilePublishingLeavesThePreviousOutputAndARerunCompletesIt() throws IOException {
    assumeTrue(clusterSample != null, "needs the first test's output");
    Map<String, String> before = PublishedMarts.fileTree(clusterSample);
    List<String> args = new ArrayList<>(List.of("--job", "cohort"));
    args.addAll(sampleArgs(dir.resolve("cluster-run")));
    Script killed = submit("driver-fault", Map.of("NPC_DRIVER_JAVA_OPTS", "-Dnpc.test.pause-before-commit-ms=600000"),
        args);
    killed.awaitLine("npc-outcomes test hook: publishing", RUN);
    killed.process.destroyForcibly();
    assertEquals(137, killed.waitFor(Duration.ofMinutes(1)), "killed by SIGKILL");
    assertEquals(before, PublishedMarts.fileTree(clusterSample), "the previous output, byte for byte");
    try (Stream<Path> staged = Files.list(dir.resolve("cluster-run/out/_staging"))) {
      assertTrue(staged.anyMatch(p -> Files.isDirectory(p.resolve(Mart.COHORT.relativePath()))),
          "the killed run had staged its marts");
    }

    // the same job again completes the run's marts: equal to the local run's
    assertEquals(clusterSample, runLocally(Job.COHORT, sampleOverrides(dir.resolve("cluster-run"))));
    PublishedMarts.assertSameMarts(localSample, clusterSample);
    try (Stream<Path> retired = Files.list(Files.createDirectories(dir.resolve("cluster-run/out/_retired")))) {
      assertFalse(retired.anyMatch(p -> p.getFileName().toString().startsWith("sample-")), "nothing left retired");
    }
  }

  /** The lines an executor has logged so far. */
  private static List<String> log(ProcessHandle executor) {
    try {
      return Files.readAllLines(cwd(executor).resolve("stderr"), StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  // ---- runs

  private static List<String> sampleArgs(Path base) {
    List<String> args = new ArrayList<>(List.of("--config", ROOT.resolve("conf/application.conf").toString()));
    sampleOverrides(base).forEach((k, v) -> args.add("-D" + k + "=" + v));
    return args;
  }

  private static Map<String, String> sampleOverrides(Path base) {
    return Map.of("run.id", "sample", "run.output", base.resolve("out").toString(),
        "run.work-dir", base.resolve("work").toString(),
        "input.paths", "[\"" + ROOT.resolve("sample-data/seer_case_listing.csv.gz") + "\"]",
        "input.source-mapping", ROOT.resolve("conf/sources/seer-labeled.conf").toString());
  }

  /** Runs a job in this JVM on the embedded Spark of the tests; returns the published run folder. */
  private static Path runLocally(Job job, Map<String, String> overrides) {
    PipelineSettings settings = PipelineSettings.from(ConfigLoader.load(List.of(ROOT.resolve("conf/application.conf")),
        overrides));
    PipelineRun run = new PipelineRun(settings, job, Clock.systemUTC());
    run.preflight(spark.sparkContext().hadoopConfiguration());
    return Path.of(run.execute(spark).toUri().getPath());
  }

  /** The sample's staged cohort {@code copies} times over, each copy with its own patient ids. */
  private static Path largerCohort(Path out, int copies) throws IOException {
    List<String> lines;
    try (var in = ClusterRunTest.class.getResourceAsStream("/fixtures/sample-cohort/cohort.csv")) {
      assertNotNull(in);
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    try (Writer w = Files.newBufferedWriter(out)) {
      w.write(lines.get(0) + "\n");
      for (int c = 0; c < copies; c++) {
        for (String line : lines.subList(1, lines.size())) {
          int idEnd = line.indexOf('"', 1); // the first column is the quoted patient id
          w.write(line.substring(0, idEnd) + "-" + c + line.substring(idEnd) + "\n");
        }
      }
    }
    return out;
  }

  private static Script submit(String name, Map<String, String> env, List<String> args) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("NPC_DRIVER_JAVA_OPTS", "");
    List<String> withMemory = new ArrayList<>(args);
    withMemory.add("-Dcluster.driver-memory=1g");
    return script(name, all, "submit.sh", withMemory.toArray(new String[0]));
  }

  // ---- processes

  private static Script script(String name, Map<String, String> env, String script, String... args) {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts").resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().put("NPC_CLUSTER_STATE", state.toString());
    pb.environment().put("NPC_SKIP_BUILD", "1");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_LOCAL_DIRS", dir.resolve("spark-local").toString());
    pb.environment().putAll(env);
    try {
      Script s = new Script(pb.start(), dir.resolve(name + ".log"));
      scripts.add(s);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A script running: its output lines kept (and written to a log file as they come). */
  private static final class Script {
    final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    Script(Process process, Path log) {
      this.process = process;
      reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)); Writer w = Files.newBufferedWriter(log)) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            lines.add(line);
            w.write(line + "\n");
            w.flush();
          }
        } catch (IOException e) {
          lines.add("(output no longer readable: " + e + ")");
        }
      }, "output of " + log.getFileName());
      reader.setDaemon(true);
      reader.start();
    }

    /** The first output line containing {@code text}; fails when the process ends first or time runs out. */
    String awaitLine(String text, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      for (int seen = 0; System.nanoTime() < deadline; sleep(20)) {
        for (; seen < lines.size(); seen++) {
          if (lines.get(seen).contains(text)) {
            return lines.get(seen);
          }
        }
        if (!process.isAlive() && !reader.isAlive() && seen == lines.size()) {
          fail("ended without printing '" + text + "':\n" + output());
        }
      }
      kill();
      return fail("no line '" + text + "' within " + timeout + ":\n" + output());
    }

    int waitFor(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          kill();
          fail("still running after " + timeout + ":\n" + output());
        }
        reader.join(10_000);
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** A line of the test's own among the output, for the record. */
    void note(String line) {
      lines.add("[ClusterRunTest] " + line);
    }

    String output() {
      return String.join("\n", lines);
    }

    void kill() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** Executor JVMs of an application, started by this cluster's workers (their working folder is in its state). */
  private static List<ProcessHandle> executors(String app) {
    return ProcessHandle.allProcesses().filter(p -> {
      List<String> args = commandLine(p);
      int at = args.indexOf("--app-id");
      return args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend") && at >= 0
          && at + 1 < args.size() && args.get(at + 1).equals(app) && cwd(p).startsWith(state);
    }).toList();
  }

  private static List<String> commandLine(ProcessHandle p) {
    try {
      return List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
          StandardCharsets.UTF_8).split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Path cwd(ProcessHandle p) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"));
    } catch (IOException e) {
      return Path.of("");
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
