package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.plan.CohortContractException;
import org.npcoutcomes.testing.LocalSpark;

/**
 * {@code --job analyze} on the sample's staged cohort (fixtures/sample-cohort/cohort.csv, 540 patients) and on
 * broken copies of it: the counts of its input rows are published unsuppressed; a broken table publishes
 * nothing and leaves the published run as it was; a propensity model that separates the arms publishes no
 * weighted hazard ratio, and the run summary says why.
 */
class AnalysisInputsTest {
  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static Path published;
  private static List<String> cohort;

  private static PipelineSettings settings(String input, Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>(Map.of("run.id", "inputs", "run.output", dir.resolve("out").toString(),
        "run.work-dir", dir.resolve("work").toString(), "analyze.input", input, "analyze.landmarks", "[]",
        "analyze.subgroups", "[]", "analyze.models", "[\"crude\"]", "analyze.table1.categorical", "[\"sex\"]"));
    overrides.putAll(extra);
    return PipelineSettings.from(ConfigLoader.load(List.of(Path.of("..", "conf", "application.conf")), overrides));
  }

  private static org.apache.hadoop.fs.Path run(PipelineSettings settings) {
    PipelineRun run = new PipelineRun(settings, Job.ANALYZE, Clock.systemUTC());
    run.preflight(spark.sparkContext().hadoopConfiguration());
    return run.execute(spark);
  }

  @BeforeAll
  static void publish() throws IOException {
    spark = LocalSpark.session();
    Path csv = Path.of(AnalysisInputsTest.class.getResource("/fixtures/sample-cohort/cohort.csv").getPath());
    cohort = Files.readAllLines(csv);
    published = Path.of(run(settings(csv.toString(), Map.of())).toUri().getPath());
  }

  private static List<Row> mart(Path run, Mart mart) {
    return spark.read().parquet(run.resolve(mart.relativePath()).toString()).collectAsList();
  }

