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
import org.apache.spark.sql.SparkSession;

/**
 * Publishes the marts of one run atomically. With {@link Publication#RENAME} (file systems with an atomic
 * directory rename: local, HDFS) everything is written to a private staging folder beside the output, and
 * only when every mart is complete is the staging folder renamed into place as {@code <output>/<run id>}.
 * With {@link Publication#MARKER} (object stores, where a rename is a copy) the marts are written to a new
 * version folder {@code <output>/<run id>/<version>} and published by writing one small commit marker
 * under {@code <output>/<run id>/_published/}; readers take the folder the newest marker names
 * ({@link PublishedRun#locate}). Either way a run that fails before the commit leaves the published marts
 * untouched, and a re-run of the same id replaces them whole. Marts that a single-stage job does not produce
 * are carried over from the published folder, so running one stage alone never loses the others. Other files
 * of the run folder (the report) are written into staging by the job that makes them ({@link #stagingFolder}),
 * or replaced alone in the published run ({@link #replacePublished}).
 *
 * <p>The patient-level marts ({@code restricted/}) are private ({@link PrivateFiles}): their staging folder is
 * created owner-only before anything is written in it, and everything in it is made private before it is
 * published. With a restricted root of their own they are published there instead, by a publisher of that root
 * ({@code <restricted root>/<run id>/restricted/}), committed just before the aggregate marts.
 */
public final class RunPublisher {
  private static final String STAGING = "_staging";
  private static final String RETIRED = "_retired";
  private static final String RESTRICTED = "restricted";
  private static final int UUID_LENGTH = 36;
  /**
   * Test hook, for the tests that kill a driver while it publishes (ClusterRunTest): with this system property
   * set to N, {@link #commit()} announces on stderr that it waits, then waits N ms before it changes anything.
   * Unset in every real run.
   */
  static final String PAUSE_BEFORE_COMMIT_MS = "npc.test.pause-before-commit-ms";

  /** How a run is made visible. */
  public enum Publication {
    RENAME, MARKER
  }

  private final FileSystem fs;
  private final Publication publication;
  private final Path runFolder;
  private final Path published;
  private final Path staging;
  private final Path retired;
  private final String token;
  private final Map<Mart, Long> written = new LinkedHashMap<>();
  private final PrivateFiles privacy;
  /** The publisher of the patient-level marts when they go to a root of their own, else null. */
  private final RunPublisher restrictedElsewhere;

  public RunPublisher(Configuration hadoopConf, String outputRoot, String runId) {
    this(hadoopConf, outputRoot, runId, Publication.RENAME);
  }

  public RunPublisher(Configuration hadoopConf, String outputRoot, String runId, Publication publication) {
    this(hadoopConf, outputRoot, runId, publication, new PrivateFiles(""), "");
  }

