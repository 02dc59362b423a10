package org.npcoutcomes.marts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Publishes the marts of one run atomically: everything is written to a private staging folder beside
 * the output, and only when every mart is complete is the staging folder renamed into place as
 * {@code <output>/<run id>}. A run that fails before that leaves the published folder untouched; a
 * re-run of the same id replaces it whole. Marts that a single-stage job does not produce are carried
 * over from the published folder, so running one stage alone never loses the others.
 */
public final class RunPublisher {
  private static final String STAGING = "_staging";
  private static final String RETIRED = "_retired";
  private static final int UUID_LENGTH = 36;
  /**
   * Test hook, for the tests that kill a driver while it publishes (ClusterRunTest): with this system property
   * set to N, {@link #commit()} announces on stderr that it waits, then waits N ms before it changes anything.
   * Unset in every real run.
   */
  static final String PAUSE_BEFORE_COMMIT_MS = "npc.test.pause-before-commit-ms";

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final Path retired;
  private final Map<Mart, Long> written = new LinkedHashMap<>();

  public RunPublisher(Configuration hadoopConf, String outputRoot, String runId) {
    try {
      Path root = new Path(outputRoot);
      this.fs = root.getFileSystem(hadoopConf);
      String token = runId + "-" + UUID.randomUUID();
      this.target = new Path(root, runId);
      this.staging = new Path(new Path(root, STAGING), token);
      this.retired = new Path(new Path(root, RETIRED), token);
      restoreInterruptedSwap(root, runId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare output folder " + outputRoot, e);
    }
  }

  /** Where the marts will be once published. */
  public Path target() {
    return target;
  }

  /** Writes one mart to staging; returns its row count. */
  public long write(Mart mart, Dataset<Row> rows, boolean singleFile) {
    Dataset<Row> out = singleFile ? rows.coalesce(1) : rows;
    out.write().mode(SaveMode.ErrorIfExists).parquet(new Path(staging, mart.relativePath()).toString());
    long count = rows.sparkSession().read().parquet(new Path(staging, mart.relativePath()).toString()).count();
    written.put(mart, count);
    return count;
  }

  /** Writes a small mart held on the driver to staging, with no Spark job beyond the write itself. */
  public long write(Mart mart, MartTable table, org.apache.spark.sql.SparkSession spark) {
    table.toDataset(spark).coalesce(1).write().mode(SaveMode.ErrorIfExists)
        .parquet(new Path(staging, mart.relativePath()).toString());
    written.put(mart, table.size());
    return table.size();
  }

  /** Where a mart written by this run is, before publication (to read it back within the run). */
  public String stagingPath(Mart mart) {
    if (!written.containsKey(mart)) {
      throw new IllegalStateException(mart.tableName() + " has not been written");
    }
    return new Path(staging, mart.relativePath()).toString();
  }

  public Map<Mart, Long> written() {
    return Map.copyOf(written);
  }

  /** Moves staging into place, carrying over published marts this job did not write. */
  public void commit() {
    pauseForTest();
    try {
      if (fs.exists(target)) {
        for (Mart mart : Mart.values()) {
          Path old = new Path(target, mart.relativePath());
          if (!written.containsKey(mart) && mart != Mart.RUN_MANIFEST && fs.exists(old)) {
            FileUtil.copy(fs, old, fs, new Path(staging, mart.relativePath()), false, fs.getConf());
          }
        }
        fs.mkdirs(retired.getParent());
        rename(target, retired);
      }
      rename(staging, target);
      if (fs.exists(retired)) {
        fs.delete(retired, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + target, e);
    }
  }

  /** Drops everything written for this run; the published folder is not touched. */
  public void abort() {
    try {
      if (fs.exists(staging)) {
        fs.delete(staging, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove staging folder " + staging, e);
    }
  }

  private void pauseForTest() {
    long ms = Long.getLong(PAUSE_BEFORE_COMMIT_MS, 0L);
    if (ms > 0) {
      System.err.println("npc-outcomes test hook: publishing " + target + " in " + ms + " ms");
      System.err.flush();
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  /**
   * A process killed between the two renames of {@link #commit()} leaves the previous run retired and
   * no target; put the previous run back so readers see it again. A process killed after the second rename
   * leaves a retired folder (perhaps half deleted) beside a complete target: it is superseded, and is removed
   * here, so that a later interrupted swap finds only its own retired folder to restore.
   */
  private void restoreInterruptedSwap(Path root, String runId) throws IOException {
    Path retiredRoot = new Path(root, RETIRED);
    if (!fs.exists(retiredRoot)) {
      return;
    }
    boolean published = fs.exists(target);
    for (var status : fs.listStatus(retiredRoot)) {
      String name = status.getPath().getName();
      // the token is "<run id>-<uuid>"; the length check keeps run "a" from claiming run "a-b"'s folder
      if (name.startsWith(runId + "-") && name.length() == runId.length() + 1 + UUID_LENGTH) {
        if (published) {
          fs.delete(status.getPath(), true);
        } else {
          rename(status.getPath(), target);
          published = true;
        }
      }
    }
  }
}
