package org.npcoutcomes.synthesize;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.config.SynthesisSettings;
import org.npcoutcomes.synthesis.LikelihoodProfile;

/**
 * A run's {@code likelihood_profile} mart (analysis_id, outcome, population, model, term, point, beta, log_lik,
 * d1, d2): the profile of the treatment coefficient for the selected outcome, model and population, one per
 * population. Runs published before the mart existed have none; that is reported, not an error.
 */
public final class ProfileReader {
  /** The mart's folder name in a run. */
  public static final String MART = org.npcoutcomes.marts.Mart.LIKELIHOOD_PROFILE.relativePath();

  private ProfileReader() {}

  /** The profiles of one run, or empty with the reason when the run has no such mart or rows. */
  public static Optional<List<LikelihoodProfile>> read(SparkSession spark, Path runFolder, String label,
      SynthesisSettings settings, List<String> reasons) {
    Path mart = new Path(runFolder, MART);
    try {
      if (!mart.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(mart)) {
        reasons.add("run '" + label + "' has no " + MART + " mart (published by an older version?)");
        return Optional.empty();
      }
    } catch (IOException e) {
      reasons.add("run '" + label + "': cannot read " + mart + ": " + e.getMessage());
      return Optional.empty();
    }
    SynthesisSettings.Selection s = settings.select();
    List<LikelihoodProfile> out = new ArrayList<>();
    for (String population : s.populations()) {
      List<Row> rows = spark.read().parquet(mart.toString())
          .filter(col("outcome").equalTo(s.outcome()).and(col("model").equalTo(s.model()))
              .and(col("population").equalTo(population)))
          .orderBy("point").collectAsList();
      if (rows.size() < 2) {
        reasons.add("run '" + label + "' has no " + MART + " rows for outcome '" + s.outcome() + "', model '"
            + s.model() + "', population '" + population + "'");
        return Optional.empty();
      }
      String site = s.populations().size() > 1 ? label + " " + population : label;
      out.add(profile(site, rows));
    }
    return Optional.of(out);
  }

  /** One population's profile from its likelihood_profile rows, in the order of {@code point}. */
  public static LikelihoodProfile profile(String site, List<Row> rows) {
    int g = rows.size();
    double[] beta = new double[g];
    double[] ll = new double[g];
    double[] d1 = new double[g];
    double[] d2 = new double[g];
    for (int i = 0; i < g; i++) {
      Row r = rows.get(i);
      beta[i] = r.<Double>getAs("beta");
      ll[i] = r.<Double>getAs("log_lik");
      d1[i] = r.<Double>getAs("d1");
      d2[i] = r.<Double>getAs("d2");
    }
    return new LikelihoodProfile(site, beta, ll, d1, d2);
  }
}
