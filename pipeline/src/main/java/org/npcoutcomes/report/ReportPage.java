package org.npcoutcomes.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.marts.Mart;

/**
 * The report page: one self-contained HTML file (inline CSS and SVG, no script, no network) laid out from the
 * marts of a run: the flow of the cohort, Table 1, survival curves, cumulative incidence, subgroups, balance,
 * every hazard-ratio model, the proportional-hazards test, diagnostics and the run manifest.
 */
final class ReportPage {
  static final String CSS = """
      body{font-family:"DejaVu Sans","Liberation Sans",Arial,Helvetica,sans-serif;color:#222;margin:0;background:#fff}
      main{max-width:1080px;margin:0 auto;padding:24px 28px 60px}
      h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:36px 0 10px;padding-top:10px;border-top:2px solid #ddd}
      h3{font-size:15px;margin:22px 0 8px}.sub{color:#555;margin:0 0 14px}
      nav ol{columns:2;margin:8px 0 0;padding-left:22px;font-size:14px}nav a{color:#0b5394}
      table{border-collapse:collapse;font-size:13px;margin:8px 0 14px}
      th,td{border-bottom:1px solid #ddd;padding:4px 9px;text-align:left;vertical-align:top}
      th{background:#f3f3f3;border-bottom:2px solid #bbb}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      tr.group td{background:#fafafa;font-weight:bold}td.indent{padding-left:24px}
      figure{margin:14px 0 26px}figure svg{max-width:100%;height:auto;border:1px solid #eee}
      figcaption{font-size:13px;color:#444;margin-top:6px;max-width:780px}
      .badge{display:inline-block;min-width:58px;text-align:center;padding:1px 6px;border-radius:3px;font-size:12px;
        font-weight:bold;color:#fff}.badge.pass{background:#2e7d32}.badge.warning{background:#b26a00}
      .badge.fail{background:#c62828}.badge.info{background:#607d8b}
      .summary{display:flex;gap:12px;flex-wrap:wrap;margin:14px 0}.summary div{border:1px solid #ddd;padding:8px 12px;
        border-radius:4px;font-size:14px}.note{font-size:13px;color:#555}
      pre{white-space:pre-wrap;word-break:break-all;font-size:12px;background:#f7f7f7;padding:10px}
      code{font-size:12px}#table-diagnostics td:nth-child(-n+2){white-space:nowrap}
      """;

  private final RunMarts marts;
  private final ReportFigures figures;
  private final List<Figure> drawn = new ArrayList<>();
  private final int minCell;
  private final List<String> arms;

  ReportPage(RunMarts marts) {
    this.marts = marts;
    this.figures = new ReportFigures(marts);
    this.minCell = marts.minCell();
    this.arms = marts.arms();
  }

  Report build() {
    List<Diagnostics.Check> checks = Diagnostics.of(marts);
    Html h = new Html();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .tag("title", null, "npc-outcomes report · run " + marts.runId())
        .raw("<style>\n" + CSS + "</style>\n</head>\n<body>\n<main>\n");
    header(h, checks);
    section(h, "selection", "1. Cohort selection");
    if (marts.has(Mart.ATTRITION)) {
      figure(h, figures.flow());
    } else {
      h.p("This run has no attrition mart (its cohort came from an analysis input).");
    }
    section(h, "baseline", "2. Baseline characteristics (Table 1)");
    baseline(h);
    section(h, "survival", "3. Survival");
    survivalSummary(h);
    for (String outcome : marts.outcomes()) {
      for (String population : ReportFigures.CURVE_POPULATIONS) {
        figure(h, figures.kaplanMeier(outcome, population));
      }
    }
    section(h, "incidence", "4. Cumulative incidence (competing risks)");
    boolean any = false;
    for (String outcome : marts.outcomes()) {
      for (String population : ReportFigures.CURVE_POPULATIONS) {
        any |= figure(h, figures.incidence(outcome, population));
      }
    }
    if (!any) {
      h.p("No outcome of this run has a competing event.");
    }
    section(h, "subgroups", "5. Subgroups");
    any = false;
    for (String outcome : marts.outcomes()) {
      any |= figure(h, figures.forest(outcome));
    }
    if (!any) {
      h.p("This run has no subgroups.");
    }
    section(h, "balance", "6. Propensity score adjustment and covariate balance");
    if (!figure(h, figures.love())) {
      h.p("This run has no propensity analysis.");
    }
    adjustments(h);
    section(h, "hazard-ratios", "7. Hazard ratios of every model");
    hazardRatios(h);
    section(h, "ph-test", "8. Proportional-hazards test");
    phTest(h);
    section(h, "diagnostics", "9. Diagnostics");
    diagnostics(h, checks);
    section(h, "manifest", "10. Run manifest");
    manifest(h);
    h.raw("</main>\n</body>\n</html>\n");
    return new Report(h.toString(), List.copyOf(drawn));
  }

