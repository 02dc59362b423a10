package org.npcoutcomes.config;

import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.TreeMap;

/** How the Spark session is built; {@code conf} is passed through to Spark untouched. */
public record SparkSettings(String master, String appName, int shufflePartitions, Map<String, String> conf) {
  static SparkSettings read(SettingsReader r) {
    int partitions = r.integer("shuffle-partitions");
    if (partitions < 1) {
      throw new InvalidConfigException(r.key("shuffle-partitions"), "must be at least 1");
    }
    Map<String, String> conf = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : r.child("conf").raw().entrySet()) {
      conf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
    }
    return new SparkSettings(r.nonEmptyString("master"), r.nonEmptyString("app-name"), partitions, Map.copyOf(conf));
  }
}