  /**
   * @param privacy who may read the patient-level marts
   * @param restrictedRoot where the patient-level marts are published (empty: in the run folder)
   */
  public RunPublisher(Configuration hadoopConf, String outputRoot, String runId, Publication publication,
      PrivateFiles privacy, String restrictedRoot) {
    this.privacy = privacy;
    this.restrictedElsewhere = restrictedRoot.isEmpty() ? null
        : new RunPublisher(hadoopConf, restrictedRoot, runId, publication, privacy, "");
    try {
      Path root = new Path(outputRoot);
      this.fs = root.getFileSystem(hadoopConf);
      this.publication = publication;
      this.token = runId + "-" + UUID.randomUUID();
      this.runFolder = new Path(root, runId);
      this.retired = new Path(new Path(root, RETIRED), token);
      if (publication == Publication.MARKER) {
        this.published = PublishedRun.locate(fs, runFolder);
        this.staging = new Path(runFolder, PublishedRun.VERSION_PREFIX + token);
        PublishedRun.removeUnpublishedVersions(fs, runFolder);
      } else {
        this.published = runFolder;
        this.staging = new Path(new Path(root, STAGING), token);
        restoreInterruptedSwap(root, runId);
        removeAbandonedStaging(root, runId);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare output folder " + outputRoot, e);
    }
  }

  /** Where the marts will be once published. */
  public Path target() {
    return publication == Publication.MARKER ? staging : runFolder;
  }

  /**
   * Writes one mart to staging through Spark; returns its row count, taken from the written files' footers
   * (no second pass over the data).
   */
  public long write(Mart mart, Dataset<Row> rows, boolean singleFile) {
    if (mart.restricted() && restrictedElsewhere != null) {
      return record(mart, restrictedElsewhere.write(mart, rows, singleFile));
    }
    preparePrivate(mart);
    Dataset<Row> out = singleFile ? rows.coalesce(1) : rows;
    Path folder = new Path(staging, mart.relativePath());
    out.write().mode(SaveMode.ErrorIfExists).parquet(folder.toString());
    long count = MartFiles.rowCount(fs.getConf(), folder);
    written.put(mart, count);
    return count;
  }

  /**
   * Writes a small mart held on the driver to staging as one Parquet file, with no Spark job; compressed
   * as the session's {@code spark.sql.parquet.compression.codec} says, as a Spark write would be.
   */
  public long write(Mart mart, MartTable table, SparkSession spark) {
    if (mart.restricted() && restrictedElsewhere != null) {
      return record(mart, restrictedElsewhere.write(mart, table, spark));
    }
    preparePrivate(mart);
    MartFiles.write(fs.getConf(), new Path(staging, mart.relativePath()), table, MartFiles.sessionCodec(spark),
        MartFiles.SPARK_VERSION);
    written.put(mart, table.size());
    return table.size();
  }

  private long record(Mart mart, long rows) {
    written.put(mart, rows);
    return rows;
  }

  /** The private folder of the patient-level marts, created before the first of them is written into it. */
  private void preparePrivate(Mart mart) {
    if (mart.restricted()) {
      Path folder = new Path(staging, RESTRICTED);
      try {
        if (!fs.exists(folder)) {
          privacy.createFolder(fs, folder);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + folder, e);
      }
    }
  }

  /** Where the patient-level marts of this run are published. */
  public Path restrictedTarget() {
    return restrictedElsewhere != null ? new Path(restrictedElsewhere.target(), RESTRICTED)
        : new Path(target(), RESTRICTED);
  }

  /** Where a mart written by this run is, before publication (to read it back within the run). */
  public String stagingPath(Mart mart) {
    if (mart.restricted() && restrictedElsewhere != null) {
      return restrictedElsewhere.stagingPath(mart);
    }
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
    if (mart.restricted() && restrictedElsewhere != null) {
      return restrictedElsewhere.currentLocation(mart);
    }
    if (written.containsKey(mart)) {
      return stagingPath(mart);
    }
    try {
      Path old = new Path(published, mart.relativePath());
      return fs.exists(old) ? old.toString() : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + published, e);
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
    Path current = new Path(published, name);
    try {
      if (!fs.exists(published)) {
        throw new IllegalStateException("no published run at " + published);
      }
      if (publication == Publication.MARKER) {
        // a new version: the published files, the new folder, then its marker
        for (var status : fs.listStatus(published)) {
          if (!status.getPath().getName().equals(name)) {
            FileUtil.copy(fs, status.getPath(), fs, new Path(staging, status.getPath().getName()), false,
                fs.getConf());
          }
        }
        writer.accept(new Path(staging, name));
        privacy.restrict(fs, new Path(staging, RESTRICTED));
        PublishedRun.mark(fs, runFolder, staging.getName(), token);
        return;
      }
      writer.accept(fresh);
      if (fs.exists(current)) {
        fs.mkdirs(old.getParent());
        rename(current, old);
      }
      try {
        rename(fresh, current);
      } catch (IOException e) {
        if (fs.exists(old) && !fs.exists(current)) {
          rename(old, current);
        }
        throw e;
      }
      if (fs.exists(old)) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace " + current, e);
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

  /** Makes the staged marts the published ones, carrying over published marts this job did not write. */
  public void commit() {
    pauseForTest();
    if (restrictedElsewhere != null) {
      restrictedElsewhere.commit();
    }
    try {
      // a job that wrote nothing here (the patient-level root of a job without patient-level marts) publishes
      // what it carries over
      fs.mkdirs(staging);
      if (fs.exists(published)) {
        for (Mart mart : Mart.values()) {
          Path old = new Path(published, mart.relativePath());
          boolean elsewhere = mart.restricted() && restrictedElsewhere != null;
          if (!written.containsKey(mart) && mart != Mart.RUN_MANIFEST && !elsewhere && fs.exists(old)) {
            if (mart.restricted()) {
              preparePrivate(mart);
            }
            FileUtil.copy(fs, old, fs, new Path(staging, mart.relativePath()), false, fs.getConf());
          }
        }
      }
      privacy.restrict(fs, new Path(staging, RESTRICTED));
      if (publication == Publication.MARKER) {
        PublishedRun.mark(fs, runFolder, staging.getName(), token);
        return;
      }
      if (fs.exists(runFolder)) {
        fs.mkdirs(retired.getParent());
        rename(runFolder, retired);
      }
      rename(staging, runFolder);
      if (fs.exists(retired)) {
        fs.delete(retired, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + runFolder, e);
    }
  }

  /** Drops everything written for this run; the published folder is not touched. */
  public void abort() {
    if (restrictedElsewhere != null) {
      restrictedElsewhere.abort();
    }
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
      System.err.println("npc-outcomes test hook: publishing " + runFolder + " in " + ms + " ms");
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
    boolean published = fs.exists(runFolder);
    for (var status : fs.listStatus(retiredRoot)) {
      String name = status.getPath().getName();
      // exactly "<run id>-<uuid>": a retired run folder, not a retired report folder ("<token>-report")
      if (isToken(name, runId) && name.length() == runId.length() + 1 + UUID_LENGTH) {
        if (published) {
          fs.delete(status.getPath(), true);
        } else {
          rename(status.getPath(), runFolder);
          published = true;
        }
      }
    }
  }

  /**
   * Staging folders of this run id that earlier runs, killed before they published, left behind: nothing
   * reads them, and nothing else would remove them. (Two runs of one run id at once are not supported; they
   * would replace each other's output anyway.)
   */
  private void removeAbandonedStaging(Path root, String runId) throws IOException {
    Path stagingRoot = new Path(root, STAGING);
    if (!fs.exists(stagingRoot)) {
      return;
    }
    for (var status : fs.listStatus(stagingRoot)) {
      if (isToken(status.getPath().getName(), runId)) {
        fs.delete(status.getPath(), true);
      }
    }
  }

  /**
   * Whether a folder name is a token of this run id ("{@code <run id>-<uuid>}", perhaps followed by
   * "{@code -<folder>}"); the UUID's shape keeps run "a" from claiming run "a-b"'s folders.
   */
  static boolean isToken(String name, String runId) {
    int start = runId.length() + 1;
    if (!name.startsWith(runId + "-") || name.length() < start + UUID_LENGTH) {
      return false;
    }
    if (name.length() > start + UUID_LENGTH && name.charAt(start + UUID_LENGTH) != '-') {
      return false;
    }
    try {
      String uuid = name.substring(start, start + UUID_LENGTH);
      return UUID.fromString(uuid).toString().equals(uuid);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