  private void header(Html h, List<Diagnostics.Check> checks) {
    MartRow m = marts.manifest();
    h.tag("h1", null, "Survival evidence report · run " + marts.runId());
    h.tag("p", " class=\"sub\"", (arms.size() == 2 ? arms.get(1) + " versus " + arms.get(0) + ". " : "")
        + (m == null ? "" : "Job " + m.str("job") + ", " + m.str("status") + ", finished "
        + when(m.str("finished_at")) + ". ") + "Built from the published marts of this run only; a count from 1 to " + (minCell - 1)
        + " is shown as <" + minCell + ", and " + Format.WITHHELD + " marks a count of any size withheld only so"
        + " that a small one cannot be worked out from the counts beside it.");
    Map<String, Long> sizes = marts.armSizes();
    h.raw("<div class=\"summary\">");
    for (String arm : arms) {
      if (sizes.containsKey(arm)) {
        h.raw("<div>" + Html.esc(arm) + ": <b>" + Format.count(sizes.get(arm), minCell) + "</b> patients</div>");
      }
    }
    Map<Diagnostics.Status, Integer> counts = new LinkedHashMap<>();
    checks.forEach(c -> counts.merge(c.status(), 1, Integer::sum));
    h.raw("<div>Diagnostics: <a href=\"#diagnostics\">" + Html.badge(Diagnostics.worst(checks)) + "</a> ");
    counts.forEach((s, n) -> h.raw(n + " " + s.name().toLowerCase(java.util.Locale.ROOT) + " "));
    h.raw("</div></div>\n");
    h.raw("<nav><b>Contents</b><ol>"
        + "<li><a href=\"#selection\">Cohort selection</a></li><li><a href=\"#baseline\">Table 1</a></li>"
        + "<li><a href=\"#survival\">Survival</a></li><li><a href=\"#incidence\">Cumulative incidence</a></li>"
        + "<li><a href=\"#subgroups\">Subgroups</a></li><li><a href=\"#balance\">Balance</a></li>"
        + "<li><a href=\"#hazard-ratios\">Hazard ratios</a></li><li><a href=\"#ph-test\">PH test</a></li>"
        + "<li><a href=\"#diagnostics\">Diagnostics</a></li><li><a href=\"#manifest\">Run manifest</a></li>"
        + "</ol></nav>\n");
  }

  /** An ISO instant as "2026-12-02 15:52:35 UTC". */
  private static String when(String instant) {
    if (instant == null) {
      return Format.NONE;
    }
    String s = instant.replace('T', ' ').replaceAll("\\.\\d+", "");
    return s.endsWith("Z") ? s.substring(0, s.length() - 1) + " UTC" : s;
  }

  private static void section(Html h, String id, String title) {
    h.tag("h2", " id=\"" + id + "\"", title);
  }

  private boolean figure(Html h, Figure f) {
    if (f == null) {
      return false;
    }
    drawn.add(f);
    h.raw("<figure id=\"figure-" + f.id() + "\">\n" + f.markup() + "<figcaption>" + Html.esc(f.caption())
        + " Files: <a href=\"figures/" + f.id() + ".svg\">SVG</a> · <a href=\"figures/" + f.id()
        + ".png\">PNG</a>.</figcaption>\n</figure>\n");
    return true;
  }

  /** The footnote of a table that shows a complementary (withheld) count. */
  private void withheldNote(Html h, List<List<String>> body) {
    if (body.stream().anyMatch(row -> row.contains(Format.WITHHELD))) {
      h.tag("p", " class=\"note\"", Format.WITHHELD + " withheld: a count of any size, not shown so that a count"
          + " below " + minCell + " elsewhere in the tables cannot be worked out from it.");
    }
  }

