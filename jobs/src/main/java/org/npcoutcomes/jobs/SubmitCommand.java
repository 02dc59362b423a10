package org.npcoutcomes.jobs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.npcoutcomes.config.ClusterSettings;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PipelineSettings;

/**
 * What {@code scripts/submit.sh} passes to spark-submit, from the {@code cluster} block of the configuration:
 * the cluster config file, then the job's own {@code --config} files and {@code -Dkey=value} overrides, layered
 * and validated by the same code as a run (so a bad key stops the submission, with exit code 2, before any
 * cluster resources are asked for).
 *
 * <p>Usage: {@code SubmitCommand --cluster-config FILE [--local-master URL] [--jvm-options FLAGS] -- JOB-ARGS...}.
 * Prints one line per item, tab-separated: {@code driver-heap <size>} (the heap of a client-mode driver, which
 * is the submitting JVM itself), {@code deploy-mode client|cluster}, then {@code arg <value>} for each
 * spark-submit option, in order.
 * {@code --local-master} is the URL {@code scripts/local-cluster.sh} recorded (empty when none is running);
 * {@code --jvm-options} are the flags Spark needs on Java 17, added to the driver's and executors' options.
 */
public final class SubmitCommand {
  private SubmitCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      List<String> lines = lines(args);
      lines.forEach(out::println);
      return NpcOutcomes.OK;
    } catch (UsageException | InvalidConfigException e) {
      err.println("error: " + e.getMessage());
      return NpcOutcomes.BAD_INPUT;
    }
  }

  static List<String> lines(String[] args) {
    Path clusterConfig = null;
    String localMaster = "";
    String jvmOptions = "";
    int i = 0;
    for (; i < args.length && !args[i].equals("--"); i += 2) {
      if (i + 1 >= args.length) {
        throw new UsageException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--cluster-config" -> clusterConfig = Path.of(args[i + 1]);
        case "--local-master" -> localMaster = args[i + 1].trim();
        case "--jvm-options" -> jvmOptions = args[i + 1].trim();
        default -> throw new UsageException("unknown argument '" + args[i] + "'");
      }
    }
    if (clusterConfig == null) {
      throw new UsageException("--cluster-config is required");
    }
    String[] jobArgs = i < args.length ? Arrays.copyOfRange(args, i + 1, args.length) : new String[0];
    CommandLine cli = CommandLine.parse(jobArgs, Path.of("conf", "application.conf"));
    List<Path> files = new ArrayList<>();
    files.add(clusterConfig);
    files.addAll(cli.configFiles());
    ClusterSettings cluster = PipelineSettings.from(ConfigLoader.load(files, cli.overrides())).cluster();
    return lines(cluster, localMaster, jvmOptions);
  }

  static List<String> lines(ClusterSettings cluster, String localMaster, String jvmOptions) {
    String master = cluster.master();
    if (cluster.localCluster()) {
      if (localMaster.isEmpty()) {
        throw new InvalidConfigException("cluster.master", ClusterSettings.LOCAL_CLUSTER
            + ": no local cluster is running; start one with scripts/local-cluster.sh start, or set a master URL");
      }
      master = localMaster;
    }
    List<String> out = new ArrayList<>();
    out.add("driver-heap\t" + cluster.driverMemory());
    out.add("deploy-mode\t" + cluster.deployMode());
    List<String> submit = new ArrayList<>(List.of("--master", master, "--deploy-mode", cluster.deployMode(),
        "--driver-memory", cluster.driverMemory(), "--executor-memory", cluster.executorMemory(),
        "--executor-cores", Integer.toString(cluster.executorCores())));
    if (cluster.totalExecutorCores() > 0) {
      submit.addAll(List.of("--total-executor-cores", Integer.toString(cluster.totalExecutorCores())));
    }
    Map<String, String> conf = new TreeMap<>(cluster.conf());
    for (String key : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
      String own = conf.getOrDefault(key, "").trim();
      String merged = (jvmOptions + " " + own).trim();
      if (merged.isEmpty()) {
        conf.remove(key);
      } else {
        conf.put(key, merged);
      }
    }
    if (cluster.deployMode().equals("cluster")) {
      // wait for the driver, so that the caller learns whether the run failed
      conf.putIfAbsent("spark.standalone.submit.waitAppCompletion", "true");
    }
    conf.forEach((k, v) -> submit.addAll(List.of("--conf", k + "=" + v)));
    submit.forEach(a -> out.add("arg\t" + a));
    return out;
  }
}
