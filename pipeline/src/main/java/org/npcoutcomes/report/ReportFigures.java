package org.npcoutcomes.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.marts.Mart;

/** Turns the marts of a run into the report's figures, each from the rows of one mart (and its context). */
final class ReportFigures {
  /** The populations whose curves the report draws: the whole cohort and the propensity adjustments. */
  static final List<String> CURVE_POPULATIONS = List.of("overall", "matched", "iptw_ate", "iptw_att", "overlap");

  private final RunMarts marts;
  private final List<String> arms;
  private final int minCell;

  ReportFigures(RunMarts marts) {
    this.marts = marts;
    this.arms = marts.arms();
    this.minCell = marts.minCell();
  }

  String contrast() {
    return arms.size() == 2 ? arms.get(1) + " vs " + arms.get(0) : "treated vs reference";
  }

  Figure flow() {
    List<FlowDiagram.Step> steps = marts.rows(Mart.ATTRITION).stream()
        .sorted(Comparator.comparingInt(r -> r.integer("step", 0)))
        .map(r -> new FlowDiagram.Step(r.integer("step", 0), r.str("rule"), r.str("description"), r.count("remaining"),
            r.count("excluded"))).toList();
    Map<String, Long> sizes = marts.armSizes();
    List<String> shown = arms.stream().filter(sizes::containsKey).toList();
    return new FlowDiagram("flow", "Selection of the analytic cohort", steps, shown,
        shown.stream().map(sizes::get).toList(), minCell)
        .render("Records remaining after each eligibility rule (attrition mart), with the records each rule "
            + "excluded; the analytic cohort by arm at the foot.");
  }

  /** The Kaplan–Meier curves of one outcome in one population; null when the run has none. */
  Figure kaplanMeier(String outcome, String population) {
    List<MartRow> rows = marts.select(Mart.KM_CURVE, outcome, population, null);
    if (rows.isEmpty()) {
      return null;
    }
    List<MartRow> atTime = marts.select(Mart.SURVIVAL_AT_TIME, outcome, population, null);
    List<KaplanMeierPlot.Curve> curves = new ArrayList<>();
    List<MartRow> summaries = marts.select(Mart.SURVIVAL_SUMMARY, outcome, population, null);
    boolean weighted = Labels.weighted(population);
    for (String arm : armsOf(rows)) {
      List<KaplanMeierPlot.Point> points = rows.stream().filter(r -> arm.equals(r.str("arm")))
          .sorted(Comparator.comparingDouble(r -> r.dbl("time")))
          .map(r -> new KaplanMeierPlot.Point(r.dbl("time"), r.flag("censored"), r.dbl("survival"), r.dbl("lower"),
              r.dbl("upper"))).toList();
      // the published numbers at risk: the arm's size at 0 (unweighted populations), survival_at_time's after
      java.util.SortedMap<Double, String> atRisk = new java.util.TreeMap<>();
      if (!weighted) {
        summaries.stream().filter(r -> arm.equals(r.str("arm")) && "kaplan_meier".equals(r.str("model")))
            .findFirst().ifPresent(r -> atRisk.put(0.0, Format.cell(r, "n", minCell)));
      }
      for (MartRow r : atTime) {
        if (arm.equals(r.str("arm"))) {
          atRisk.put(r.dbl("time"), r.num("n_risk") == null ? Format.cell(r, "n_risk", minCell)
              : Format.atRisk(r.num("n_risk"), weighted, minCell));
        }
      }
      curves.add(new KaplanMeierPlot.Curve(arm, points, atRisk));
    }
    List<String> notes = new ArrayList<>();
    marts.select(Mart.LOGRANK, outcome, population, "unstratified").stream()
        .filter(r -> "log-rank".equals(r.str("method"))).findFirst()
        .ifPresent(r -> notes.add("Log-rank " + Format.pEquals(r.num("p_value"))));
    MartRow hr = hazard(outcome, population, "crude");
    if (hr != null) {
      notes.add((Labels.weighted(population) ? "Weighted Cox HR " : "Cox HR ")
          + Format.ratio(hr.num("hazard_ratio"), hr.num("lower"), hr.num("upper")) + ", " + Format.pEquals(hr.num("p_value")));
    }
    List<String> medians = new ArrayList<>();
    for (MartRow s : marts.select(Mart.SURVIVAL_SUMMARY, outcome, population, null)) {
      medians.add(s.str("arm") + " " + Format.number(s.num("median"), 1));
    }
    if (!medians.isEmpty()) {
      String unit = marts.timeUnit(outcome);
      notes.add("Median" + (unit.isEmpty() ? "" : " (" + unit + ")") + ": " + String.join(", ", medians));
    }
    String id = "km-" + outcome + "-" + population;
    String title = Labels.outcome(outcome) + " · " + Labels.population(population);
    KaplanMeierPlot plot = new KaplanMeierPlot(id, title, Labels.survivalAxis(outcome), marts.timeUnit(outcome),
        curves, notes, marts.confLevel(), Labels.weighted(population), minCell);
    List<Double> ticks = plot.ticks();
    String caption = "Kaplan–Meier estimates by arm (km_curve) with " + marts.confLevel() + " "
        + confType() + " confidence bands and censoring marks; "
        + (Labels.weighted(population) ? "weighted numbers at risk" : "numbers at risk")
        + " at the spec's times (survival_at_time" + (weighted ? "" : "; at 0 the arm's patients") + ", in "
        + unitOr(outcome) + ")." + (hr == null ? "" : " HR: " + contrast()
        + (hr.num("robust_se") != null ? ", robust SE" : "") + ".");
    return plot.render(caption);
  }