  private void baseline(Html h) {
    List<MartRow> rows = marts.rows(Mart.BASELINE);
    if (rows.isEmpty()) {
      h.p("This run has no baseline mart.");
      return;
    }
    Map<String, Long> sizes = marts.armSizes();
    List<String> header = new ArrayList<>(List.of("Characteristic"));
    arms.forEach(a -> header.add(a + " (n = " + Format.count(sizes.get(a), minCell) + ")"));
    header.addAll(List.of("p", "Test", "SMD"));
    List<List<String>> body = new ArrayList<>();
    for (String variable : RunMarts.distinct(rows, "variable")) {
      List<MartRow> vr = rows.stream().filter(r -> variable.equals(r.str("variable"))).toList();
      MartRow first = vr.get(0);
      boolean continuous = first.num("mean") != null || "mean".equals(first.str("level"));
      if (continuous) {
        List<String> row = new ArrayList<>(List.of("<b>" + Html.esc(variable) + "</b>, mean (SD)"));
        for (String arm : arms) {
          MartRow r = vr.stream().filter(x -> arm.equals(x.str("arm"))).findFirst().orElse(null);
          row.add(r == null ? Format.NONE : Format.number(r.num("mean"), 1) + " (" + Format.number(r.num("sd"), 1) + ")");
        }
        row.addAll(List.of(Format.p(first.num("p_value")), Html.esc(Labels.test(first.str("test"))),
            Format.number(first.num("smd"), 3)));
        body.add(row);
        continue;
      }
      List<String> head = new ArrayList<>(List.of("<b>" + Html.esc(variable) + "</b>, n (%)"));
      arms.forEach(a -> head.add(""));
      head.addAll(List.of(Format.p(first.num("p_value")), Html.esc(Labels.test(first.str("test"))), ""));
      body.add(head);
      for (String level : RunMarts.distinct(vr, "level")) {
        List<String> row = new ArrayList<>(List.of("&nbsp;&nbsp;&nbsp;&nbsp;" + Html.esc(level)));
        Double smd = null;
        for (String arm : arms) {
          MartRow r = vr.stream().filter(x -> level.equals(x.str("level")) && arm.equals(x.str("arm"))).findFirst()
              .orElse(null);
          if (r == null) {
            row.add(Format.NONE);
            continue;
          }
          smd = r.num("smd");
          row.add(r.count("n") == null ? Html.esc(Format.cell(r, "n", minCell))
              : Format.cell(r, "n", minCell) + " (" + Format.percent(r.num("percent")) + ")");
        }
        row.addAll(List.of("", "", Format.number(smd, 3)));
        body.add(row);
      }
    }
    h.table("table-baseline", header, body, "l" + "r".repeat(arms.size()) + "rlr");
    withheldNote(h, body);
    h.tag("p", " class=\"note\"", "p: chi-square (Yates-corrected on 2×2), or Fisher's exact test when an expected "
        + "count is below 5; Welch's t for continuous variables. SMD: standardized mean difference of "
        + (arms.size() == 2 ? arms.get(1) + " minus " + arms.get(0) : "treated minus reference") + " per level.");
  }

  private void survivalSummary(Html h) {
    List<List<String>> body = new ArrayList<>();
    for (String outcome : marts.outcomes()) {
      for (String population : ReportFigures.CURVE_POPULATIONS) {
        List<MartRow> rows = marts.select(Mart.SURVIVAL_SUMMARY, outcome, population, null);
        String logrank = marts.select(Mart.LOGRANK, outcome, population, "unstratified").stream()
            .filter(r -> "log-rank".equals(r.str("method"))).map(r -> Format.p(r.num("p_value"))).findFirst()
            .orElse(Format.NONE);
        for (MartRow r : rows) {
          body.add(List.of(Html.esc(Labels.outcome(outcome)), Html.esc(Labels.population(population)),
              Html.esc(r.str("arm")), Format.cell(r, "n", minCell), Format.cell(r, "events", minCell),
              Format.number(r.num("median"), 1) + " (" + Format.number(r.num("median_lower"), 1) + "–"
                  + Format.number(r.num("median_upper"), 1) + ")",
              Format.number(r.num("rmst"), 1) + " (τ = " + Format.number(r.num("rmst_tau"), 0) + ")", logrank));
        }
      }
    }
    if (body.isEmpty()) {
      h.p("This run has no survival estimates.");
      return;
    }
    h.table("table-survival", List.of("Outcome", "Population", "Arm", "Patients", "Events", "Median (95% CI)",
        "RMST", "Log-rank p"), body, "lllr");
    withheldNote(h, body);
  }

