package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.LocalSpark;
import org.npcoutcomes.testing.OracleFixture;

/**
 * The whole pipeline on sample-data/ in local mode, checked against what the test counts itself from the raw
 * extract and against R (fixtures/sample-cohort: the staged cohort and survival/coxph output on it, made by
 * scripts/make-sample-fixture.sh). The run publishes with the default small-cell suppression (cms); counts it
 * withholds are compared with R on the same cohort analysed with {@code privacy.policy = "none"}.
 */
class PipelineEndToEndTest {
  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static Path published;
  /** The analysis marts of the same cohort with nothing withheld. */
  private static Path unsuppressed;
  private static List<SampleExtract.Line> lines;
  private static final JsonNode R = OracleFixture.load("/fixtures/sample-cohort/oracle.json");

  static PipelineSettings settings(Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>(Map.of(
        "input.paths", "[\"" + SampleExtract.FILE + "\"]",
        "input.source-mapping", "../conf/sources/seer-labeled.conf",
        "run.id", "e2e", "run.output", dir.resolve("out").toString(), "run.work-dir", dir.resolve("work").toString()));
    overrides.putAll(extra);
    return PipelineSettings.from(ConfigLoader.load(List.of(Path.of("..", "conf", "application.conf")), overrides));
  }

  static org.apache.hadoop.fs.Path run(PipelineSettings settings, Job job) {
    PipelineRun run = new PipelineRun(settings, job, Clock.systemUTC());
    run.preflight(spark.sparkContext().hadoopConfiguration());
    return run.execute(spark);
  }

  @BeforeAll
  static void runPipeline() throws Exception {
    spark = LocalSpark.session();
    published = Path.of(run(settings(Map.of()), Job.ALL).toUri().getPath());
    unsuppressed = Path.of(run(settings(Map.of("privacy.policy", "none",
        "analyze.output", dir.resolve("unsuppressed").toString())), Job.ANALYZE).toUri().getPath());
    lines = SampleExtract.lines();
  }

  private static List<Row> mart(Mart mart) {
    return mart(published, mart);
  }

  private static List<Row> mart(Path run, Mart mart) {
    return spark.read().parquet(run.resolve(mart.relativePath()).toString()).collectAsList();
  }

  @Test
  void everyInputLineIsOneCleanRecordOrOneReject() {
    Map<Long, String> expectedRejects = new TreeMap<>();
    lines.forEach(l -> {
      String reason = SampleExtract.defect(l);
      if (reason != null) {
        expectedRejects.put(l.number(), reason);
      }
    });
    Map<Long, String> rejects = new TreeMap<>();
    for (Row r : mart(Mart.REJECTS)) {
      String previous = rejects.put(r.getAs("line_number"), r.getAs("reason"));
      assertEquals(null, previous, "a line is rejected once");
    }
    assertTrue(expectedRejects.size() > 10, "the sample has defective rows");
    assertEquals(expectedRejects, rejects);
    Row manifest = mart(Mart.RUN_MANIFEST).get(0);
    Row input = manifest.<Row>getList(manifest.fieldIndex("inputs")).get(0);
    assertEquals(lines.size(), (long) input.getAs("rows_read"));
    assertEquals(lines.size() - rejects.size(), (long) input.getAs("rows_clean"));
    assertEquals(rejects.size(), (long) input.getAs("rows_rejected"));
  }

