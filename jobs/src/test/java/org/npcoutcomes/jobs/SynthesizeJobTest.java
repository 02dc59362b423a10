package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.report.ReportWriter;
import org.npcoutcomes.report.SynthesisPage;
import org.npcoutcomes.testing.LocalSpark;
import org.npcoutcomes.testing.OracleFixture;

/**
 * {@code --job synthesize} end to end: nine published estimates (fixtures/synthesis/published.csv, synthetic)
 * and one run folder built here (its crude log HR −0.3, SE 0.15), pooled and published; the marts equal metafor
 * on the same ten estimates (fixtures/synthesis/job.json from core/src/test/r/synthesis_job.R).
 */
class SynthesizeJobTest {
  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static Path published;
  private static final JsonNode R = OracleFixture.load("/fixtures/synthesis/job.json");

  static Path csv() throws Exception {
    return Path.of(SynthesizeJobTest.class.getResource("/fixtures/synthesis/published.csv").toURI());
  }

  static PipelineSettings settings(Map<String, String> extra) throws Exception {
    Map<String, String> overrides = new HashMap<>(Map.of(
        "run.id", "pooled", "run.output", dir.resolve("out").toString(), "run.work-dir", dir.resolve("work").toString(),
        "synthesis.studies", csv().toString(),
        "synthesis.runs", "[{label = \"Test registry\", path = \"" + dir.resolve("runs/registry") + "\"}]"));
    overrides.putAll(extra);
    return PipelineSettings.from(ConfigLoader.load(List.of(), overrides));
  }

  /** A published run folder with just what the job reads: its manifest and one hazard_ratio row. */
  static void writeRun(Path folder) {
    StructType hr = new StructType().add("analysis_id", DataTypes.StringType).add("outcome", DataTypes.StringType)
        .add("population", DataTypes.StringType).add("model", DataTypes.StringType)
        .add("term_index", DataTypes.IntegerType).add("term", DataTypes.StringType)
        .add("coef", DataTypes.DoubleType).add("se", DataTypes.DoubleType).add("robust_se", DataTypes.DoubleType);
    List<Row> rows = List.of(
        RowFactory.create("os/overall/crude", "os", "overall", "crude", 0, "arm=CHT+RT", -0.3, 0.15, null),
        RowFactory.create("os/overall/multivariable", "os", "overall", "multivariable", 0, "arm=CHT+RT", -0.2, 0.2,
            null),
        RowFactory.create("os/overall/multivariable", "os", "overall", "multivariable", 1, "age", 0.01, 0.002, null));
    spark.createDataFrame(rows, hr).coalesce(1).write().parquet(folder.resolve("hazard_ratio").toString());
    StructType manifest = new StructType().add("run_id", DataTypes.StringType);
    spark.createDataFrame(List.of(RowFactory.create("registry")), manifest).coalesce(1).write()
        .parquet(folder.resolve("run_manifest").toString());
  }

  @BeforeAll
  static void runJob() throws Exception {
    spark = LocalSpark.session();
    writeRun(dir.resolve("runs/registry"));
    PipelineRun run = new PipelineRun(settings(Map.of()), Job.SYNTHESIZE, Clock.systemUTC());
    run.preflight(spark.sparkContext().hadoopConfiguration());
    published = Path.of(run.execute(spark).toUri().getPath());
  }

  private static List<Row> mart(Mart mart) {
    return spark.read().parquet(published.resolve(mart.relativePath()).toString()).collectAsList();
  }

  private static double[] column(List<Row> rows, String name) {
    return rows.stream().mapToDouble(r -> r.<Double>getAs(name)).toArray();
  }