  private void adjustments(Html h) {
    List<MartRow> rows = marts.rows(Mart.PROPENSITY_ADJUSTMENT);
    if (rows.isEmpty()) {
      return;
    }
    Map<String, Double> maxSmd = new LinkedHashMap<>();
    marts.rows(Mart.BALANCE).forEach(r -> maxSmd.merge(r.str("population"), Math.abs(r.dbl("smd")), Math::max));
    List<List<String>> body = new ArrayList<>();
    for (MartRow r : rows) {
      String pop = r.str("population");
      body.add(List.of(Html.esc(Labels.population(pop)), Html.esc(r.str("model")),
          Format.cell(r, "n_treated", minCell), Format.cell(r, "n_reference", minCell),
          Format.number(r.num("ess_treated"), 1), Format.number(r.num("ess_reference"), 1),
          Format.cell(r, "treated_unmatched", minCell), Format.cell(r, "reference_unmatched", minCell),
          Format.number(maxSmd.get(pop), 3)));
    }
    h.tag("h3", null, "Adjusted populations");
    h.table("table-adjustment", List.of("Population", "Method", "Treated", "Reference", "ESS treated",
        "ESS reference", "Treated unmatched", "Reference unmatched", "Max |SMD|"), body, "llr");
    withheldNote(h, body);
    MartRow first = rows.get(0);
    h.tag("p", " class=\"note\"", "Propensity model c-statistic " + Format.number(first.num("c_statistic"), 3)
        + "; " + Format.cell(first, "outside_common_support", minCell)
        + " patients outside common support. ESS: effective sample size (Kish) of the weights.");
  }

  private void hazardRatios(Html h) {
    List<MartRow> rows = marts.rows(Mart.HAZARD_RATIO).stream().filter(r -> r.integer("term_index", 0) == 0).toList();
    if (rows.isEmpty()) {
      h.p("This run has no hazard-ratio models.");
      return;
    }
    List<List<String>> body = new ArrayList<>();
    for (MartRow r : rows) {
      String warning = r.str("warning");
      body.add(List.of(Html.esc(r.str("outcome")), Html.esc(Labels.population(r.str("population"))),
          Html.esc(Labels.model(r.str("model"))), Html.esc(r.str("term")), Format.cell(r, "n", minCell),
          Format.cell(r, "events", minCell), Format.ratio(r.num("hazard_ratio"), r.num("lower"), r.num("upper"))
              + (r.flag("converged") && (warning == null || warning.isEmpty()) ? "" : " <b>⚠ flagged</b>"),
          Format.p(r.num("p_value")), r.num("robust_se") != null ? "robust" : "model",
          Format.number(r.num("e_value"), 2), (r.flag("converged") ? "yes" : "<b>no</b>")
              + (warning == null || warning.isEmpty() ? "" : "; " + Html.esc(warning))));
    }
    h.table("table-hazard-ratios", List.of("Outcome", "Population", "Model", "Term", "Patients", "Events",
        "HR (95% CI)", "p", "SE", "E-value", "Converged"), body, "llllrrrrlrl");
    withheldNote(h, body);
    h.tag("p", " class=\"note\"", "The treatment term (term_index 0) of every Cox and Fine–Gray model of the run. "
        + "Weighted and matched models use robust (sandwich) standard errors; events of weighted models are "
        + "weighted sums. A ratio marked ⚠ flagged comes from a model that did not converge or whose fit warns "
        + "(see the Converged column): do not report it as an estimate.");
  }

  private void phTest(Html h) {
    List<MartRow> rows = marts.rows(Mart.PH_TEST);
    if (rows.isEmpty()) {
      h.p("This run has no proportional-hazards tests.");
      return;
    }
    String treatment = marts.config().hasPath("analyze.treatment.column")
        ? marts.config().getString("analyze.treatment.column") : null;
    Map<String, MartRow> global = new LinkedHashMap<>();
    Map<String, MartRow> term = new LinkedHashMap<>();
    for (MartRow r : rows) {
      String key = r.str("analysis_id");
      if ("GLOBAL".equals(r.str("term"))) {
        global.put(key, r);
      } else if (!term.containsKey(key) && (treatment == null || treatment.equals(r.str("term")))) {
        term.put(key, r);
      }
    }
    List<List<String>> body = new ArrayList<>();
    for (Map.Entry<String, MartRow> e : global.entrySet()) {
      MartRow g = e.getValue();
      MartRow t = term.get(e.getKey());
      double p = g.dbl("p_value");
      Diagnostics.Status status = !Double.isFinite(p) ? Diagnostics.Status.INFO
          : p < Diagnostics.PH_P ? Diagnostics.Status.WARNING : Diagnostics.Status.PASS;
      body.add(List.of(Html.esc(g.str("outcome")), Html.esc(Labels.population(g.str("population"))),
          Html.esc(Labels.model(g.str("model"))), t == null ? Format.NONE : Format.p(t.num("p_value")),
          Format.number(g.num("chisq"), 2) + " (" + Format.tick(g.dbl("df")) + ")", Format.p(p), Html.badge(status)));
    }
    h.table("table-ph", List.of("Outcome", "Population", "Model", "Treatment p", "Global χ² (df)", "Global p",
        "Flag"), body, "lllrrrl");
    h.tag("p", " class=\"note\"", "Grambsch–Therneau test of scaled Schoenfeld residuals (cox.zph, KM transform). "
        + "A global p below " + Diagnostics.PH_P + " is flagged as a warning: the hazard ratio may change over time.");
  }

