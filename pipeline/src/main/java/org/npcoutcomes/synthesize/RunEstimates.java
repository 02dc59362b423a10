package org.npcoutcomes.synthesize;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.SynthesisSettings;
import org.npcoutcomes.config.SynthesisSettings.RunSource;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.PublishedRun;

/**
 * The estimate each published run contributes: the treatment term of its {@code hazard_ratio} mart for the
 * selected outcome, model and populations (log HR and its SE, the robust SE when the model has one), or its
 * {@code survival_at_time} row of one arm at one time, as a logit with the delta-method variance
 * (SE/(S(1−S)))². Only these selected rows are read (Spark filters them where they are).
 */
public final class RunEstimates {
  private RunEstimates() {}

  /** The folder holding a run's published marts, checked to exist. */
  public static Path folder(SparkSession spark, RunSource run) {
    return folder(spark.sparkContext().hadoopConfiguration(), run);
  }

  /** The same, before Spark starts (the job's preflight). */
  public static Path folder(org.apache.hadoop.conf.Configuration conf, RunSource run) {
    Path root = new Path(run.path());
    try {
      FileSystem fs = root.getFileSystem(conf);
      Path located = PublishedRun.locate(fs, root);
      if (!fs.exists(new Path(located, Mart.RUN_MANIFEST.relativePath()))) {
        throw new InvalidConfigException("synthesis.runs", "'" + run.label() + "': no published run at "
            + run.path() + " (no run_manifest mart there)");
      }
      return located;
    } catch (IOException e) {
      throw new InvalidConfigException("synthesis.runs", "'" + run.label() + "': cannot read " + run.path()
          + ": " + e.getMessage());
    }
  }

  public static List<Study> read(SparkSession spark, RunSource run, SynthesisSettings settings) {
    Path folder = folder(spark, run);
    SynthesisSettings.Selection s = settings.select();
    boolean hr = settings.measure() == SynthesisSettings.Measure.HR;
    Mart mart = hr ? Mart.HAZARD_RATIO : Mart.SURVIVAL_AT_TIME;
    Path martPath = new Path(folder, mart.relativePath());
    Dataset<Row> rows;
    try {
      if (!martPath.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(martPath)) {
        throw new InvalidConfigException("synthesis.runs", "'" + run.label() + "': the run at " + run.path()
            + " has no " + mart.tableName() + " mart");
      }
    } catch (IOException e) {
      throw new InvalidConfigException("synthesis.runs", "cannot read " + martPath + ": " + e.getMessage());
    }
    rows = spark.read().parquet(martPath.toString()).filter(col("outcome").equalTo(s.outcome()));
    rows = hr ? rows.filter(col("model").equalTo(s.model()).and(col("term_index").equalTo(0)))
        : rows.filter(col("arm").equalTo(s.arm()).and(col("time").equalTo(s.time())));
    List<Study> out = new ArrayList<>();
    for (String population : s.populations()) {
      List<Row> found = rows.filter(col("population").equalTo(population)).collectAsList();
      String what = hr ? "outcome '" + s.outcome() + "', model '" + s.model() + "'"
          : "outcome '" + s.outcome() + "', arm '" + s.arm() + "', time " + s.time();
      if (found.isEmpty()) {
        throw new InvalidConfigException("synthesis.select", "run '" + run.label() + "' (" + run.path()
            + ") has no " + mart.tableName() + " row for " + what + " in population '" + population + "'");
      }
      Row r = found.get(0);
      String label = s.populations().size() > 1 ? run.label() + " " + population : run.label();
      if (hr) {
        Study study = logHazardRatio(label, population, r);
        if (study == null) {
          throw new InvalidConfigException("synthesis.select", "run '" + run.label() + "', population '"
              + population + "': the hazard ratio for " + what + " was not estimable (coef " + r.getAs("coef")
              + ", se " + r.getAs("se") + ")");
        }
        out.add(study);
      } else {
        Double surv = r.getAs("survival");
        Double se = r.getAs("std_err");
        if (surv == null || se == null || !(surv > 0 && surv < 1) || !(se > 0)) {
          throw new InvalidConfigException("synthesis.select", "run '" + run.label() + "', population '"
              + population + "': survival at " + s.time() + " of arm '" + s.arm() + "' has no usable value ("
              + surv + ", SE " + se + "; suppressed, or 0 or 1)");
        }
        double d = se / (surv * (1 - surv));
        out.add(new Study(label, Study.RUN, "population=" + population, Math.log(surv / (1 - surv)), d * d,
            null, null));
      }
    }
    return out;
  }

  /**
   * A hazard_ratio row's treatment log hazard ratio as a study, with the robust SE when the model has one;
   * null when it was not estimable.
   */
  public static Study logHazardRatio(String label, String population, Row r) {
    Double coef = r.getAs("coef");
    Double robust = r.getAs("robust_se");
    Double se = robust != null ? robust : r.<Double>getAs("se");
    if (coef == null || se == null || !Double.isFinite(coef) || !(se > 0) || !Double.isFinite(se)) {
      return null;
    }
    return new Study(label, Study.RUN, "population=" + population, coef, se * se, null, null);
  }
}
