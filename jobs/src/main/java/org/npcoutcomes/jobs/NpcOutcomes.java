package org.npcoutcomes.jobs;

import java.nio.file.Path;
import java.time.Clock;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.plan.Progress;

/**
 * Command-line entry point, for {@code scripts/run-local.sh} and {@code spark-submit} alike. Everything
 * that can be checked before Spark work is checked first, so a typo costs seconds, not a cluster run.
 */
public final class NpcOutcomes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int DATA_QUALITY = 3;

  private NpcOutcomes() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a job; returns the process exit code. */
  public static int run(String[] args) {
    CommandLine cli;
    PipelineSettings settings;
    PipelineRun run;
    Progress progress;
    try {
      cli = CommandLine.parse(args, Path.of("conf", "application.conf"));
      if (cli.help()) {
        System.out.println(CommandLine.USAGE);
        return OK;
      }
      settings = PipelineSettings.from(ConfigLoader.load(cli.configFiles(), cli.overrides()));
      progress = Progress.to(System.err);
      run = new PipelineRun(settings, cli.job(), Clock.systemUTC(), progress);
      run.preflight(new Configuration());
    } catch (UsageException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(CommandLine.USAGE);
      return BAD_INPUT;
    } catch (InvalidConfigException e) {
      System.err.println("error: " + e.getMessage());
      return BAD_INPUT;
    } catch (RuntimeException e) {
      // an input that cannot be read while it is checked: still before any work
      System.err.println("error: " + RunFailure.oneLine(e) + " (nothing was started)");
      RunFailure.log(e);
      return BAD_INPUT;
    }
    SparkSession spark;
    try {
      spark = SparkSessions.create(settings.spark());
    } catch (RuntimeException e) {
      run.release();
      System.err.println("run failed, nothing published: Spark did not start: " + RunFailure.oneLine(e));
      RunFailure.log(e);
      return FAILED;
    }
    progress.line("spark %s started (%s, %s)", spark.version(), spark.sparkContext().master(),
        spark.sparkContext().applicationId());
    try {
      org.apache.hadoop.fs.Path published = run.execute(spark);
      try {
        RunSummary.print(spark.sparkContext().hadoopConfiguration(), published, cli.job(), System.out);
      } catch (RuntimeException e) {
        // The marts are published; a summary that cannot be printed does not undo that.
        System.err.println("marts published to " + published + "; the summary could not be printed: " + e);
      }
      return OK;
    } catch (InvalidConfigException e) {
      System.err.println("error: " + e.getMessage() + " (nothing published)");
      return BAD_INPUT;
    } catch (org.npcoutcomes.plan.CohortContractException e) {
      System.err.println("input: " + e.getMessage() + "\n(nothing published)");
      return e.dataQuality() ? DATA_QUALITY : BAD_INPUT;
    } catch (DataQualityException e) {
      System.err.println("data quality: " + e.getMessage() + "\n(nothing published)");
      return DATA_QUALITY;
    } catch (Exception e) {
      // Exception, not RuntimeException: a failed Spark job throws SparkException, a checked exception that
      // Scala code throws undeclared.
      System.err.println(RunFailure.describe(e));
      RunFailure.log(e);
      return FAILED;
    } finally {
      run.release();
      spark.stop();
    }
  }
}
