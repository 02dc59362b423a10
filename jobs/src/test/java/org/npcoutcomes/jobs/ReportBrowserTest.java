package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.cohort.AttritionStep;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.RecordRows;
import org.npcoutcomes.testing.LocalSpark;

/**
 * The report checked as a reader would see it: an analysis run publishes it, headless Chromium renders it, and
 * the rendered page is compared with the published marts (figures present, axes
 * labelled, the numbers at risk under each Kaplan–Meier plot and the counts of the flow diagram equal to the
 * marts'). Needs Debian's {@code chromium} (CI installs it); without it the test fails.
 */
class ReportBrowserTest {
  private static final List<String> POPULATIONS = List.of("overall", "matched", "iptw_ate", "iptw_att", "overlap");
  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static Path published;
  private static Path report;
  private static Document page;
  private static HeadlessChromium chromium;

  /** The flow of the sample cohort (the fixture is the sample run's cohort), published before the analysis. */
  private static final List<AttritionStep> FLOW = List.of(
      new AttritionStep(0, "all-records", "Clean records in the extract", 49_979, 0),
      new AttritionStep(1, "nasopharynx", "Primary site nasopharynx (ICD-O-3 C11.0-C11.9)", 1_748, 48_231),
      new AttritionStep(2, "de-novo-m1", "Distant metastasis at diagnosis", 643, 1_105),
      new AttritionStep(3, "arm-assigned", "In one of the two treatment arms (CHT, CHT+RT)", 540, 103));

  /**
   * A small run of its own: the analyze job on the sample cohort (fixtures/sample-cohort/cohort.csv), over a
   * published run folder that holds only its attrition mart, which the job carries over as it does after a
   * cohort job; then Chromium renders the report it published.
   */
  @BeforeAll
  static void analyseRenderAndDump() throws Exception {
    chromium = HeadlessChromium.in(dir);
    spark = LocalSpark.session();
    Path out = dir.resolve("out");
    spark.createDataFrame(RecordRows.toRows(FLOW), RecordRows.schema(AttritionStep.class)).coalesce(1).write()
        .parquet(out.resolve("browser").resolve(Mart.ATTRITION.relativePath()).toString());
    published = Path.of(run(settings(), Job.ANALYZE).toUri().getPath());
    report = published.resolve("report");
    page = Jsoup.parse(chrome("--dump-dom", report.resolve("index.html").toUri().toString()));
  }

  private static PipelineSettings settings() {
    return PipelineSettings.from(ConfigLoader.load(List.of(Path.of("..", "conf", "application.conf")), Map.of(
        "analyze.input", Path.of("src", "test", "resources", "fixtures", "sample-cohort", "cohort.csv").toString(),
        "run.id", "browser", "run.output", dir.resolve("out").toString(),
        "run.work-dir", dir.resolve("work").toString())));
  }

  private static org.apache.hadoop.fs.Path run(PipelineSettings settings, Job job) {
    PipelineRun run = new PipelineRun(settings, job, Clock.systemUTC());
    run.preflight(spark.sparkContext().hadoopConfiguration());
    return run.execute(spark);
  }

  private static String chrome(String... args) throws IOException, InterruptedException {
    return chromium.run(args);
  }

  private static List<Row> mart(Mart mart) {
    return spark.read().parquet(published.resolve(mart.relativePath()).toString()).collectAsList();
  }

  private static List<String> outcomes() {
    return mart(Mart.KM_CURVE).stream().map(r -> r.<String>getAs("outcome")).distinct().toList();
  }

  private static Element figure(String id) {
    Element svg = page.getElementById(id);
    assertNotNull(svg, "figure " + id + " is on the page");
    assertEquals("svg", svg.tagName(), id);
    return svg;
  }