  @Test
  void attritionMatchesAnIndependentCount() {
    List<SampleExtract.Line> remaining = lines.stream().filter(l -> SampleExtract.defect(l) == null).toList();
    long before = remaining.size();
    Map<String, Long> expected = new java.util.LinkedHashMap<>();
    for (var rule : SampleExtract.RULES.entrySet()) {
      remaining = remaining.stream().filter(rule.getValue()).toList();
      expected.put(rule.getKey(), (long) remaining.size());
    }
    // published counts are the independent ones; a rule that excludes 1..10 records (8 at histology) is merged
    // with its neighbour, and every remaining count is published
    List<Row> published = mart(Mart.ATTRITION).stream()
        .sorted(java.util.Comparator.comparingInt(r -> r.<Integer>getAs("step"))).toList();
    // the last step: records in neither arm (none in the sample)
    expected.put("arm-assigned", (long) remaining.size());
    List<String> rules = new java.util.ArrayList<>(expected.keySet());
    int next = 0;
    boolean merged = false;
    for (Row row : published.subList(1, published.size())) {
      List<String> covered = List.of(row.<String>getAs("rule").split("\\+"));
      merged |= covered.size() > 1;
      assertEquals(rules.subList(next, next + covered.size()), covered, "consecutive rules");
      String last = covered.get(covered.size() - 1);
      long remainingBefore = next == 0 ? lines.stream().filter(l -> SampleExtract.defect(l) == null).count()
          : expected.get(rules.get(next - 1));
      next += covered.size();
      assertEquals(expected.get(last), row.<Long>getAs("remaining"), last);
      long excluded = remainingBefore - expected.get(last);
      assertTrue(excluded == 0 || excluded >= 11, row.getAs("rule") + " excludes " + excluded);
      assertEquals(excluded, (long) row.<Long>getAs("excluded"), row.getAs("rule") + " excluded");
      assertTrue(row.isNullAt(row.fieldIndex("suppressed")), row.getAs("rule") + " withholds nothing");
    }
    assertEquals(rules.size(), next, "every rule is in the flow");
    assertTrue(merged, "histology's 8 records are merged with a neighbour");
    assertEquals((long) remaining.size(), (long) published.get(published.size() - 1).<Long>getAs("remaining"),
        "the cohort size is published");
    assertEquals(remaining.size(), mart(Mart.COHORT).size());
  }

  @Test
  void completenessShowsMetastasisSitesMissingBefore2010() {
    Map<Integer, Long> missingBone = new TreeMap<>();
    Map<Integer, Long> records = new TreeMap<>();
    lines.stream().filter(l -> SampleExtract.defect(l) == null).forEach(l -> {
      int year = Integer.parseInt(SampleExtract.get(l, "Year of diagnosis"));
      records.merge(year, 1L, Long::sum);
      String bone = SampleExtract.get(l, "SEER Combined Mets at DX-bone (2010+)");
      missingBone.merge(year, bone.equals("Blank(s)") || bone.equals("Not applicable") ? 1L : 0L, Long::sum);
    });
    for (Row r : mart(Mart.COMPLETENESS)) {
      if ("mets_bone".equals(r.getAs("field"))) {
        int year = r.getAs("year_of_diagnosis");
        assertEquals(records.get(year), (long) r.getAs("records"), "records " + year);
        assertEquals(missingBone.get(year), (long) r.getAs("missing"), "missing bone " + year);
        if (year < 2010) {
          assertEquals(1.0, (double) r.getAs("missing_share"), 0.0, "no metastasis-site data before 2010");
        }
      }
    }
  }

  @Test
  void cohortIsTheOneRWasGiven() {
    CsvTable fixture = CsvTable.load("/fixtures/sample-cohort/cohort.csv");
    Set<String> expected = new TreeSet<>();
    fixture.records().forEach(r -> expected.add(r.get("patient_id") + "|" + r.get("arm") + "|"
        + Double.parseDouble(r.get("os_months")) + "|" + r.get("os_event") + "|" + r.get("t_group")));
    Set<String> actual = new TreeSet<>();
    mart(Mart.COHORT).forEach(r -> actual.add(r.getAs("patient_id") + "|" + r.getAs("arm") + "|"
        + r.<Double>getAs("os_months") + "|" + r.<Integer>getAs("os_event") + "|" + r.getAs("t_group")));
    assertEquals(expected, actual);
  }

