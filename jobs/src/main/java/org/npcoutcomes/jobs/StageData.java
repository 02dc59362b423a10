package org.npcoutcomes.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.marts.PrivateFiles;

/**
 * Where a run keeps the intermediate data sets that let each stage run alone ({@code <work dir>/<run id>/<stage>}),
 * and how they are replaced: a stage writes into a fresh staging folder ({@link #staging}), which is marked
 * complete and swapped in by renames only when the stage has finished ({@link #commit}). A stage that fails or
 * is killed leaves the previous data of its stage as it was, and a later stage reads only data marked complete
 * ({@link #requireComplete}). The run's folder and everything in it are private to the owner (or the configured
 * group): they hold patient rows.
 */
final class StageData {
  static final String RAW = "raw";
  static final String CLEAN = "clean";
  static final String COHORT = "cohort";
  /** Written last into a stage's folder: the stage finished. */
  static final String COMPLETE = "_STAGE_COMPLETE";
  private static final String STAGING = "_staging";
  private static final String RETIRED = "_retired";

  private final String runId;
  private final Path runFolder;
  private final PrivateFiles privacy;

  StageData(String workDir, String runId, PrivateFiles privacy) {
    this.runId = runId;
    this.runFolder = new Path(workDir, runId);
    this.privacy = privacy;
  }

  /** Where the last complete data of a stage is. */
  String location(String stage) {
    return new Path(runFolder, stage).toString();
  }

  /**
   * A fresh, private staging folder for a stage's data (any left by a killed run are removed first); the stage
   * writes there, then calls {@link #commit}.
   */
  String staging(Configuration conf, String stage) {
    try {
      FileSystem fs = runFolder.getFileSystem(conf);
      privacy.createFolder(fs, runFolder);
      Path stagingRoot = new Path(runFolder, STAGING);
      privacy.createFolder(fs, stagingRoot);
      for (var status : fs.listStatus(stagingRoot)) {
        if (status.getPath().getName().startsWith(stage + "-")) {
          fs.delete(status.getPath(), true);
        }
      }
      return new Path(stagingRoot, stage + "-" + UUID.randomUUID()).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare stage data under " + runFolder, e);
    }
  }

  /**
   * Marks the staged data complete, makes it private, and swaps it in for the stage's previous data. A
   * process killed between the two renames leaves the previous data retired; {@link #requireComplete} puts it
   * back.
   */
  void commit(Configuration conf, String stage, String stagedLocation) {
    Path staged = new Path(stagedLocation);
    Path current = new Path(location(stage));
    Path retired = new Path(new Path(runFolder, RETIRED), stage);
    try {
      FileSystem fs = runFolder.getFileSystem(conf);
      fs.create(new Path(staged, COMPLETE), true).close();
      privacy.restrict(fs, staged);
      if (fs.exists(retired)) {
        fs.delete(retired, true);
      }
      if (fs.exists(current)) {
        privacy.createFolder(fs, retired.getParent());
        rename(fs, current, retired);
      }
      rename(fs, staged, current);
      fs.delete(retired, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot swap in the " + stage + " stage data at " + current, e);
    }
  }

  /**
   * Fails with a configuration error (exit 2) unless the stage has complete data for this run id; restores
   * data a swap interrupted by a kill left retired.
   */
  void requireComplete(Configuration conf, String stage, String producedBy) {
    Path current = new Path(location(stage));
    Path retired = new Path(new Path(runFolder, RETIRED), stage);
    try {
      FileSystem fs = runFolder.getFileSystem(conf);
      if (!fs.exists(current) && fs.exists(new Path(retired, COMPLETE))) {
        rename(fs, retired, current);
      }
      if (!fs.exists(new Path(current, COMPLETE))) {
        throw new InvalidConfigException("run.work-dir", "no complete " + stage + " stage data for run id '"
            + runId + "' (at " + current + "); run --job " + producedBy + " first");
      }
    } catch (IOException e) {
      throw new InvalidConfigException("run.work-dir", "cannot read " + current + ": " + e.getMessage());
    }
  }

  /** Removes what a failed stage had staged (the stages' complete data is not touched). */
  void discardStaging(Configuration conf) {
    try {
      FileSystem fs = runFolder.getFileSystem(conf);
      fs.delete(new Path(runFolder, STAGING), true);
    } catch (IOException e) {
      // left for the next run of the stage, which removes it
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }
}
