package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.config.PrivacySettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.privacy.SmallCellSuppression;
import org.npcoutcomes.testing.LocalSpark;
import org.npcoutcomes.testing.OracleFixture;
import org.npcoutcomes.testing.TestFiles;

/**
 * {@code analyze.sites} on a four-site cohort: one population per site, each with its own Cox models and
 * likelihood_profile rows equal to R's per-site coxph profiles (fixtures/profile/sites.json, written by
 * core/src/test/r/likelihood_profile.R). Run twice: every population in memory, and with populations above
 * 50 rows (the whole cohort and sites A, B, C) from aggregated statistics while site D is gathered.
 */
class SiteProfileTest {
  private static final JsonNode R = OracleFixture.load("/fixtures/profile/sites.json");
  private static final List<String> SITES = List.of("A", "B", "C", "D");
  private static Map<Mart, MartTable> inMemory;
  private static Map<Mart, MartTable> aggregated;

  @BeforeAll
  static void analyse() {
    SparkSession spark = LocalSpark.session();
    String csv = TestFiles.file("/fixtures/profile/sites.csv");
    Dataset<Row> cohort = spark.read().option("header", "true").csv(csv);
    inMemory = run(cohort, 1_000_000);
    aggregated = run(cohort, 50);
  }

  private static PipelineSettings settings(int maxInMemory) {
    return PipelineSettings.from(ConfigLoader.load(List.of(), Map.ofEntries(
        Map.entry("analyze.id", "id"), Map.entry("analyze.time", "time"),
        Map.entry("analyze.status.column", "status"), Map.entry("analyze.treatment.column", "treat"),
        Map.entry("analyze.treatment.reference", "0"), Map.entry("analyze.treatment.treated", "1"),
        Map.entry("analyze.covariates.categorical", "[\"sex\"]"),
        Map.entry("analyze.covariates.continuous", "[\"age\"]"),
        Map.entry("analyze.models", "[\"crude\", \"multivariable\"]"), Map.entry("analyze.sites", "[\"site\"]"),
        Map.entry("analyze.times", "[12]"), Map.entry("analyze.rmst-tau", "24"),
        Map.entry("analyze.propensity.matching.enabled", "false"),
        Map.entry("analyze.propensity.weighting.estimands", "[\"ate\"]"),
        Map.entry("analyze.scale.max-in-memory-rows", Integer.toString(maxInMemory)))));
  }

  private static Map<Mart, MartTable> run(Dataset<Row> cohort, int maxInMemory) {
    return new AnalyzeStage(settings(maxInMemory).analyze()).run(cohort);
  }