  @Test
  void survivalMartsEqualR() {
    List<Row> km = select(Mart.KM_CURVE, "os", "overall", "kaplan_meier");
    for (String arm : List.of("CHT", "CHT+RT")) {
      JsonNode r = at(R, "kaplan_meier", arm.equals("CHT") ? "reference" : "treated");
      List<Row> curve = km.stream().filter(x -> arm.equals(x.getAs("arm")))
          .sorted((a, b) -> Double.compare(a.getAs("time"), b.getAs("time"))).toList();
      assertAllClose(at(r, "table", "time"), values(curve, "time"), arm + " time");
      assertAllClose(at(r, "table", "surv"), values(curve, "survival"), arm + " survival");
      assertAllClose(at(r, "table", "std.err_S"), values(curve, "std_err"), arm + " std err");
      assertAllClose(at(r, "table", "lower_loglog"), values(curve, "lower"), arm + " lower");
      assertAllClose(at(r, "table", "upper_loglog"), values(curve, "upper"), arm + " upper");
      Row summary = select(Mart.SURVIVAL_SUMMARY, "os", "overall", "kaplan_meier").stream()
          .filter(x -> arm.equals(x.getAs("arm"))).findFirst().orElseThrow();
      assertClose(number(at(r, "median_loglog", "median")), summary.getAs("median"), arm + " median");
      assertClose(number(at(r, "median_loglog", "lower95")), summary.getAs("median_lower"), arm + " median lower");
      assertClose(number(at(r, "median_loglog", "upper95")), summary.getAs("median_upper"), arm + " median upper");
      assertClose(number(at(r, "rmst_survival", "rmean")), summary.getAs("rmst"), arm + " rmst");
      assertEquals((long) number(r.get("n")), (long) summary.getAs("n"));
    }
    Row logrank = select(Mart.LOGRANK, "os", "overall", "unstratified").get(0);
    assertClose(number(at(R, "logrank", "logrank_rho0", "chisq")), logrank.getAs("chisq"), "log-rank chisq");
    assertClose(number(at(R, "logrank", "logrank_rho0", "p")), logrank.getAs("p_value"), "log-rank p");
    checkCox("crude", at(R, "cox", "treatment_only_efron"));
    checkCox("multivariable", at(R, "cox", "multivariable_efron"));
  }

  private static void checkCox(String model, JsonNode r) {
    List<Row> rows = select(Mart.HAZARD_RATIO, "os", "overall", model);
    JsonNode c = r.get("coefficients");
    assertEquals(c.get("term").size(), rows.size(), model + " terms");
    assertAllClose(c.get("coef"), values(rows, "coef"), model + " coef");
    assertAllClose(c.get("se"), values(rows, "se"), model + " se");
    assertAllClose(c.get("lower95"), values(rows, "lower"), model + " lower");
    assertAllClose(c.get("upper95"), values(rows, "upper"), model + " upper");
    assertAllClose(c.get("p"), values(rows, "p_value"), model + " p");
  }

  /** Rows of one outcome, population and model. */
  private static List<Row> select(Mart mart, String outcome, String population, String model) {
    return mart(mart).stream().filter(r -> outcome.equals(r.getAs("outcome"))
        && population.equals(r.getAs("population")) && model.equals(r.getAs("model"))).toList();
  }

  private static double[] values(List<Row> rows, String column) {
    return rows.stream().mapToDouble(r -> ((Number) r.getAs(column)).doubleValue()).toArray();
  }