  private String unitOr(String outcome) {
    String u = marts.timeUnit(outcome);
    return u.isEmpty() ? "time units" : u;
  }

  private String confType() {
    return marts.config().hasPath("analyze.conf-type") ? marts.config().getString("analyze.conf-type") : "log-log";
  }

  MartRow hazard(String outcome, String population, String model) {
    return marts.select(Mart.HAZARD_RATIO, outcome, population, model).stream()
        .filter(r -> r.integer("term_index", 0) == 0).findFirst().orElse(null);
  }

  private List<String> armsOf(List<MartRow> rows) {
    List<String> present = RunMarts.distinct(rows, "arm");
    List<String> ordered = new ArrayList<>(arms.stream().filter(present::contains).toList());
    present.stream().filter(a -> !ordered.contains(a)).forEach(ordered::add);
    return ordered;
  }

  /** Cumulative incidence of one outcome in one population; null when the run has none. */
  Figure incidence(String outcome, String population) {
    List<MartRow> rows = marts.select(Mart.CUMULATIVE_INCIDENCE, outcome, population, null);
    if (rows.isEmpty()) {
      return null;
    }
    List<String> ordered = armsOf(rows);
    List<IncidencePlot.Curve> curves = new ArrayList<>();
    for (String cause : List.of("event", "competing")) {
      for (int a = 0; a < ordered.size(); a++) {
        String arm = ordered.get(a);
        List<MartRow> pts = rows.stream().filter(r -> arm.equals(r.str("arm")) && cause.equals(r.str("cause")))
            .sorted(Comparator.comparingInt(r -> r.integer("point", 0))).toList();
        if (!pts.isEmpty()) {
          curves.add(new IncidencePlot.Curve(arm, arms.indexOf(arm) < 0 ? a : arms.indexOf(arm),
              Labels.cause(outcome, cause), cause.equals("competing"),
              pts.stream().mapToDouble(r -> r.dbl("time")).toArray(),
              pts.stream().mapToDouble(r -> r.dbl("estimate")).toArray()));
        }
      }
    }
    List<String> notes = new ArrayList<>();
    List<String> gray = new ArrayList<>();
    for (MartRow t : marts.select(Mart.COMPETING_RISK_TEST, outcome, population, null)) {
      gray.add(Labels.cause(outcome, t.str("cause")) + " " + Format.pEquals(t.num("p_value")));
    }
    if (!gray.isEmpty()) {
      notes.add("Gray's test: " + String.join(", ", gray));
    }
    MartRow fg = hazard(outcome, population, "fine_gray");
    if (fg != null) {
      notes.add("Fine–Gray subdistribution HR " + Format.ratio(fg.num("hazard_ratio"), fg.num("lower"),
          fg.num("upper")));
    }
    String id = "cif-" + outcome + "-" + population;
    return new IncidencePlot(id, "Cumulative incidence · " + Labels.outcome(outcome) + " · "
        + Labels.population(population), marts.timeUnit(outcome), curves, notes)
        .render("Cumulative incidence of " + Labels.cause(outcome, "event") + " (solid) and "
            + Labels.cause(outcome, "competing") + " (dashed) by arm (cumulative_incidence), with Gray's test "
            + "(competing_risk_test)" + (fg == null ? "." : " and the Fine–Gray ratio of " + contrast() + "."));
  }