  /**
   * The run's sites pooled within the run: four studies, and the pooled profile likelihood's estimate equal to
   * R's coxph(Surv(time, status) ~ treat + strata(site)) on the stacked rows (the same partial likelihood).
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void sitesArePooledWithinTheRun(boolean aggregatedRun) {
    PipelineSettings settings = settings(50);
    List<String> notes = new java.util.ArrayList<>();
    Map<Mart, MartTable> pooled = org.npcoutcomes.synthesize.SiteSynthesis.marts(settings.analyze(),
        settings.synthesis(), settings.privacy(), marts(aggregatedRun), notes);
    assertEquals(List.of(), notes);
    assertEquals(SITES.size(), pooled.get(Mart.SYNTHESIS_STUDY).rows().size());
    Row profile = pooled.get(Mart.SYNTHESIS_POOLED).rows().stream().filter(r -> "profile".equals(r.getAs("model")))
        .findFirst().orElseThrow();
    assertEquals(SITES.size(), (int) profile.getAs("k"));
    assertClose(R.get("stratified").get("coef").asDouble(), profile.getAs("estimate"), 1e-6, "pooled profile");
  }

  private static Map<Mart, MartTable> marts(boolean aggregatedRun) {
    return aggregatedRun ? aggregated : inMemory;
  }

  private static List<Row> rows(Map<Mart, MartTable> marts, Mart mart, String population, String model) {
    return marts.get(mart).rows().stream().filter(r -> population.equals(r.getAs("population"))
        && (model == null || model.equals(r.getAs("model")))).toList();
  }

  private static double[] column(List<Row> rows, String name) {
    return rows.stream().mapToDouble(r -> ((Number) r.getAs(name)).doubleValue()).toArray();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void onePopulationPerSiteWithItsOwnModels(boolean aggregatedRun) {
    Map<Mart, MartTable> marts = marts(aggregatedRun);
    List<String> populations = marts.get(Mart.ANALYSIS_PLAN).rows().stream()
        .map(r -> (String) r.getAs("population")).filter(p -> p.startsWith("site:")).distinct().toList();
    assertEquals(SITES.stream().map(s -> "site:site=" + s).toList(), populations);
    for (String site : SITES) {
      String population = "site:site=" + site;
      for (String model : List.of("crude", "multivariable")) {
        JsonNode r = at(R, "sites", site, model);
        Row hr = rows(marts, Mart.HAZARD_RATIO, population, model).get(0);
        assertClose(number(r.get("coef")), hr.getAs("coef"), population + " " + model + " coef");
        assertClose(number(r.get("se")), hr.getAs("se"), population + " " + model + " se");
        assertEquals((long) number(r.get("n")), (long) hr.getAs("n"), population + " n");
        assertEquals((long) number(r.get("events")), (long) hr.getAs("events"), population + " events");
      }
      assertTrue(!rows(marts, Mart.KM_CURVE, population, null).isEmpty(), population + " Kaplan-Meier");
      assertTrue(!rows(marts, Mart.LOGRANK, population, null).isEmpty(), population + " log-rank");
    }
    // sites are no subgroups: no forest rows
    assertTrue(marts.get(Mart.FOREST).rows().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void likelihoodProfilesEqualR(boolean aggregatedRun) {
    Map<Mart, MartTable> marts = marts(aggregatedRun);
    assertEquals(List.of("analysis_id", "outcome", "population", "model", "term", "point", "beta", "log_lik", "d1",
        "d2"), List.of(marts.get(Mart.LIKELIHOOD_PROFILE).schema().fieldNames()));
    for (String site : SITES) {
      for (String model : List.of("crude", "multivariable")) {
        JsonNode r = at(R, "sites", site, model);
        String what = site + " " + model + (aggregatedRun ? " (aggregated)" : "");
        List<Row> profile = rows(marts, Mart.LIKELIHOOD_PROFILE, "site:site=" + site, model);
        assertEquals(r.get("beta").size(), profile.size(), what + " points");
        for (int k = 0; k < profile.size(); k++) {
          assertEquals(k, (int) profile.get(k).getAs("point"), what + " point order");
          assertEquals("treat=1", profile.get(k).getAs("term"));
        }
        assertAllClose(r.get("beta"), column(profile, "beta"), what + " beta");
        assertAllClose(r.get("log_lik"), column(profile, "log_lik"), what + " log_lik");
        assertAllClose(r.get("d1"), column(profile, "d1"), what + " d1");
        assertAllClose(r.get("d2"), column(profile, "d2"), what + " d2");
      }
    }
    // every Cox model of the treatment publishes its profile, the whole cohort's and the weighted one's too
    for (String population : List.of("overall", "iptw_ate")) {
      assertTrue(!rows(marts, Mart.LIKELIHOOD_PROFILE, population, "crude").isEmpty(), population);
    }
  }

  @Test
  void smallCellSuppressionLeavesTheProfilesAsTheyAre() {
    Map<Mart, MartTable> published = new SmallCellSuppression(PrivacySettings.of(PrivacySettings.Policy.CMS, 11))
        .analysis(inMemory, "0", "1");
    // site D's 6 events are withheld where they are counted, but its profile carries no count
    assertTrue(rows(published, Mart.HAZARD_RATIO, "site:site=D", "crude").get(0).isNullAt(
        rows(published, Mart.HAZARD_RATIO, "site:site=D", "crude").get(0).fieldIndex("events")));
    assertEquals(inMemory.get(Mart.LIKELIHOOD_PROFILE).rows(), published.get(Mart.LIKELIHOOD_PROFILE).rows());
  }
}