  @Test
  void baselineTableEqualsR() {
    // bone_mets and liver_mets have 4 and 7 unknowns in CHT, withheld by default
    List<Row> baseline = mart(unsuppressed, Mart.BASELINE);
    JsonNode tests = R.get("table1_tests");
    for (String variable : List.of("sex", "t_group", "bone_mets", "liver_mets")) {
      JsonNode r = tests.get("categorical").get(variable);
      List<Row> rows = baseline.stream().filter(b -> variable.equals(b.getAs("variable"))).toList();
      List<String> levels = OracleFixtureLevels.strings(r.get("levels"));
      for (int i = 0; i < levels.size(); i++) {
        String level = levels.get(i);
        for (String arm : List.of("CHT", "CHT+RT")) {
          Row row = rows.stream().filter(b -> level.equals(b.getAs("level")) && arm.equals(b.getAs("arm")))
              .findFirst().orElseThrow();
          long expected = r.get("counts").get(arm.equals("CHT") ? "reference" : "treated").get(i).asLong();
          assertEquals(expected, (long) row.getAs("n"), variable + "=" + level + " " + arm);
        }
      }
      assertClose(number(r.get("paper_rule").get("p")), rows.get(0).getAs("p_value"), variable + " p");
    }
    JsonNode age = tests.get("continuous").get("age");
    Row ageRow = baseline.stream().filter(b -> "age".equals(b.getAs("variable")) && "CHT".equals(b.getAs("arm")))
        .findFirst().orElseThrow();
    assertClose(number(age.get("welch_t").get("p")), ageRow.getAs("p_value"), "age welch p");
    assertClose(number(age.get("mean_reference")), ageRow.getAs("mean"), "age mean");
  }

  /** Reads a JSON array of strings. */
  private static final class OracleFixtureLevels {
    static List<String> strings(JsonNode node) {
      List<String> out = new java.util.ArrayList<>();
      node.forEach(n -> out.add(n.asText()));
      return out;
    }
  }

  @Test
  void adjustedEstimatesCoverTheTrueHazardRatioOfTheSyntheticRegistry() {
    // the generator builds in HR 0.6 for CHT+RT, with confounding by age and metastatic burden
    double truth = org.npcoutcomes.sample.SyntheticSeerExtract.TRUE_HAZARD_RATIO;
    for (String model : List.of("overall/multivariable", "matched/crude", "matched/matched_set_strata",
        "iptw_ate/crude", "overlap/crude")) {
      Row hr = select(Mart.HAZARD_RATIO, "os", model.split("/")[0], model.split("/")[1]).get(0);
      assertTrue((double) hr.getAs("lower") < truth && truth < (double) hr.getAs("upper"),
          model + " CI " + hr.getAs("lower") + " to " + hr.getAs("upper") + " misses " + truth);
    }
  }

  @Test
  void cumulativeIncidenceEqualsCuminc() {
    JsonNode curves = at(R, "competing_risks", "curves");
    for (String arm : List.of("CHT", "CHT+RT")) {
      for (String cause : List.of("event", "competing")) {
        JsonNode r = curves.get((arm.equals("CHT") ? "0" : "1") + " " + (cause.equals("event") ? "1" : "2"));
        List<Row> ours = select(Mart.CUMULATIVE_INCIDENCE, "css", "overall", "cumulative_incidence").stream()
            .filter(x -> arm.equals(x.getAs("arm")) && cause.equals(x.getAs("cause")))
            .sorted((a, b) -> Integer.compare(a.getAs("point"), b.getAs("point"))).toList();
        assertAllClose(r.get("time"), values(ours, "time"), arm + " " + cause + " time");
        assertAllClose(r.get("est"), values(ours, "estimate"), arm + " " + cause + " estimate");
        assertAllClose(r.get("var"), values(ours, "variance"), arm + " " + cause + " variance");
      }
    }
    JsonNode gray = at(R, "competing_risks", "gray_test");
    List<Row> tests = select(Mart.COMPETING_RISK_TEST, "css", "overall", "cumulative_incidence");
    Row cancer = tests.stream().filter(x -> "event".equals(x.getAs("cause"))).findFirst().orElseThrow();
    Row competing = tests.stream().filter(x -> "competing".equals(x.getAs("cause"))).findFirst().orElseThrow();
    assertClose(number(gray.get("stat").get(0)), cancer.getAs("statistic"), "Gray cause 1");
    assertClose(number(gray.get("p").get(0)), cancer.getAs("p_value"), "Gray p cause 1");
    assertClose(number(gray.get("stat").get(1)), competing.getAs("statistic"), "Gray cause 2");
    Row fineGray = select(Mart.HAZARD_RATIO, "css", "overall", "fine_gray").get(0);
    JsonNode crr = at(R, "competing_risks", "fine_gray_treatment_failcode1", "coefficients");
    assertClose(number(crr.get("coef").get(0)), fineGray.getAs("coef"), "Fine-Gray coef");
    assertClose(number(crr.get("se").get(0)), fineGray.getAs("se"), "Fine-Gray se");
    assertClose(number(crr.get("lower95").get(0)), fineGray.getAs("lower"), "Fine-Gray lower");
  }