  private static String write(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, lines);
    return file.toString();
  }

  @Test
  void theInputRowsAreCountedUnsuppressed() {
    Map<String, Long> counts = new HashMap<>();
    List<Row> rows = mart(published, Mart.ANALYSIS_INPUTS);
    rows.forEach(r -> counts.put(r.getAs("outcome") + "/" + r.getAs("reason"), r.getAs("rows")));
    // the sample cohort: 540 rows, every one in an arm with its time and os_event known (oracle.json, base n)
    assertEquals(540L, counts.get("null/rows_read"));
    assertEquals(0L, counts.get("null/other_treatment"));
    assertEquals(540L, counts.get("os/analysed"));
    long causeMissing = cohort.stream().skip(1).filter(l -> l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")[6].isEmpty()
        || l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")[6].equals("NA")).count();
    assertEquals(causeMissing, counts.get("css/missing_status"));
    assertFalse(List.of(rows.get(0).schema().fieldNames()).contains("suppressed"), "exempt from suppression");
  }

  @Test
  void aHeaderOnlyCohortPublishesNothing() throws IOException {
    Row before = mart(published, Mart.RUN_MANIFEST).get(0);
    String headerOnly = write("header-only.csv", List.of(cohort.get(0)));
    CohortContractException e = assertThrows(CohortContractException.class, () -> run(settings(headerOnly, Map.of())));
    assertFalse(e.dataQuality(), "exit 2");
    assertTrue(e.getMessage().contains("no rows"), e.getMessage());
    assertEquals(before.<Object>getAs("started_at"), mart(published, Mart.RUN_MANIFEST).get(0).getAs("started_at"),
        "the published run is untouched");
    assertEquals(540L, mart(published, Mart.ANALYSIS_INPUTS).stream()
        .filter(r -> "rows_read".equals(r.getAs("reason"))).findFirst().orElseThrow().<Long>getAs("rows"));
  }

  @Test
  void negativeTimesPublishNothing() throws IOException {
    Row before = mart(published, Mart.RUN_MANIFEST).get(0);
    List<String> lines = new ArrayList<>(cohort);
    for (int i = 1; i <= 3; i++) {
      lines.set(i, lines.get(i).replaceFirst(",\"(CHT\\+RT|CHT)\",[0-9.]+,", ",\"$1\",-4.0,"));
    }
    CohortContractException e = assertThrows(CohortContractException.class,
        () -> run(settings(write("negative.csv", lines), Map.of())));
    assertFalse(e.dataQuality(), "exit 2");
    assertTrue(e.getMessage().contains("column 'os_months'") && e.getMessage().contains("3 negative"),
        e.getMessage());
    assertEquals(before.<Object>getAs("started_at"), mart(published, Mart.RUN_MANIFEST).get(0).getAs("started_at"));
  }

  @Test
  void aThreeRowCohortsHazardRatioIsPrintedWithItsFlag() throws IOException {
    String three = write("three.csv", List.of("patient_id,arm,os_months,os_event", "1,CHT+RT,3,1", "2,CHT,6,1",
        "3,CHT,10,0"));
    Path out = Path.of(run(settings(three, Map.of("analyze.output", dir.resolve("three").toString(),
        "analyze.covariates.categorical", "[]", "analyze.covariates.continuous", "[]",
        "analyze.table1.categorical", "[]", "analyze.table1.continuous", "[]", "analyze.times", "[5]", "analyze.rmst-tau", "8",
        "analyze.outcomes", "[{ name = os, time = os_months, status { column = os_event, event = [1] } }]")))
        .toUri().getPath());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    RunSummary.print(spark.sparkContext().hadoopConfiguration(), new org.apache.hadoop.fs.Path(out.toUri()),
        Job.ANALYZE, new PrintStream(text, true, StandardCharsets.UTF_8));
    String summary = text.toString(StandardCharsets.UTF_8);
    // coxph on these rows: "Ran out of iterations and did not converge" (fixtures/degenerate, cox_three_rows)
    assertTrue(summary.lines().anyMatch(l -> l.contains("crude") && l.contains("[FLAGGED: ran out of iterations "
        + "and did not converge]")), summary);
    assertTrue(summary.contains("warning os/overall/cox:crude"), summary);
  }

  @Test
  void aSeparatedPropensityModelPublishesNoWeightedHazardRatio() throws IOException {
    // a covariate that copies the treatment
    List<String> lines = new ArrayList<>();
    lines.add(cohort.get(0) + ",\"rt\"");
    cohort.stream().skip(1).forEach(l -> lines.add(l + "," + (l.contains(",\"CHT+RT\",") ? 1 : 0)));
    Path out = Path.of(run(settings(write("separated.csv", lines), Map.of("analyze.output",
        dir.resolve("separated").toString(), "analyze.covariates.continuous", "[\"age\", \"rt\"]",
        "analyze.outcomes", "[{ name = os, time = os_months, status { column = os_event, event = [1] } }]")))
        .toUri().getPath());
    Map<String, Row> plan = new HashMap<>();
    mart(out, Mart.ANALYSIS_PLAN).forEach(r -> plan.put(r.getAs("analysis_id"), r));
    Row propensity = plan.get("-/overall/propensity:logistic");
    assertEquals("warning", propensity.getAs("status"), (String) propensity.getAs("messages"));
    for (String population : List.of("iptw_ate", "iptw_att", "overlap")) {
      Row cox = plan.get("os/" + population + "/cox:crude");
      assertEquals("failed", cox.getAs("status"), population);
      assertTrue(((String) cox.getAs("messages")).contains("propensity model is unusable"),
          (String) cox.getAs("messages"));
    }
    assertTrue(mart(out, Mart.HAZARD_RATIO).stream().noneMatch(r -> ((String) r.getAs("population"))
        .matches("iptw_.*|overlap|matched")), "no adjusted hazard ratio published");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    RunSummary.print(spark.sparkContext().hadoopConfiguration(), new org.apache.hadoop.fs.Path(out.toUri()),
        Job.ANALYZE, new PrintStream(text, true, StandardCharsets.UTF_8));
    String summary = text.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("tasks not ok") && summary.contains("propensity model is unusable")
        && summary.contains("os/iptw_ate/cox:crude"), summary);
  }
}
