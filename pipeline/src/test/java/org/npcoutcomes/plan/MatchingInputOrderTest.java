package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.npcoutcomes.testing.OracleFixture.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.testing.LocalSpark;
import org.npcoutcomes.testing.OracleFixture;
import org.npcoutcomes.testing.TestFiles;

/**
 * Greedy matching on propensity scores with many ties (two categorical covariates only), on a table with no id
 * column: the rows keep the file's order, so ties are broken as R's greedy matcher breaks them on the same file
 * (fixtures/oracle/lung_ties.*, from core/src/test/r/oracle.R: MatchIt's nearest-neighbour algorithm without its
 * packaged defect, order "largest", caliper 0.1). The matched sets show in the pair-clustered SE and the
 * pair-stratified Cox model, which equal R's.
 */
class MatchingInputOrderTest {
  @Test
  void tiedScoresAreMatchedInTheFilesOrder() {
    JsonNode r = OracleFixture.load("/fixtures/oracle/lung_ties.oracle.json").get("matching").get("largest");
    String csv = TestFiles.file("/fixtures/oracle/lung.csv");
    Dataset<Row> lung = LocalSpark.session().read().option("header", "true").csv(csv);
    PipelineSettings settings = PipelineSettings.from(ConfigLoader.load(List.of(), Map.ofEntries(
        Map.entry("analyze.time", "time"), Map.entry("analyze.status.column", "status"),
        Map.entry("analyze.status.event", "[2]"), Map.entry("analyze.status.censored", "[1]"),
        Map.entry("analyze.treatment.column", "sex"),
        Map.entry("analyze.treatment.reference", "1"), Map.entry("analyze.treatment.treated", "2"),
        Map.entry("analyze.covariates.categorical", "[\"ph.ecog\", \"age_group\"]"),
        Map.entry("analyze.models", "[\"crude\"]"), Map.entry("analyze.times", "[180, 365]"),
        Map.entry("analyze.rmst-tau", "730"),
        Map.entry("analyze.propensity.weighting.estimands", "[]"))));
    Map<Mart, MartTable> marts = new AnalyzeStage(settings.analyze()).run(lung);
    List<Row> hazard = marts.get(Mart.HAZARD_RATIO).rows();
    Row clustered = find(hazard, "primary/matched/cox:crude");
    JsonNode cluster = r.get("cox_matched_robust_cluster_pair").get("coefficients");
    assertEquals(2 * r.get("counts").get("treated_matched").asLong(), (long) clustered.getAs("n"));
    assertClose(cluster.get("coef").get(0).asDouble(), clustered.getAs("coef"), 1e-6, "coef");
    assertClose(cluster.get("se").get(0).asDouble(), clustered.getAs("robust_se"), 1e-6, "pair-clustered SE");
    Row stratified = find(hazard, "primary/matched/cox:matched_set_strata");
    JsonNode pairs = r.get("cox_matched_stratified_pair").get("coefficients");
    assertClose(pairs.get("coef").get(0).asDouble(), stratified.getAs("coef"), 1e-6, "pair-stratified coef");
    assertClose(pairs.get("se").get(0).asDouble(), stratified.getAs("se"), 1e-6, "pair-stratified SE");
  }

  private static Row find(List<Row> rows, String analysisId) {
    return rows.stream().filter(x -> analysisId.equals(x.getAs("analysis_id")) && (int) x.getAs("term_index") == 0)
        .findFirst().orElseThrow(() -> new AssertionError("no row " + analysisId));
  }
}
