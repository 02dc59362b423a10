package org.npcoutcomes.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;

/**
 * The counts of the analyze stage's aggregate marts in one {@link SuppressionModel}, with the relations a
 * reader can use between them:
 * <ul>
 *   <li>one quantity published in several marts is one cell: a population's patients and events
 *       ({@code survival_summary} arms, {@code hazard_ratio}, {@code cox_model}, {@code forest},
 *       {@code analysis_plan}, the propensity marts), a level of a subgroup variable in {@code baseline} and
 *       the subgroup's population, a landmark population's patients and the whole cohort's number at risk at
 *       the landmark, a landmark's numbers at risk and events per interval and the whole cohort's at the same
 *       times;</li>
 *   <li>sums: the arms of a population make its total; the levels of a subgroup variable make the whole
 *       cohort (patients and events per arm, numbers at risk and events of every interval of
 *       survival_at_time); an arm's n is its events plus its patients censored; Table 1 levels make each arm's
 *       total (known: the percentages give it) and each level's total over both arms; analysis_plan's rows are
 *       dropped plus analysed; the matched arms plus the unmatched make the arms before matching; the
 *       propensity score bins make the arm;</li>
 *   <li>each arm's row of survival_at_time (times t1 &lt; t2 &lt; ...): the number at risk falls from one
 *       time to the next by the patients who left in between, the events of an interval were at risk at its
 *       start, the arm's events are those of the intervals plus those after the last time, and those were at
 *       risk at the last time.</li>
 * </ul>
 * Every relation is added only where the values obey it. Statistics that would give a withheld count away are
 * withheld with it: Table 1 percentages (and a continuous variable's mean and SD) with their n, and a
 * variable's p-value and SMDs when any of its counts is withheld; survival_summary's observed with events, and
 * the log-rank expected counts of a population's arms when one arm's events are withheld (they add up to the
 * total events); ess_treated and ess_reference (the counts when unweighted) with their counts.
 */
final class AnalysisCells {
  private static final String KAPLAN_MEIER = "kaplan_meier";

  private final SuppressionModel model;
  private final String referenceArm;
  private final String treatedArm;
  private final Map<Mart, MartTable> marts;
  private final Map<Mart, TableCells> tables = new EnumMap<>(Mart.class);
  private final Map<String, Map<Double, Integer>> scopes = new HashMap<>();
  /** survival_summary's n and events cells by analysis id and arm. */
  private final Map<String, int[]> summaryCounts = new HashMap<>();

  AnalysisCells(SuppressionModel model, Map<Mart, MartTable> marts, String referenceArm, String treatedArm) {
    this.model = model;
    this.marts = marts;
    this.referenceArm = referenceArm;
    this.treatedArm = treatedArm;
  }

  private TableCells table(Mart mart) {
    MartTable t = marts.get(mart);
    if (t == null) {
      return null;
    }
    return tables.computeIfAbsent(mart, m -> new TableCells(t, model));
  }

  /** Links a cell to the others of its scope that have its value (one quantity published twice). */
  private void link(String scope, int cell) {
    if (cell < 0) {
      return;
    }
    Integer other = scopes.computeIfAbsent(scope, s -> new HashMap<>()).putIfAbsent(model.value(cell), cell);
    if (other != null) {
      model.same(other, cell);
    }
  }

  private static String armScope(String population, String arm) {
    return "n|" + population + "|" + arm;
  }

  private static String armEventsScope(String population, String arm) {
    return "events|" + population + "|" + arm;
  }

  private static String totalScope(String population) {
    return "n|" + population;
  }

  private static String totalEventsScope(String population) {
    return "events|" + population;
  }

  /** The propensity-weighted populations hold the whole cohort's patients. */
  private static boolean weighted(String population) {
    return !population.equals("overall") && !population.equals("matched") && !population.contains("=");
  }

  private static String subgroupVariable(String population) {
    int eq = population.indexOf('=');
    return eq < 0 || population.startsWith("landmark=") ? null : population.substring(0, eq);
  }

  /** Builds the cells and relations. */
  void build() {
    summaries();
    atTimes();
    totals(Mart.HAZARD_RATIO);
    totals(Mart.COX_MODEL);
    totals(Mart.FOREST);
    plan();
    propensity();
    baseline();
    tiers();
  }