  /** Subgroup forest of one outcome; null when the run has no subgroups. */
  Figure forest(String outcome) {
    List<MartRow> rows = marts.rows(Mart.FOREST).stream().filter(r -> outcome.equals(r.str("outcome"))).toList();
    if (rows.isEmpty()) {
      return null;
    }
    List<ForestPlot.Row> out = new ArrayList<>();
    MartRow all = hazard(outcome, "overall", "crude");
    if (all != null) {
      out.add(new ForestPlot.Row("All patients", false, Format.cell(all, "n", minCell),
          Format.cell(all, "events", minCell), all.num("hazard_ratio"),
          all.num("lower"), all.num("upper"), null, null));
    }
    for (String variable : RunMarts.distinct(rows, "variable")) {
      List<MartRow> levels = rows.stream().filter(r -> variable.equals(r.str("variable"))).toList();
      out.add(new ForestPlot.Row(variable, true, null, null, null, null, null,
          Format.p(levels.get(0).num("p_interaction")), variable));
      for (MartRow r : levels) {
        out.add(new ForestPlot.Row(r.str("level"), false, Format.cell(r, "n", minCell),
            Format.cell(r, "events", minCell), r.num("hazard_ratio"),
            r.num("lower"), r.num("upper"), null, variable));
      }
    }
    return new ForestPlot("forest-" + outcome, "Subgroups · " + Labels.outcome(outcome), contrast(), out,
        all == null ? null : all.num("hazard_ratio"), minCell)
        .render("Crude Cox hazard ratio of " + contrast() + " in each subgroup level (forest), with the "
            + "likelihood-ratio test of treatment × subgroup; the dashed line is the whole cohort's ratio.");
  }

  /** The Love plot of the propensity adjustments; null without a propensity analysis. */
  Figure love() {
    List<MartRow> rows = marts.rows(Mart.BALANCE);
    if (rows.isEmpty()) {
      return null;
    }
    Map<String, Map<String, Double>> byPopulation = new LinkedHashMap<>();
    for (MartRow r : rows) {
      String level = r.str("level");
      String label = r.str("variable") + (level == null || level.isEmpty() ? "" : ": " + level);
      byPopulation.computeIfAbsent(r.str("population"), k -> new LinkedHashMap<>()).put(label, Math.abs(r.dbl("smd")));
    }
    List<String> order = new ArrayList<>(byPopulation.keySet());
    order.sort(Comparator.comparingInt(p -> CURVE_POPULATIONS.indexOf(p) < 0 ? 99 : CURVE_POPULATIONS.indexOf(p)));
    Map<String, Double> before = byPopulation.get(order.get(0));
    List<String> covariates = new ArrayList<>(before.keySet());
    covariates.sort(Comparator.comparingDouble((String c) -> -before.getOrDefault(c, 0.0)));
    List<LovePlot.Series> series = order.stream().map(p -> new LovePlot.Series(p,
        p.equals("overall") ? "Before adjustment" : Labels.population(p), byPopulation.get(p))).toList();
    return new LovePlot("love", "Covariate balance before and after adjustment", covariates, series)
        .render("Absolute standardized mean difference of each covariate level (balance) in the whole cohort "
            + "(hollow) and after matching and weighting; the dashed line marks 0.1.");
  }
}