  @Test
  void manifestFingerprintsTheInputAndConfig() throws Exception {
    Row manifest = mart(Mart.RUN_MANIFEST).get(0);
    assertEquals("e2e", manifest.getAs("run_id"));
    assertEquals("succeeded", manifest.getAs("status"));
    assertEquals("cms", manifest.getAs("privacy_policy"));
    assertEquals(11, (int) manifest.getAs("min_cell"));
    Row none = mart(unsuppressed, Mart.RUN_MANIFEST).get(0);
    assertEquals("none", none.getAs("privacy_policy"));
    assertTrue(none.isNullAt(none.fieldIndex("min_cell")));
    assertEquals(settings(Map.of()).configDigest(), manifest.getAs("config_digest"));
    Row input = manifest.<Row>getList(manifest.fieldIndex("inputs")).get(0);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(SampleExtract.FILE)));
    assertEquals(sha, input.getAs("sha256"));
    assertEquals("../conf/sources/seer-labeled.conf", manifest.getAs("source_mapping"));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(Path.of("..", "conf", "sources", "seer-labeled.conf")))),
        manifest.getAs("source_mapping_sha256"));
    Map<String, Long> marts = manifest.<Row>getList(manifest.fieldIndex("marts")).stream()
        .collect(Collectors.toMap(r -> r.getAs("mart"), r -> r.getAs("rows")));
    assertEquals((long) mart(Mart.COHORT).size(), marts.get("cohort"));
    assertEquals((long) mart(Mart.KM_CURVE).size(), marts.get("km_curve"));
  }

  /** The count columns of each aggregate analysis mart. */
  private static final Map<Mart, List<String>> COUNTS = Map.ofEntries(
      Map.entry(Mart.BASELINE, List.of("n")),
      Map.entry(Mart.SURVIVAL_SUMMARY, List.of("n", "events")),
      Map.entry(Mart.SURVIVAL_AT_TIME, List.of("n_risk", "n_event")),
      Map.entry(Mart.HAZARD_RATIO, List.of("n", "events")),
      Map.entry(Mart.COX_MODEL, List.of("n", "events")),
      Map.entry(Mart.FOREST, List.of("n", "events")),
      Map.entry(Mart.ANALYSIS_PLAN, List.of("n_rows", "n_analysed", "events")),
      Map.entry(Mart.PROPENSITY_MODEL, List.of("n", "n_treated")),
      Map.entry(Mart.PROPENSITY_ADJUSTMENT, List.of("n_treated", "n_reference", "outside_common_support")),
      Map.entry(Mart.PROPENSITY_DISTRIBUTION, List.of("n")));

  private static Double count(Row r, String column) {
    Object v = r.get(r.fieldIndex(column));
    return v == null ? null : ((Number) v).doubleValue();
  }

  @Test
  void theDefaultRunWithholdsSmallCountsAndChangesNothingElse() {
    int withheld = 0;
    for (var e : COUNTS.entrySet()) {
      List<Row> cms = mart(e.getKey());
      List<Row> none = mart(unsuppressed, e.getKey());
      String name = e.getKey().tableName();
      assertEquals(none.size(), cms.size(), name + " rows");
      assertEquals(List.of(none.get(0).schema().fieldNames()), List.of(cms.get(0).schema().fieldNames()), name);
      for (int i = 0; i < cms.size(); i++) {
        Row a = cms.get(i);
        Row b = none.get(i);
        assertTrue(b.isNullAt(b.fieldIndex("suppressed")), name + " with policy none");
        for (String column : a.schema().fieldNames()) {
          Object published = a.get(a.fieldIndex(column));
          Object value = b.get(b.fieldIndex(column));
          if (column.equals("suppressed") || column.equals("seconds")) {
            continue;
          }
          if (published == null && value != null) {
            assertTrue(a.<String>getAs("suppressed").contains(column + ":"),
                name + " row " + i + " " + column + " withheld unflagged");
            withheld++;
          } else {
            assertEquals(value, published, name + " row " + i + " " + column);
          }
        }
        for (String column : e.getValue()) {
          Double v = count(b, column);
          if (v != null && v > 0 && v < 11) {
            assertEquals(null, a.get(a.fieldIndex(column)), name + " row " + i + " " + column + " = " + v);
          }
        }
      }
    }
    assertTrue(withheld > 0);
    // Table 1: 4 CHT patients with bone metastases unknown, and the variable's test with them
    Row bone = mart(Mart.BASELINE).stream().filter(r -> "bone_mets".equals(r.getAs("variable"))
        && "unknown".equals(r.getAs("level")) && "CHT".equals(r.getAs("arm"))).findFirst().orElseThrow();
    assertTrue(bone.isNullAt(bone.fieldIndex("n")) && bone.isNullAt(bone.fieldIndex("percent"))
        && bone.isNullAt(bone.fieldIndex("p_value")));
    // every reason for rejection has fewer than 11 rows in the sample
    assertTrue(mart(Mart.DATA_QUALITY).stream().allMatch(r -> r.isNullAt(r.fieldIndex("rows"))
        && "rows:small".equals(r.getAs("suppressed"))));
    Row overall = select(Mart.SURVIVAL_SUMMARY, "os", "overall", "kaplan_meier").get(0);
    assertEquals(212L, (long) overall.getAs("n"), "the headline counts are published");
  }

  private static List<Row> martIfAny(Path run, Mart mart) {
    return Files.isDirectory(run.resolve(mart.relativePath())) ? mart(run, mart) : null;
  }

  @Test
  void anAttackerSolvingEveryPublishedRelationFindsEverySmallCountFree() {
    Row manifest = mart(Mart.RUN_MANIFEST).get(0);
    org.npcoutcomes.privacy.Intruder attack = new PublishedRelations(11, m -> martIfAny(published, m),
        m -> m.tableName().equals("attrition") ? null : martIfAny(unsuppressed, m)).build(manifest);
    assertEquals(List.of(), attack.falseRelations(), "every relation the attacker uses is true of the data");
    assertTrue(attack.smallCells().size() > 50, attack.smallCells().size() + " small cells");
    assertTrue(attack.relations() > 500, attack.relations() + " relations");
    assertEquals(List.of(), attack.narrowed());
  }

  @Test
  void theReportsTablesWithholdFewComplementaryCounts() {
    int complementary = 0;
    for (Mart m : List.of(Mart.ATTRITION, Mart.BASELINE, Mart.SURVIVAL_SUMMARY, Mart.SURVIVAL_AT_TIME,
        Mart.HAZARD_RATIO, Mart.COX_MODEL, Mart.FOREST, Mart.PROPENSITY_ADJUSTMENT)) {
      List<Row> cms = mart(m);
      List<Row> none = m == Mart.ATTRITION ? null : mart(unsuppressed, m);
      for (int i = 0; i < cms.size(); i++) {
        String why = cms.get(i).getAs("suppressed");
        if (why == null) {
          continue;
        }
        for (String part : why.split(",")) {
          if (part.endsWith(":complementary")) {
            String column = part.substring(0, part.indexOf(':'));
            Double value = none == null ? null : count(none.get(i), column);
            // a small count shown as withheld (its bounds would narrow another small one) is reported with them
            complementary += value == null || value >= 11 ? 1 : 0;
          }
        }
      }
    }
    assertTrue(complementary <= 40, complementary + " complementary counts in the report's tables");
    // the arm sizes the report's header prints, and every population's arms in the survival table
    for (Row r : select(Mart.SURVIVAL_SUMMARY, "os", "overall", "kaplan_meier")) {
      assertTrue(r.getAs("n") != null, "arm size");
    }
  }

  @Test
  void stagesRunOneByOneGiveTheRecordsOfOneRun() {
    PipelineSettings stages = settings(Map.of("run.id", "stages"));
    run(stages, Job.INGEST);
    Path clean = Path.of(run(stages, Job.CLEAN).toUri().getPath());
    Row manifest = spark.read().parquet(clean.resolve(Mart.RUN_MANIFEST.relativePath()).toString()).first();
    Row input = manifest.<Row>getList(manifest.fieldIndex("inputs")).get(0);
    assertEquals(lines.size(), (long) input.getAs("rows_read"), "lines read as kept by the ingest job");
    assertEquals(sorted(mart(Mart.REJECTS)), sorted(spark.read().parquet(clean.resolve(Mart.REJECTS.relativePath())
        .toString()).collectAsList()));
    Path cohort = Path.of(run(stages, Job.COHORT).toUri().getPath());
    assertEquals(sorted(mart(Mart.COHORT)), sorted(spark.read().parquet(cohort.resolve(Mart.COHORT.relativePath())
        .toString()).collectAsList()));
  }

  @Test
  void aCohortWithoutDeathsOfAKnownCauseHasNoCompetingRiskAnalysisAndNoFailure() {
    // As from NCDB, which records no cause of death: no row has the cause of interest or a competing one.
    Path out = Path.of(run(settings(Map.of("analyze.output", dir.resolve("no-cause").toString(),
        "analyze.outcomes", "[{ name = os, time = os_months, status { column = os_event, event = [1] } },"
            + " { name = css, time = os_months, status { column = cause, event = [7], competing = [8], censored = [0, 1, 2] } }]")),
        Job.ANALYZE).toUri().getPath());
    List<Row> plan = spark.read().parquet(out.resolve(Mart.ANALYSIS_PLAN.relativePath()).toString())
        .where("outcome = 'css' and population = 'overall'").collectAsList();
    Row incidence = plan.stream().filter(r -> "cumulative_incidence".equals(r.getAs("family"))).findFirst()
        .orElseThrow();
    assertEquals("skipped", incidence.getAs("status"));
    assertTrue(((String) incidence.getAs("messages")).contains("no event or competing event"),
        (String) incidence.getAs("messages"));
    assertTrue(plan.stream().noneMatch(r -> "failed".equals(r.getAs("status"))), plan.toString());
    assertEquals(0, spark.read().parquet(out.resolve(Mart.CUMULATIVE_INCIDENCE.relativePath()).toString()).count());
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  @Test
  void tooManyRejectsFailTheRunNamingTheFileAndReasons() {
    Row before = mart(Mart.RUN_MANIFEST).get(0);
    DataQualityException e = assertThrows(DataQualityException.class,
        () -> run(settings(Map.of("quality.max-reject-share", "0.0001")), Job.ALL));
    assertTrue(e.getMessage().contains("seer_case_listing.csv.gz") && e.getMessage().contains("unparseable_number"),
        e.getMessage());
    assertEquals(before.<Object>getAs("started_at"), mart(Mart.RUN_MANIFEST).get(0).getAs("started_at"),
        "nothing published");
  }

  @Test
  void aFailedRunLeavesThePublishedRunIntact() {
    Row before = mart(Mart.RUN_MANIFEST).get(0);
    PipelineSettings broken = settings(Map.of("analyze.subgroups", "[\"no_such_column\"]"));
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> run(broken, Job.ANALYZE));
    assertEquals("analyze.subgroups", e.key());
    Row after = mart(Mart.RUN_MANIFEST).get(0);
    assertEquals(before.<Object>getAs("started_at"), after.getAs("started_at"));
    assertEquals(mart(Mart.KM_CURVE).size(), (int) (long) after.<Row>getList(after.fieldIndex("marts")).stream()
        .filter(r -> "km_curve".equals(r.getAs("mart"))).findFirst().orElseThrow().<Long>getAs("rows"));
  }
}