  /**
   * Complementary cells are taken first from propensity_distribution, then survival_at_time's event counts,
   * Table 1 and the propensity adjustments, survival_at_time's numbers at risk, the arms' events, last the
   * arms' patients; within each, first from landmark populations, then subgroup levels and propensity-adjusted
   * populations, last from the whole cohort. Published totals (a population's patients and events in the
   * models, analysis_plan and the propensity model) and the whole cohort's arm sizes (the report's header)
   * are never complements.
   */
  private void tiers() {
    tables.forEach((mart, t) -> {
      boolean hasPopulation = t.has("population");
      t.forEachCell((row, column, cell) -> {
        String population = hasPopulation ? t.string(row, "population") : "overall";
        int populationTier = population == null || population.equals("overall") ? 2
            : population.startsWith("landmark=") ? 0 : 1;
        int martTier = switch (mart) {
          case PROPENSITY_DISTRIBUTION -> 0;
          case SURVIVAL_AT_TIME -> column.equals("n_event") ? 1 : 3;
          case BASELINE -> 2;
          case PROPENSITY_ADJUSTMENT -> column.equals("n_treated") || column.equals("n_reference") ? 5 : 2;
          case SURVIVAL_SUMMARY -> column.equals("events") ? 4 : 5;
          default -> -1;
        };
        boolean armSize = mart == Mart.SURVIVAL_SUMMARY && column.equals("n") && "overall".equals(population);
        model.tier(cell, martTier < 0 || armSize ? SuppressionModel.NEVER : martTier * 3 + populationTier);
      });
    });
  }

  Map<Mart, MartTable> apply(SuppressionModel.Result result) {
    Map<Mart, MartTable> out = new EnumMap<>(Mart.class);
    out.putAll(marts);
    tables.forEach((mart, cells) -> out.put(mart, cells.apply(result)));
    return out;
  }

  private static Map<String, List<Integer>> groups(TableCells t, String... columns) {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    for (int i = 0; i < t.size(); i++) {
      StringBuilder key = new StringBuilder();
      for (String c : columns) {
        key.append(t.string(i, c)).append('\u0001');
      }
      out.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(i);
    }
    return out;
  }

  private void summaries() {
    TableCells s = table(Mart.SURVIVAL_SUMMARY);
    if (s == null) {
      return;
    }
    s.follows("observed", "events");
    for (List<Integer> rows : groups(s, "analysis_id").values()) {
      String population = s.string(rows.get(0), "population");
      List<Integer> n = new ArrayList<>();
      List<Integer> events = new ArrayList<>();
      double nTotal = 0;
      double eventsTotal = 0;
      for (int i : rows) {
        String arm = s.string(i, "arm");
        int cn = s.count(i, "n");
        int ce = s.count(i, "events");
        link(armScope(population, arm), cn);
        link(armEventsScope(population, arm), ce);
        if (weighted(population)) {
          link(armScope("overall", arm), cn);
          link(armEventsScope("overall", arm), ce);
        }
        summaryCounts.put(s.string(i, "analysis_id") + '\u0001' + arm, new int[] {cn, ce});
        // the patients censored: n minus events
        model.relation(new int[] {cn, ce, model.hidden(model.value(cn) - model.value(ce))}, new int[] {1, -1, -1});
        n.add(cn);
        events.add(ce);
        nTotal += model.value(cn);
        eventsTotal += model.value(ce);
      }
      int total = model.hidden(nTotal);
      model.sum(total, n);
      link(totalScope(population), total);
      int totalEvents = model.hidden(eventsTotal);
      model.sum(totalEvents, events);
      link(totalEventsScope(population), totalEvents);
      s.groupFollows(rows, List.of("expected"), "events");
    }
    // the arms of each subgroup variable's levels make the whole cohort's arms
    Map<String, List<Integer>> levelsN = new LinkedHashMap<>();
    Map<String, List<Integer>> levelsEvents = new LinkedHashMap<>();
    Map<String, int[]> overall = new HashMap<>();
    for (int i = 0; i < s.size(); i++) {
      String population = s.string(i, "population");
      String key = s.string(i, "outcome") + '\u0001' + s.string(i, "model") + '\u0001' + s.string(i, "arm");
      String variable = subgroupVariable(population);
      if (population.equals("overall")) {
        overall.put(key, new int[] {s.count(i, "n"), s.count(i, "events")});
      } else if (variable != null) {
        levelsN.computeIfAbsent(key + '\u0001' + variable, k -> new ArrayList<>()).add(s.count(i, "n"));
        levelsEvents.computeIfAbsent(key + '\u0001' + variable, k -> new ArrayList<>()).add(s.count(i, "events"));
      }
    }
    levelsN.forEach((key, parts) -> {
      int[] whole = overall.get(key.substring(0, key.lastIndexOf('\u0001')));
      if (whole != null) {
        model.sum(whole[0], parts);
        model.sum(whole[1], levelsEvents.get(key));
      }
    });
  }

