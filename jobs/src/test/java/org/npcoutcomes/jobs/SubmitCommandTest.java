package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.config.InvalidConfigException;

/** The spark-submit arguments scripts/submit.sh gets from the cluster block, and what stops a submission. */
class SubmitCommandTest {
  private static final String CLUSTER_CONF = Path.of("..", "conf", "cluster.conf").toString();

  @TempDir
  Path dir;

  private static List<String> submitArgs(String... jobArgs) {
    List<String> args = new ArrayList<>(List.of("--cluster-config", CLUSTER_CONF, "--local-master",
        "spark://127.0.0.1:7177", "--jvm-options", "--add-opens=java.base/java.nio=ALL-UNNAMED", "--"));
    args.addAll(List.of(jobArgs));
    return SubmitCommand.lines(args.toArray(new String[0]));
  }

  private static List<String> values(List<String> lines, String kind) {
    return lines.stream().filter(l -> l.startsWith(kind + "\t")).map(l -> l.substring(kind.length() + 1)).toList();
  }

  @Test
  void theLocalClusterConfigGivesMasterResourcesAndJvmFlags() {
    List<String> lines = submitArgs("--config", "../conf/application.conf", "-Drun.id=x");
    assertEquals(List.of("2g"), values(lines, "driver-heap"));
    assertEquals(List.of("client"), values(lines, "deploy-mode"));
    assertEquals(List.of("--master", "spark://127.0.0.1:7177", "--deploy-mode", "client", "--driver-memory", "2g",
        "--executor-memory", "1g", "--executor-cores", "1",
        "--conf", "spark.driver.extraJavaOptions=--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--conf", "spark.executor.extraJavaOptions=--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--conf", "spark.ui.port=0"), values(lines, "arg"));
  }

  @Test
  void overridesOfTheJobAdjustTheSubmission() throws IOException {
    Path study = dir.resolve("study.conf");
    Files.writeString(study,
        "cluster { executor-memory = 1500m, conf { \"spark.executor.extraJavaOptions\" = \"-Dx=1\" } }");
    List<String> args = values(submitArgs("--config", study.toString(), "-Dcluster.total-executor-cores=1",
        "-Dcluster.driver-memory=1g"), "arg");
    assertEquals("1500m", args.get(args.indexOf("--executor-memory") + 1));
    assertEquals("1", args.get(args.indexOf("--total-executor-cores") + 1));
    assertEquals("1g", args.get(args.indexOf("--driver-memory") + 1));
    assertTrue(args.contains("spark.executor.extraJavaOptions=--add-opens=java.base/java.nio=ALL-UNNAMED -Dx=1"),
        args.toString());
  }

  @Test
  void badClusterSettingsNameTheirKey() {
    assertEquals("cluster.executor-memory", keyOf("-Dcluster.executor-memory=100m"));
    assertEquals("cluster.executor-memory", keyOf("-Dcluster.executor-memory=lots"));
    assertEquals("cluster.deploy-mode", keyOf("-Dcluster.deploy-mode=remote"));
    assertEquals("cluster.master", keyOf("-Dcluster.master=spark:/nohost"));
    assertEquals("cluster.executor-cores", keyOf("-Dcluster.executor-cores=0"));
    assertEquals("cluster.conf.spark.executor.memory", keyOf("-Dcluster.conf={\"spark.executor.memory\"=\"4g\"}"));
    assertEquals("cluster.executor-memroy", keyOf("-Dcluster.executor-memroy=2g"));
    assertEquals("run.id", keyOf("-Drun.id=a/b"), "the whole run config is checked before submitting");
  }

  private static String keyOf(String override) {
    return assertThrows(InvalidConfigException.class, () -> submitArgs("--config", "../conf/application.conf",
        override)).key();
  }

  @Test
  void theLocalClusterMustBeRunningAndBadArgumentsExitWith2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals(2, SubmitCommand.run(new String[] {"--cluster-config", CLUSTER_CONF, "--local-master", "", "--",
        "--config", "../conf/application.conf"}, out, errors));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("scripts/local-cluster.sh start"), err.toString());
    assertEquals(2, SubmitCommand.run(new String[] {"--cluster-config", CLUSTER_CONF, "--", "--jobb", "all"}, out,
        errors));
    assertEquals(0, SubmitCommand.run(new String[] {"--cluster-config", CLUSTER_CONF, "--", "--config",
        "../conf/application.conf", "-Dcluster.master=spark://127.0.0.1:7077"}, out, errors));
  }
}
