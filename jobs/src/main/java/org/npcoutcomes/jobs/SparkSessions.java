package org.npcoutcomes.jobs;

import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.config.SparkSettings;

/** Builds the Spark session from settings; under spark-submit the master it was given is kept. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(SparkSettings settings) {
    SparkSession.Builder builder = SparkSession.builder().appName(settings.appName())
        .config("spark.sql.shuffle.partitions", settings.shufflePartitions())
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.debug.maxToStringFields", "200");
    boolean submitted = System.getProperty("spark.master") != null;
    if (!submitted) {
      builder.master(settings.master());
      if (settings.master().startsWith("local")) {
        // An embedded run needs no UI and must not bind to the machine's public address.
        builder.config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1");
      }
    }
    settings.conf().forEach(builder::config);
    return builder.getOrCreate();
  }
}
