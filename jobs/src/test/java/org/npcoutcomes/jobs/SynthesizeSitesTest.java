package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.testing.LocalSpark;
import org.npcoutcomes.testing.OracleFixture;

/**
 * The sites of one run pooled by {@code --job synthesize}: a run folder whose hazard_ratio mart has one crude
 * population per site and whose likelihood_profile mart holds each site's Cox profile (core's
 * fixtures/synthesis/profile_pooling.json, from core/src/test/r/profile_pooling.R). The profile row equals R's
 * coxph stratified by site on the stacked rows; the common-effect row is the normal approximation, equal to
 * metafor's rma(method = "EE") of the sites' own coxph fits.
 */
class SynthesizeSitesTest {
  @TempDir
  static Path dir;
  private static final JsonNode R = OracleFixture.load("/fixtures/synthesis/profile_pooling.json");

  @Test
  void sitesOfOneRunPoolTheirProfilesAsTheStratifiedCoxFit() {
    SparkSession spark = LocalSpark.session();
    Path run = dir.resolve("run");
    StructType hr = new StructType().add("outcome", DataTypes.StringType).add("population", DataTypes.StringType)
        .add("model", DataTypes.StringType).add("term_index", DataTypes.IntegerType)
        .add("coef", DataTypes.DoubleType).add("se", DataTypes.DoubleType).add("robust_se", DataTypes.DoubleType);
    StructType profile = new StructType().add("analysis_id", DataTypes.StringType)
        .add("outcome", DataTypes.StringType).add("population", DataTypes.StringType)
        .add("model", DataTypes.StringType).add("term", DataTypes.StringType).add("point", DataTypes.IntegerType)
        .add("beta", DataTypes.DoubleType).add("log_lik", DataTypes.DoubleType).add("d1", DataTypes.DoubleType)
        .add("d2", DataTypes.DoubleType);
    List<Row> hrRows = new ArrayList<>();
    List<Row> profileRows = new ArrayList<>();
    List<String> sites = new ArrayList<>();
    for (Iterator<String> it = R.get("profiles").fieldNames(); it.hasNext(); ) {
      String site = it.next();
      String population = "site=" + site;
      sites.add(population);
      JsonNode fit = at(R, "separate", site);
      hrRows.add(RowFactory.create("os", population, "crude", 0, number(fit.get("coef")), number(fit.get("se")),
          null));
      JsonNode p = at(R, "profiles", site);
      for (int i = 0; i < p.get("beta").size(); i++) {
        profileRows.add(RowFactory.create("os/" + population + "/crude", "os", population, "crude", "treat", i,
            number(p.get("beta").get(i)), number(p.get("loglik").get(i)), number(p.get("d1").get(i)),
            number(p.get("d2").get(i))));
      }
    }
    spark.createDataFrame(hrRows, hr).coalesce(1).write().parquet(run.resolve("hazard_ratio").toString());
    spark.createDataFrame(profileRows, profile).coalesce(1).write()
        .parquet(run.resolve("likelihood_profile").toString());
    spark.createDataFrame(List.of(RowFactory.create("sites")), new StructType().add("run_id", DataTypes.StringType))
        .write().parquet(run.resolve("run_manifest").toString());

    Map<String, String> o = new HashMap<>(Map.of("run.id", "sites", "run.output", dir.resolve("out").toString(),
        "synthesis.runs", "[{label = \"Registry\", path = \"" + run + "\"}]",
        "synthesis.select.populations", "[\"" + String.join("\", \"", sites) + "\"]"));
    PipelineRun job = new PipelineRun(PipelineSettings.from(ConfigLoader.load(List.of(), o)), Job.SYNTHESIZE,
        Clock.systemUTC());
    job.preflight(spark.sparkContext().hadoopConfiguration());
    Path out = Path.of(job.execute(spark).toUri().getPath());

    Map<String, Row> byModel = new HashMap<>();
    spark.read().parquet(out.resolve(Mart.SYNTHESIS_POOLED.relativePath()).toString()).collectAsList()
        .forEach(r -> byModel.put(r.getAs("model"), r));
    Row pooled = byModel.get("profile");
    assertEquals(sites.size(), pooled.<Integer>getAs("k"));
    JsonNode s = R.get("stratified");
    assertClose(number(s.get("coef")), pooled.<Double>getAs("estimate"), "profile pooling vs coxph + strata(site)");
    assertClose(number(s.get("lr_lb")), pooled.<Double>getAs("lower"), "likelihood-ratio lower");
    assertClose(number(s.get("lr_ub")), pooled.<Double>getAs("upper"), "likelihood-ratio upper");
    JsonNode n = R.get("normal_approximation");
    Row common = byModel.get("common");
    assertClose(number(n.get("estimate")), common.<Double>getAs("estimate"), "normal approximation (rma EE)");
    assertClose(number(n.get("ci_ub")), common.<Double>getAs("upper"), "normal approximation upper");
  }
}
