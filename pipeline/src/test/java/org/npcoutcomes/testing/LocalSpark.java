package org.npcoutcomes.testing;

import org.apache.spark.sql.SparkSession;

/**
 * One embedded Spark session shared by every test in a JVM (Spark allows one active context), bound to
 * loopback, without UI, with few shuffle partitions so small tests stay fast.
 */
public final class LocalSpark {
  private LocalSpark() {}

  public static synchronized SparkSession session() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("npc-outcomes-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
  }
}