  private void diagnostics(Html h, List<Diagnostics.Check> checks) {
    List<List<String>> body = new ArrayList<>();
    List<Diagnostics.Check> worstFirst = new ArrayList<>(checks);
    worstFirst.sort(java.util.Comparator.comparing(Diagnostics.Check::status));
    for (Diagnostics.Check c : worstFirst) {
      body.add(List.of(Html.badge(c.status()), Html.esc(c.area()), Html.esc(c.subject()), Html.esc(c.value()),
          Html.esc(c.rule())));
    }
    h.table("table-diagnostics", List.of("Status", "Area", "Subject", "Found", "Rule"), body, "l");
  }

  private void manifest(Html h) {
    MartRow m = marts.manifest();
    if (m == null) {
      h.p("This run has no manifest.");
      return;
    }
    List<List<String>> body = new ArrayList<>();
    for (String key : List.of("run_id", "job", "status", "started_at", "finished_at", "config_digest", "code_version",
        "spark_version", "source_mapping", "source_mapping_sha256")) {
      if (m.has(key)) {
        body.add(List.of("<code>" + key + "</code>", Html.esc(m.str(key) == null ? Format.NONE : m.str(key))));
      }
    }
    m.values().forEach((k, v) -> {
      if (!List.of("inputs", "marts", "effective_config").contains(k) && body.stream()
          .noneMatch(r -> r.get(0).equals("<code>" + k + "</code>"))) {
        body.add(List.of("<code>" + Html.esc(k) + "</code>", Html.esc(String.valueOf(v))));
      }
    });
    h.table("table-manifest", List.of("Field", "Value"), body, "l");
    List<List<String>> inputs = new ArrayList<>();
    for (MartRow in : m.rows("inputs")) {
      String path = in.str("path") == null ? "" : in.str("path");
      String name = path.substring(path.lastIndexOf('/') + 1);
      inputs.add(List.of("<span title=\"" + Html.esc(path) + "\">" + Html.esc(name) + "</span>",
          "<code>" + Html.esc(in.str("sha256")) + "</code>", Format.count(in.count("size_bytes"), 0),
          Format.count(in.count("rows_read"), 0), Format.count(in.count("rows_clean"), 0),
          Format.count(in.count("rows_rejected"), 0)));
    }
    if (!inputs.isEmpty()) {
      h.tag("h3", null, "Input files");
      h.table("table-inputs", List.of("File", "SHA-256", "Bytes", "Lines read", "Clean", "Rejected"), inputs, "llr");
    }
    List<List<String>> martRows = new ArrayList<>();
    for (MartRow mr : m.rows("marts")) {
      martRows.add(List.of("<code>" + Html.esc(mr.str("path")) + "</code>", Format.count(mr.count("rows"), 0)));
    }
    if (!martRows.isEmpty()) {
      h.tag("h3", null, "Marts");
      h.table("table-marts", List.of("Mart", "Rows"), martRows, "lr");
    }
    if (m.str("effective_config") != null) {
      h.raw("<details><summary>Effective configuration</summary><pre>" + Html.esc(m.str("effective_config"))
          + "</pre></details>\n");
    }
  }

  static String errorPage(String runId, Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>npc-outcomes report · run "
        + Html.esc(runId) + "</title><style>" + CSS + "</style></head><body><main>"
        + "<h1>Report of run " + Html.esc(runId) + " could not be built</h1>"
        + "<p>The marts of this run are published; rebuild this page with <code>--job report</code> once the "
        + "cause below is fixed.</p><pre id=\"report-error\">" + Html.esc(trace.toString()) + "</pre></main></body></html>\n";
  }
}
