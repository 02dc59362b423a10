package org.npcoutcomes.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.clean.CleanStage;
import org.npcoutcomes.config.SparkSettings;
import org.npcoutcomes.ingest.ExtractReader;
import org.npcoutcomes.ingest.SourceMapping;

/**
 * Times ingest + clean of one extract (through the clean Parquet and the rejects) next to the engine's
 * floor: a bare Spark CSV read of the same file, every column as a string, written to the noop sink.
 * Each is run once to warm up, then both are timed three times, interleaved; prints the medians and
 * {@code ratio <x>} as the last line.
 * Usage: {@code IngestBenchmark <extract.csv> <mapping.conf> <scratch dir>}; or
 * {@code IngestBenchmark --noop-read <extract.csv>}: the floor alone, read once (as a nightly job reads its
 * extract once), for {@code scripts/bench-pipeline.sh}, which times the whole job beside it.
 */
public final class IngestBenchmark {
  private static final int RUNS = 3;

  private IngestBenchmark() {}

  public static void main(String[] args) {
    if (args.length == 2 && args[0].equals("--noop-read")) {
      SparkSession spark = session();
      try {
        System.out.printf(Locale.ROOT, "noop read %.2f s%n", seconds(() -> noopRead(spark, args[1])));
      } finally {
        spark.stop();
      }
      return;
    }
    if (args.length != 3) {
      System.err.println("usage: IngestBenchmark <extract.csv> <mapping.conf> <scratch dir>");
      System.exit(NpcOutcomes.BAD_INPUT);
    }
    String file = args[0];
    SourceMapping mapping = SourceMapping.load(Path.of(args[1]));
    String scratch = args[2];
    SparkSession spark = session();
    try {
      Runnable floor = () -> noopRead(spark, file);
      Runnable pipeline = () -> {
        CleanStage.CleanOutput out = new CleanStage(mapping).run(new ExtractReader(mapping).read(spark, List.of(file)),
            scratch + "/clean");
        out.rejects().write().mode(SaveMode.Overwrite).parquet(scratch + "/rejects");
      };
      floor.run();
      pipeline.run();
      // Interleaved, so a slow spell of the machine falls on both; the median of each is reported.
      double[] floorRuns = new double[RUNS];
      double[] pipelineRuns = new double[RUNS];
      for (int i = 0; i < RUNS; i++) {
        floorRuns[i] = seconds(floor);
        pipelineRuns[i] = seconds(pipeline);
      }
      double floorSeconds = median(floorRuns);
      double pipelineSeconds = median(pipelineRuns);
      System.out.printf(Locale.ROOT, "noop read   %.2f s%n", floorSeconds);
      System.out.printf(Locale.ROOT, "ingest+clean %.2f s%n", pipelineSeconds);
      System.out.printf(Locale.ROOT, "ratio %.2f%n", pipelineSeconds / floorSeconds);
    } finally {
      spark.stop();
    }
  }

  private static SparkSession session() {
    return SparkSessions.create(new SparkSettings("local[*]", "npc-outcomes-bench", 8, java.util.Map.of()));
  }

  /** The engine's floor: every column of the file as a string, written nowhere. */
  private static void noopRead(SparkSession spark, String file) {
    spark.read().option("header", "true").option("inferSchema", "false").csv(file)
        .write().format("noop").mode(SaveMode.Overwrite).save();
  }

  private static double median(double[] runs) {
    double[] sorted = runs.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double seconds(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1e9;
  }
}