  private static double landmark(String population) {
    if (population == null || !population.startsWith("landmark=")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(population.substring("landmark=".length()));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String time(double t) {
    return Double.toString(Math.round(t * 1e9) / 1e9);
  }

  /**
   * survival_at_time per arm: the chain of numbers at risk and events, and the links of landmark and subgroup
   * populations to the whole cohort's (weighted populations publish sums of weights: their small sums are
   * withheld, with no relations).
   */
  private void atTimes() {
    TableCells a = table(Mart.SURVIVAL_AT_TIME);
    if (a == null) {
      return;
    }
    Map<String, List<Integer>> levelRisk = new LinkedHashMap<>();
    Map<String, List<Integer>> levelEvents = new LinkedHashMap<>();
    Map<String, int[]> wholeCells = new HashMap<>();
    for (List<Integer> rows : groups(a, "analysis_id", "arm").values()) {
      List<Integer> sorted = new ArrayList<>(rows);
      sorted.sort((x, y) -> Double.compare(a.number(x, "time"), a.number(y, "time")));
      int first = sorted.get(0);
      String population = a.string(first, "population");
      String outcome = a.string(first, "outcome");
      String arm = a.string(first, "arm");
      if (weighted(population)) {
        sorted.forEach(i -> {
          a.count(i, "n_risk");
          a.count(i, "n_event");
        });
        continue;
      }
      int[] summary = summaryCounts.get(a.string(first, "analysis_id") + '\u0001' + arm);
      double offset = Double.isNaN(landmark(population)) ? 0 : landmark(population);
      String variable = subgroupVariable(population);
      int previousRisk = summary == null ? -1 : summary[0];
      String previousTime = offset > 0 ? time(offset) : "start";
      List<Integer> events = new ArrayList<>();
      int risk = -1;
      for (int i : sorted) {
        risk = a.count(i, "n_risk");
        int event = a.count(i, "n_event");
        events.add(event);
        String t = time(offset + a.number(i, "time"));
        if (previousRisk >= 0) {
          model.relation(new int[] {previousRisk, risk, model.hidden(model.value(previousRisk) - model.value(risk))},
              new int[] {1, -1, -1});
          model.relation(new int[] {previousRisk, event, model.hidden(model.value(previousRisk) - model.value(event))},
              new int[] {1, -1, -1});
        }
        if (population.equals("overall") || offset > 0) {
          link("risk|" + outcome + '|' + arm + '|' + t, risk);
          link("events|" + outcome + '|' + arm + '|' + previousTime + '|' + t, event);
        }
        if (population.equals("overall")) {
          wholeCells.put(outcome + '|' + arm + '|' + t, new int[] {risk, event});
        } else if (variable != null) {
          String key = outcome + '|' + arm + '|' + t + '|' + variable;
          levelRisk.computeIfAbsent(key, k -> new ArrayList<>()).add(risk);
          levelEvents.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
        }
        previousRisk = risk;
        previousTime = t;
      }
      if (summary != null) {
        // the events after the last time: the arm's events minus those of the intervals; at risk at the last time
        double rest = model.value(summary[1]);
        for (int e : events) {
          rest -= model.value(e);
        }
        int after = model.hidden(rest);
        List<Integer> parts = new ArrayList<>(events);
        parts.add(after);
        model.sum(summary[1], parts);
        model.relation(new int[] {risk, after, model.hidden(model.value(risk) - rest)}, new int[] {1, -1, -1});
      }
      if (offset > 0 && summary != null) {
        link("risk|" + outcome + '|' + arm + '|' + time(offset), summary[0]);
      }
    }
    levelRisk.forEach((key, parts) -> {
      int[] whole = wholeCells.get(key.substring(0, key.lastIndexOf('|')));
      if (whole != null) {
        model.sum(whole[0], parts);
        model.sum(whole[1], levelEvents.get(key));
      }
    });
  }

  private void totals(Mart mart) {
    TableCells t = table(mart);
    if (t == null) {
      return;
    }
    for (int i = 0; i < t.size(); i++) {
      String population = t.string(i, "population");
      link(totalScope(population), t.count(i, "n"));
      link(totalEventsScope(population), t.count(i, "events"));
    }
  }

  private void plan() {
    TableCells p = table(Mart.ANALYSIS_PLAN);
    if (p == null) {
      return;
    }
    // analysis_inputs is published as it is (counts of the operator's own input rows, not of patients): the
    // whole cohort's rows read and left out of each outcome are known, and the other cells protected with that.
    boolean inputsPublished = marts.containsKey(Mart.ANALYSIS_INPUTS);
    for (int i = 0; i < p.size(); i++) {
      String population = p.string(i, "population");
      int rows = p.count(i, "n_rows");
      // the rows dropped for a missing value are the difference of two published totals (the population's rows
      // and its analysed patients): published in full, like them
      Object droppedValue = p.get(i, "n_dropped_missing");
      int dropped = droppedValue == null ? -1 : model.hidden(((Number) droppedValue).doubleValue());
      int analysed = p.count(i, "n_analysed");
      link(totalScope(population), rows);
      link(totalScope(population), analysed);
      model.relation(new int[] {rows, dropped, analysed}, new int[] {1, -1, -1});
      link(totalEventsScope(population), p.count(i, "events"));
      if (inputsPublished && "overall".equals(population) && KAPLAN_MEIER.equals(p.string(i, "family"))) {
        model.markKnown(rows);
        model.markKnown(dropped);
      }
    }
  }

  private void propensity() {
    TableCells m = table(Mart.PROPENSITY_MODEL);
    if (m != null) {
      for (int i = 0; i < m.size(); i++) {
        String population = m.string(i, "population");
        int n = m.count(i, "n");
        int treated = m.count(i, "n_treated");
        link(totalScope(population), n);
        link(armScope(population, treatedArm), treated);
        int reference = model.hidden(model.value(n) - model.value(treated));
        model.sum(n, List.of(treated, reference));
        link(armScope(population, referenceArm), reference);
      }
    }
    TableCells a = table(Mart.PROPENSITY_ADJUSTMENT);
    if (a != null) {
      a.follows("ess_treated", "n_treated");
      a.follows("ess_reference", "n_reference");
      int unadjusted = -1;
      int matched = -1;
      for (int i = 0; i < a.size(); i++) {
        String population = a.string(i, "population");
        int treated = a.count(i, "n_treated");
        int reference = a.count(i, "n_reference");
        link(armScope(population, treatedArm), treated);
        link(armScope(population, referenceArm), reference);
        if (weighted(population)) {
          link(armScope("overall", treatedArm), treated);
          link(armScope("overall", referenceArm), reference);
        }
        a.count(i, "outside_common_support");
        unadjusted = "unadjusted".equals(a.string(i, "model")) ? i : unadjusted;
        matched = "matched".equals(population) ? i : matched;
      }
      // the unmatched are the arms before matching minus the matched arms: differences of published arm sizes
      // (the matched population's total is in the models), published in full like them
      if (unadjusted >= 0 && matched >= 0) {
        for (String arm : List.of("treated", "reference")) {
          Object unmatched = a.get(matched, arm + "_unmatched");
          if (unmatched != null) {
            model.relation(new int[] {a.count(unadjusted, "n_" + arm), a.count(matched, "n_" + arm),
                model.hidden(((Number) unmatched).doubleValue())}, new int[] {1, -1, -1});
          }
        }
      }
    }
    TableCells d = table(Mart.PROPENSITY_DISTRIBUTION);
    if (d != null) {
      for (List<Integer> rows : groups(d, "analysis_id", "population", "arm").values()) {
        List<Integer> bins = new ArrayList<>();
        double total = 0;
        for (int i : rows) {
          int c = d.count(i, "n");
          bins.add(c);
          total += model.value(c);
        }
        int arm = model.hidden(total);
        model.sum(arm, bins);
        link(armScope(d.string(rows.get(0), "population"), d.string(rows.get(0), "arm")), arm);
      }
    }
  }

  private void baseline() {
    TableCells b = table(Mart.BASELINE);
    if (b == null) {
      return;
    }
    b.follows("percent", "n");
    b.follows("mean", "n");
    b.follows("sd", "n");
    for (List<Integer> rows : groups(b, "variable").values()) {
      String variable = b.string(rows.get(0), "variable");
      b.groupFollows(rows, List.of("p_value", "smd"), "n");
      boolean categorical = b.get(rows.get(0), "mean") == null;
      if (!categorical) {
        rows.forEach(i -> link(armScope("overall", b.string(i, "arm")), b.count(i, "n")));
        continue;
      }
      Map<String, List<Integer>> byArm = new LinkedHashMap<>();
      Map<String, List<Integer>> byLevel = new LinkedHashMap<>();
      for (int i : rows) {
        String arm = b.string(i, "arm");
        String population = variable + "=" + b.string(i, "level");
        int c = b.count(i, "n");
        byArm.computeIfAbsent(arm, k -> new ArrayList<>()).add(c);
        byLevel.computeIfAbsent(population, k -> new ArrayList<>()).add(c);
        link(armScope(population, arm), c);
      }
      // the percentages give each arm's total away
      byArm.values().forEach(cells -> model.sum(model.known(total(cells)), cells));
      byLevel.forEach((population, cells) -> {
        int level = model.hidden(total(cells));
        model.sum(level, cells);
        link(totalScope(population), level);
      });
    }
  }

  private double total(List<Integer> cells) {
    double t = 0;
    for (int c : cells) {
      t += model.value(c);
    }
    return t;
  }
}