  @Test
  void studiesCarryMetaforsEstimatesAndWeights() {
    List<Row> rows = mart(Mart.SYNTHESIS_STUDY).stream()
        .sorted((a, b) -> Integer.compare(a.<Integer>getAs("study_index"), b.<Integer>getAs("study_index"))).toList();
    assertEquals(10, rows.size());
    assertEquals("Test registry", rows.get(9).getAs("study"));
    assertEquals("run", rows.get(9).getAs("source"));
    assertEquals("year=2016; design=retrospective", rows.get(0).getAs("labels"));
    assertAllClose(R.get("yi"), column(rows, "estimate"), "yi");
    double[] se = column(rows, "se");
    double[] v = new double[se.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = se[i] * se[i];
    }
    assertAllClose(R.get("vi"), v, "vi");
    assertAllClose(at(R, "common", "weights"), column(rows, "weight_common"), "common weights");
    assertAllClose(at(R, "random", "weights"), column(rows, "weight_random"), "random weights");
  }

  @Test
  void pooledModelsEqualMetafor() {
    Map<String, Row> byModel = new HashMap<>();
    mart(Mart.SYNTHESIS_POOLED).forEach(r -> byModel.put(r.getAs("model"), r));
    for (String model : List.of("common", "random")) {
      Row r = byModel.get(model);
      JsonNode f = R.get(model);
      assertClose(number(f.get("estimate")), r.<Double>getAs("estimate"), model + " estimate");
      assertClose(Math.exp(number(f.get("estimate"))), r.<Double>getAs("effect"), model + " hazard ratio");
      assertClose(number(f.get("se")), r.<Double>getAs("se"), model + " se");
      assertClose(number(f.get("ci_lb")), r.<Double>getAs("lower"), model + " lower");
      assertClose(number(f.get("ci_ub")), r.<Double>getAs("upper"), model + " upper");
      assertClose(number(f.get("pval")), r.<Double>getAs("p_value"), model + " p");
      assertClose(number(f.get("QE")), r.<Double>getAs("q"), model + " Q");
      assertClose(number(f.get("QEp")), r.<Double>getAs("q_p"), model + " Q p");
      assertClose(number(f.get("tau2")), r.<Double>getAs("tau2"), model + " tau2");
      assertClose(number(f.get("I2")), r.<Double>getAs("i2"), model + " I2");
      assertClose(number(f.get("H2")), r.<Double>getAs("h2"), model + " H2");
    }
    Row random = byModel.get("random");
    assertTrue(random.<Boolean>getAs("primary"));
    assertFalse(byModel.get("common").<Boolean>getAs("primary"));
    assertEquals("REML", random.getAs("method"));
    assertClose(Math.exp(number(R.get("pi_lb"))), random.<Double>getAs("prediction_lower"), "prediction lower");
    assertClose(Math.exp(number(R.get("pi_ub"))), random.<Double>getAs("prediction_upper"), "prediction upper");
    assertClose(number(R.get("tau2_ci").get(0)), random.<Double>getAs("tau2_lower"), "tau2 CI lower");
    assertClose(number(R.get("tau2_ci").get(1)), random.<Double>getAs("tau2_upper"), "tau2 CI upper");
    assertClose(number(R.get("I2_ci").get(1)), random.<Double>getAs("i2_upper"), "I2 CI upper");
    assertFalse(byModel.containsKey("profile"), "the run has no likelihood_profile mart: no profile pooling");
  }

  @Test
  void eggerAndLeaveOneOutEqualMetafor() {
    Row egger = mart(Mart.SYNTHESIS_BIAS).get(0);
    assertEquals(10, egger.<Integer>getAs("k"));
    assertClose(number(at(R, "egger", "statistic")), egger.<Double>getAs("statistic"), "Egger t");
    assertClose(number(at(R, "egger", "pval")), egger.<Double>getAs("p_value"), "Egger p");
    assertClose(number(at(R, "egger", "limit")), egger.<Double>getAs("limit_estimate"), "limit estimate");
    List<Row> l1o = mart(Mart.SYNTHESIS_LEAVE_ONE_OUT).stream()
        .sorted((a, b) -> Integer.compare(a.<Integer>getAs("omitted_index"), b.<Integer>getAs("omitted_index")))
        .toList();
    assertAllClose(at(R, "leave1out", "estimate"), column(l1o, "estimate"), "leave1out estimate");
    assertAllClose(at(R, "leave1out", "ci_lb"), column(l1o, "lower"), "leave1out lower");
    assertAllClose(at(R, "leave1out", "ci_ub"), column(l1o, "upper"), "leave1out upper");
    assertAllClose(at(R, "leave1out", "tau2"), column(l1o, "tau2"), "leave1out tau2");
    assertAllClose(at(R, "leave1out", "I2"), column(l1o, "i2"), "leave1out I2");
  }