  @Test
  void everyFigureIsOnThePageAndBesideIt() throws IOException {
    List<String> ids = new ArrayList<>(List.of("flow", "love", "cif-css-overall"));
    for (String outcome : outcomes()) {
      ids.add("forest-" + outcome);
      POPULATIONS.forEach(p -> ids.add("km-" + outcome + "-" + p));
    }
    assertEquals(List.of("os", "css"), outcomes());
    for (String id : ids) {
      figure(id);
      assertTrue(Files.readString(report.resolve("figures/" + id + ".svg")).contains("id=\"" + id + "\""), id);
      byte[] png = Files.readAllBytes(report.resolve("figures/" + id + ".png"));
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4), id + ".png");
      assertTrue(png.length > 10_000, id + ".png has a picture");
    }
    for (String table : List.of("table-baseline", "table-survival", "table-adjustment", "table-hazard-ratios",
        "table-ph", "table-diagnostics", "table-manifest", "table-marts")) {
      assertNotNull(page.getElementById(table), table);
    }
  }

  @Test
  void thePageNeedsNothingFromOutside() throws IOException {
    String html = Files.readString(report.resolve("index.html"));
    assertFalse(html.contains("<script"), "no script");
    assertFalse(html.contains("<img"), "figures are inline");
    assertFalse(html.contains("<link"), "styles are inline");
    for (Element a : page.select("[href]")) {
      String href = a.attr("href");
      assertTrue(href.startsWith("#") || href.startsWith("figures/"), "local link " + href);
    }
  }

  @Test
  void axesAreLabelled() {
    for (String outcome : outcomes()) {
      for (String population : POPULATIONS) {
        Element km = figure("km-" + outcome + "-" + population);
        assertEquals(List.of(outcome.equals("os") ? "Overall survival probability"
            : "Cancer-specific survival probability", "Time (months)"), km.select("text.axis-label").eachText());
        assertEquals(population.startsWith("iptw") || population.equals("overlap") ? "Number at risk (weighted)"
            : "Number at risk", km.selectFirst("text.risk-title").text());
      }
    }
    assertEquals(List.of("Cumulative incidence", "Time (months)"),
        figure("cif-css-overall").select("text.axis-label").eachText());
    assertEquals(List.of("Absolute standardized mean difference"), figure("love").select("text.axis-label").eachText());
    assertEquals(List.of("Hazard ratio, CHT+RT vs CHT (log scale)"),
        figure("forest-os").select("text.axis-label").eachText());
  }

  @Test
  void numbersAtRiskUnderEachCurveAreThoseOfTheMartsAndNeverRise() {
    List<Row> atTime = mart(Mart.SURVIVAL_AT_TIME);
    List<Row> summary = mart(Mart.SURVIVAL_SUMMARY);
    Set<Double> specTimes = new TreeSet<>(List.of(12.0, 24.0, 36.0, 60.0));
    int checked = 0;
    for (String outcome : outcomes()) {
      for (String population : POPULATIONS) {
        Element svg = figure("km-" + outcome + "-" + population);
        boolean weighted = population.startsWith("iptw") || population.equals("overlap");
        Map<String, Double> tickX = new HashMap<>();
        svg.select("g.x-axis text.tick-label").forEach(t -> tickX.put(t.text(), Double.parseDouble(t.attr("x"))));
        for (String arm : List.of("CHT", "CHT+RT")) {
          List<Element> cells = svg.select("text.at-risk[data-arm=" + arm + "]");
          Set<Double> shownTimes = new TreeSet<>();
          double last = Double.POSITIVE_INFINITY;
          boolean small = false;
          for (Element cell : cells) {
            String time = cell.attr("data-time");
            double t = Double.parseDouble(time);
            shownTimes.add(t);
            String what = outcome + " " + population + " " + arm + " at " + time;
            if (tickX.containsKey(time)) {
              assertEquals(tickX.get(time), Double.parseDouble(cell.attr("x")), 0.01, "under its tick: " + what);
            }
            Row source = t == 0 ? summary.stream().filter(r -> outcome.equals(r.getAs("outcome"))
                && population.equals(r.getAs("population")) && arm.equals(r.getAs("arm"))).findFirst().orElseThrow()
                : atTime.stream().filter(r -> outcome.equals(r.getAs("outcome"))
                && population.equals(r.getAs("population")) && arm.equals(r.getAs("arm"))
                && t == r.<Double>getAs("time")).findFirst().orElseThrow();
            String column = t == 0 ? "n" : "n_risk";
            Object value = source.getAs(column);
            if (value == null) {
              String why = source.getAs("suppressed");
              boolean isSmall = why.contains(column + ":small");
              assertEquals(isSmall ? "<11" : "—", cell.text(), what + " (" + why + ")");
              small |= isSmall;
            } else {
              double v = ((Number) value).doubleValue();
              assertEquals(weighted ? String.format(Locale.ROOT, "%.1f", v) : String.valueOf(Math.round(v)),
                  cell.text(), what);
              assertTrue(v <= last + 1e-9 && (!small || v == 0), what + ": numbers at risk never rise");
              last = v;
            }
            checked++;
          }
          assertTrue(shownTimes.containsAll(specTimes), "the spec's times are columns: " + shownTimes);
          assertEquals(!weighted, shownTimes.contains(0.0), "the arm's size at 0 " + population);
        }
      }
    }
    assertTrue(checked > 50, checked + " numbers checked");
  }

  @Test
  void flowDiagramCountsAreTheAttritionMart() {
    List<Row> attrition = mart(Mart.ATTRITION);
    Element flow = figure("flow");
    assertEquals(attrition.size(), flow.select("g.flow-step").size());
    for (Row step : attrition) {
      String n = String.valueOf((int) step.getAs("step"));
      Element box = flow.selectFirst("g.flow-step[data-step=" + n + "]");
      assertNotNull(box, "step " + n);
      assertEquals("n = " + count(step.getAs("remaining")), box.selectFirst("text.flow-remaining").text(),
          "remaining after " + step.getAs("rule"));
      if ((int) step.getAs("step") > 0) {
        assertEquals("Excluded: n = " + count(step.getAs("excluded")),
            flow.selectFirst("g.flow-exclusion[data-step=" + n + "] text.flow-excluded").text(),
            "excluded by " + step.getAs("rule"));
      }
    }
    long cohort = FLOW.get(FLOW.size() - 1).remaining();
    long arms = 0;
    for (Element arm : flow.select("text.flow-arm-count")) {
      arms += Long.parseLong(arm.text().replaceAll(".*n = ", "").replace(",", ""));
    }
    assertEquals(cohort, arms, "the arms add up to the cohort");
  }

  /** A count as the page shows it: thousands separated; a small one withheld as "<11". */
  private static String count(Long n) {
    return n == null ? "<11" : String.format(Locale.ROOT, "%,d", n);
  }

  @Test
  void tablesHoldEveryModelAndItsFlags() {
    long models = mart(Mart.HAZARD_RATIO).stream().filter(r -> (int) r.getAs("term_index") == 0).count();
    assertEquals(models, page.select("#table-hazard-ratios tbody tr").size());
    long phModels = mart(Mart.PH_TEST).stream().filter(r -> "GLOBAL".equals(r.getAs("term"))).count();
    assertEquals(phModels, page.select("#table-ph tbody tr").size());
    for (Element flag : page.select("#table-ph tbody tr td:last-child")) {
      assertTrue(Set.of("pass", "warning", "info").contains(flag.text()), flag.text());
    }
    assertFalse(page.select("#table-diagnostics .badge").isEmpty());
    assertTrue(page.select("#table-diagnostics td").eachText().contains("Covariate balance"));
    assertEquals("browser", page.select("#table-manifest tr:has(code:containsOwn(run_id)) td").last().text());
  }

  @Test
  void aScreenshotShowsThePageAndTheReportJobRebuildsItTheSame() throws Exception {
    Path shot = dir.resolve("report.png");
    chrome("--window-size=1100,1600", "--screenshot=" + shot, report.resolve("index.html").toUri().toString());
    assertTrue(Files.size(shot) > 50_000, "a screenshot with something on it");
    byte[] before = Files.readAllBytes(report.resolve("index.html"));
    Files.delete(report.resolve("figures/love.png"));
    run(settings(), Job.REPORT);
    assertArrayEquals(before, Files.readAllBytes(report.resolve("index.html")), "same marts, same page");
    assertTrue(Files.exists(report.resolve("figures/love.png")), "the report folder was rewritten whole");
    for (String root : List.of("_staging", "_retired")) {
      if (Files.exists(dir.resolve("out").resolve(root))) {
        try (var stray = Files.list(dir.resolve("out").resolve(root))) {
          assertEquals(List.of(), stray.toList(), "nothing left in " + root);
        }
      }
    }
  }
}
