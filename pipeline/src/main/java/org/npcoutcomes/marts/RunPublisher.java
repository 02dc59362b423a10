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
 * over from the published folder, so running one stage alone never loses the others. Other files of the run
 * folder (the report) are written into staging by the job that makes them ({@link #stagingFolder}), or replaced
 * alone in the published folder ({@link #replacePublished}).
 */
public final class RunPublisher {
  private static final String STAGING = "_staging";
  private static final String RETIRED = "_retired";
  private static final int UUID_LENGTH = 36;

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

  /**
   * Where the run's copy of a mart is at this point: in staging when this job wrote it, else in the published
   * folder (it will be carried over), else null.
   */
  public String currentLocation(Mart mart) {
    if (written.containsKey(mart)) {
      return stagingPath(mart);
    }
    try {
      Path published = new Path(target, mart.relativePath());
      return fs.exists(published) ? published.toString() : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + target, e);
    }
  }

  /** A folder of the run other than the marts, in staging: published with them by {@link #commit()}. */
  public Path stagingFolder(String name) {
    return new Path(staging, name);
  }

  public FileSystem fileSystem() {
    return fs;
  }

  /**
   * Replaces one folder of the published run (not a mart) by what {@code writer} puts in the folder it is
   * given: written beside the output first, then swapped in by renames, so readers see the old folder or the
   * new one whole. The marts are not touched.
   */
  public void replacePublished(String name, java.util.function.Consumer<Path> writer) {
    Path fresh = new Path(new Path(staging.getParent(), staging.getName() + "-" + name), name);
    Path old = new Path(retired.getParent(), retired.getName() + "-" + name);
    Path published = new Path(target, name);
    try {
      if (!fs.exists(target)) {
        throw new IllegalStateException("no published run at " + target);
      }
      writer.accept(fresh);
      if (fs.exists(published)) {
        fs.mkdirs(old.getParent());
        rename(published, old);
      }
      try {
        rename(fresh, published);
      } catch (IOException e) {
        if (fs.exists(old) && !fs.exists(published)) {
          rename(old, published);
        }
        throw e;
      }
      if (fs.exists(old)) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace " + published, e);
    } finally {
      try {
        if (fs.exists(fresh.getParent())) {
          fs.delete(fresh.getParent(), true);
        }
      } catch (IOException e) {
        // leaving a stray temporary folder beside the output is harmless
      }
    }
  }

  public Map<Mart, Long> written() {
    return Map.copyOf(written);
  }

  /** Moves staging into place, carrying over published marts this job did not write. */
  public void commit() {
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

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  /**
   * A process killed between the two renames of {@link #commit()} leaves the previous run retired and
   * no target; put the previous run back so readers see it again.
   */
  private void restoreInterruptedSwap(Path root, String runId) throws IOException {
    Path retiredRoot = new Path(root, RETIRED);
    if (fs.exists(target) || !fs.exists(retiredRoot)) {
      return;
    }
    for (var status : fs.listStatus(retiredRoot)) {
      String name = status.getPath().getName();
      // the token is "<run id>-<uuid>"; the length check keeps run "a" from claiming run "a-b"'s folder
      if (name.startsWith(runId + "-") && name.length() == runId.length() + 1 + UUID_LENGTH) {
        rename(status.getPath(), target);
        return;
      }
    }
  }
}