  @Test
  void publishesTheSynthesisPageAndManifest() {
    assertTrue(Files.exists(published.resolve(ReportWriter.FOLDER).resolve(SynthesisPage.PAGE)));
    assertTrue(Files.exists(published.resolve(ReportWriter.FOLDER).resolve("figures/synthesis-forest.svg")));
    assertTrue(Files.exists(published.resolve(ReportWriter.FOLDER).resolve("figures/synthesis-funnel.png")));
    assertEquals("synthesize", mart(Mart.RUN_MANIFEST).get(0).getAs("job"));
  }

  /** The page as a reader sees it: Chromium's DOM has every study, both diamonds and the mart's I². */
  @Test
  void pageRendersInChromiumWithTheMartsNumbers() throws Exception {
    Path page = published.resolve(ReportWriter.FOLDER).resolve(SynthesisPage.PAGE);
    org.jsoup.nodes.Document dom = org.jsoup.Jsoup.parse(HeadlessChromium.in(dir).run("--dump-dom",
        page.toUri().toString()));
    org.jsoup.nodes.Element forest = dom.getElementById("synthesis-forest");
    assertTrue(forest != null, "forest plot in the page");
    assertEquals(10, forest.select("rect.study-square").size(), "one square per study");
    assertEquals(2, forest.select("path.diamond").size(), "common and random diamonds");
    assertEquals(1, forest.select("line.prediction-interval").size(), "the prediction interval");
    assertEquals(1, forest.select("line.null-line").size(), "the null line");
    Row random = mart(Mart.SYNTHESIS_POOLED).stream().filter(r -> "random".equals(r.getAs("model"))).findFirst()
        .orElseThrow();
    String het = forest.select("text.heterogeneity").text();
    assertTrue(het.contains(String.format(java.util.Locale.ROOT, "I² = %.1f%%", random.<Double>getAs("i2"))), het);
    assertTrue(forest.select("text.study-label").eachText().contains("Test registry"));
    org.jsoup.nodes.Element funnel = dom.getElementById("synthesis-funnel");
    assertTrue(funnel != null, "funnel plot from 10 studies");
    assertEquals(10, funnel.select("circle.funnel-point").size());
  }

  @Test
  void badInputStopsBeforeAnyWorkNamingTheKeyAndLine() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "study,estimate,lower,upper\nA,0.5,0.4,0.6\nB,0.7,0.8,0.9\n");
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () ->
        new PipelineRun(settings(Map.of("synthesis.studies", bad.toString())), Job.SYNTHESIZE, Clock.systemUTC())
            .preflight(spark.sparkContext().hadoopConfiguration()));
    assertTrue(e.getMessage().contains("synthesis.studies") && e.getMessage().contains("line 3"), e.getMessage());
    InvalidConfigException none = assertThrows(InvalidConfigException.class, () ->
        new PipelineRun(settings(Map.of("synthesis.studies", "", "synthesis.runs", "[]")), Job.SYNTHESIZE,
            Clock.systemUTC()).preflight(spark.sparkContext().hadoopConfiguration()));
    assertTrue(none.getMessage().contains("synthesis.runs"), none.getMessage());
    InvalidConfigException method = assertThrows(InvalidConfigException.class,
        () -> settings(Map.of("synthesis.method", "ML")));
    assertTrue(method.getMessage().contains("synthesis.method"), method.getMessage());
  }
}
