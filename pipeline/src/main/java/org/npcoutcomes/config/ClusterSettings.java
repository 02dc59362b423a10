package org.npcoutcomes.config;

import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How {@code scripts/submit.sh} submits a run to a cluster (the {@code cluster} block): spark-submit's master,
 * deploy mode and resources, and free-form {@code conf} passed as {@code --conf}. A run never reads these itself:
 * under spark-submit the master it was given wins.
 *
 * @param master {@link #LOCAL_CLUSTER} for the cluster of {@code scripts/local-cluster.sh}, or a master URL
 * @param totalExecutorCores 0 for no cap
 */
public record ClusterSettings(String master, String deployMode, String driverMemory, String executorMemory,
    int executorCores, int totalExecutorCores, Map<String, String> conf) {

  /** The master recorded by {@code scripts/local-cluster.sh} in its state folder. */
  public static final String LOCAL_CLUSTER = "local-cluster";

  private static final List<String> DEPLOY_MODES = List.of("client", "cluster");
  private static final Pattern MASTER = Pattern.compile(
      "local(\\[([1-9][0-9]*|\\*)(,[1-9][0-9]*)?])?|spark://[^\\s/,]+(,[^\\s/,]+)*|yarn|k8s://\\S+");
  /** Spark's size strings: a number with an optional unit (bytes when none for these settings is MiB). */
  private static final Pattern SIZE = Pattern.compile("([0-9]+)([kmgtp]b?|b)?");
  /** Spark refuses heaps below 1.5 times its 300 MiB reserve; say so before submitting. */
  private static final long MIN_MEMORY_MIB = 450;
  /** Settings that have keys of their own here; setting them in conf too would make two sources of truth. */
  private static final Map<String, String> OWN_KEYS = Map.of(
      "spark.master", "master", "spark.submit.deployMode", "deploy-mode", "spark.driver.memory", "driver-memory",
      "spark.executor.memory", "executor-memory", "spark.executor.cores", "executor-cores",
      "spark.cores.max", "total-executor-cores");

  static ClusterSettings read(SettingsReader r) {
    String master = r.nonEmptyString("master").trim();
    if (!master.equals(LOCAL_CLUSTER) && !MASTER.matcher(master).matches()) {
      throw new InvalidConfigException(r.key("master"), "'" + master + "' is not " + LOCAL_CLUSTER
          + " or a master URL (spark://host:port, yarn, k8s://..., local[N])");
    }
    String deployMode = r.nonEmptyString("deploy-mode");
    if (!DEPLOY_MODES.contains(deployMode)) {
      throw new InvalidConfigException(r.key("deploy-mode"), "'" + deployMode + "' is not one of " + DEPLOY_MODES);
    }
    if (deployMode.equals("cluster") && master.startsWith("local[")) {
      throw new InvalidConfigException(r.key("deploy-mode"), "cluster deploy mode needs a cluster, not " + master);
    }
    int executorCores = r.integer("executor-cores");
    if (executorCores < 1) {
      throw new InvalidConfigException(r.key("executor-cores"), "must be at least 1");
    }
    int totalCores = r.integer("total-executor-cores");
    if (totalCores < 0) {
      throw new InvalidConfigException(r.key("total-executor-cores"), "must be 0 (no cap) or more");
    }
    Map<String, String> conf = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : r.child("conf").raw().entrySet()) {
      String key = e.getKey().replace("\"", "");
      String value = String.valueOf(e.getValue().unwrapped());
      if (OWN_KEYS.containsKey(key)) {
        throw new InvalidConfigException(r.key("conf") + "." + key, "set " + r.key(OWN_KEYS.get(key)) + " instead");
      }
      if (value.contains("\n") || value.contains("\t")) {
        throw new InvalidConfigException(r.key("conf") + "." + key, "must be one line without tabs");
      }
      conf.put(key, value);
    }
    return new ClusterSettings(master, deployMode, memory(r, "driver-memory"), memory(r, "executor-memory"),
        executorCores, totalCores, Map.copyOf(conf));
  }

  private static String memory(SettingsReader r, String key) {
    String raw = r.nonEmptyString(key).trim().toLowerCase(Locale.ROOT);
    var m = SIZE.matcher(raw);
    if (!m.matches()) {
      throw new InvalidConfigException(r.key(key), "'" + raw + "' is not a size such as 512m or 2g");
    }
    if (mebibytes(Long.parseLong(m.group(1)), m.group(2)) < MIN_MEMORY_MIB) {
      throw new InvalidConfigException(r.key(key), "'" + raw + "' is below the " + MIN_MEMORY_MIB
          + "m Spark needs at least");
    }
    return raw;
  }

  private static double mebibytes(long n, String unit) {
    return switch (unit == null ? "m" : unit.substring(0, 1)) {
      case "b" -> n / 1048576.0;
      case "k" -> n / 1024.0;
      case "m" -> n;
      case "g" -> n * 1024.0;
      case "t" -> n * 1048576.0;
      default -> n * 1073741824.0;
    };
  }

  /** Whether the master is the cluster of {@code scripts/local-cluster.sh}. */
  public boolean localCluster() {
    return master.equals(LOCAL_CLUSTER);
  }
}
