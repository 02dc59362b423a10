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
 *       the subgroup's population, the first at-risk count of a curve and its arm's n, survival_at_time's
 *       at-risk count and the curve's at that time, a landmark curve and the whole cohort's curve after the
 *       landmark;</li>
 *   <li>sums: the arms of a population make its total; the levels of a subgroup variable make the whole
 *       cohort (patients and events per arm, and at every time of the whole cohort's curve its at-risk, event
 *       and censoring counts); an arm's n is its events plus its patients censored (a difference a reader can
 *       take, protected when small); a curve's events make its arm's events; survival_at_time's events are the
 *       curve's since the previous reported time, and the arm's events minus them are those after the last
 *       reported time (protected when small); Table 1 levels make each arm's total (known: the percentages
 *       give it) and each level's total over both arms; analysis_plan's rows are dropped plus analysed; the
 *       matched arms plus the unmatched make the arms before matching; the propensity score bins make the
 *       arm; a weighted curve whose weights are 1 repeats the whole cohort's counts;</li>
 *   <li>each Kaplan–Meier curve's chain n_risk[t] = n_event[t] + n_censor[t] + n_risk[t+1], with the block
 *       rule of {@link KaplanMeierBlocks}.</li>
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
  /** Curves keyed by analysis id and arm, and by outcome, population and arm for Kaplan–Meier ones. */
  private final Map<String, Curve> curves = new LinkedHashMap<>();
  private final Map<String, Curve> kaplanMeier = new LinkedHashMap<>();
  private final Map<String, Integer> summaryEvents = new HashMap<>();

  private static final class Curve {
    final String outcome;
    final String population;
    final String arm;
    final double[] time;
    final int[] risk;
    final int[] event;
    final int[] censor;
    final boolean kaplanMeier;
    /** survival_at_time's times of this curve and the cells of its event counts there. */
    final List<Double> reported = new ArrayList<>();
    final List<Integer> reportedEvents = new ArrayList<>();

    Curve(String outcome, String population, String arm, boolean kaplanMeier, int n) {
      this.outcome = outcome;
      this.population = population;
      this.arm = arm;
      this.kaplanMeier = kaplanMeier;
      time = new double[n];
      risk = new int[n];
      event = new int[n];
      censor = new int[n];
    }

    /** First row at or after t (time.length when none). */
    int atOrAfter(double t) {
      int i = Arrays.binarySearch(time, t);
      if (i >= 0) {
        while (i > 0 && time[i - 1] == t) {
          i--;
        }
        return i;
      }
      return -i - 1;
    }

    /** The row at time t (within rounding), or -1. */
    int at(double t) {
      int i = atOrAfter(t - 1e-9 * Math.max(1, Math.abs(t)));
      return i < time.length && Math.abs(time[i] - t) <= 1e-9 * Math.max(1, Math.abs(t)) ? i : -1;
    }
  }

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

  /** Builds the cells and relations; with {@code minCell > 0}, also the Kaplan–Meier block rule. */
  void build(int minCell) {
    summaries();
    kaplanMeierCurves();
    atTimes();
    if (minCell > 0) {
      coarsen(minCell);
    }
    subgroupCurves();
    landmarkCurves();
    weightedCurves();
    totals(Mart.HAZARD_RATIO);
    totals(Mart.COX_MODEL);
    totals(Mart.FOREST);
    plan();
    propensity();
    baseline();
    tiers();
  }

  /**
   * Complementary cells are taken first from km_curve, then survival_at_time, then the other marts; and first
   * from landmark populations, then subgroup levels and propensity-adjusted populations, last from the whole
   * cohort (Table 1 counts with the whole cohort): the headline counts are withheld last.
   */
  private void tiers() {
    tables.forEach((mart, t) -> {
      int martTier = mart == Mart.KM_CURVE ? 0 : mart == Mart.SURVIVAL_AT_TIME ? 1 : 2;
      boolean hasPopulation = t.has("population");
      t.forEachCell((row, cell) -> {
        String population = hasPopulation ? t.string(row, "population") : "overall";
        int populationTier = population == null || population.equals("overall") ? 2
            : population.startsWith("landmark=") ? 0 : 1;
        model.tier(cell, populationTier * 3 + martTier);
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
        summaryEvents.put(s.string(i, "analysis_id") + '\u0001' + arm, ce);
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

  private void kaplanMeierCurves() {
    TableCells k = table(Mart.KM_CURVE);
    if (k == null) {
      return;
    }
    for (List<Integer> rows : groups(k, "analysis_id", "arm").values()) {
      List<Integer> sorted = new ArrayList<>(rows);
      sorted.sort((a, b) -> Double.compare(k.number(a, "time"), k.number(b, "time")));
      int first = sorted.get(0);
      String population = k.string(first, "population");
      String arm = k.string(first, "arm");
      Curve c = new Curve(k.string(first, "outcome"), population, arm,
          KAPLAN_MEIER.equals(k.string(first, "model")), sorted.size());
      for (int j = 0; j < sorted.size(); j++) {
        int i = sorted.get(j);
        c.time[j] = k.number(i, "time");
        c.risk[j] = k.count(i, "n_risk");
        c.event[j] = k.count(i, "n_event");
        c.censor[j] = k.count(i, "n_censor");
      }
      for (int j = 0; j < c.time.length; j++) {
        if (j + 1 < c.time.length) {
          model.relation(new int[] {c.risk[j], c.event[j], c.censor[j], c.risk[j + 1]}, new int[] {1, -1, -1, -1});
        } else {
          model.relation(new int[] {c.risk[j], c.event[j], c.censor[j]}, new int[] {1, -1, -1});
        }
      }
      link(armScope(population, arm), c.risk[0]);
      String id = k.string(first, "analysis_id");
      Integer events = summaryEvents.get(id + '\u0001' + arm);
      if (events != null) {
        List<Integer> parts = new ArrayList<>();
        for (int e : c.event) {
          parts.add(e);
        }
        model.sum(events, parts);
      }
      curves.put(id + '\u0001' + arm, c);
      if (c.kaplanMeier) {
        kaplanMeier.put(c.outcome + '\u0001' + population + '\u0001' + arm, c);
      }
    }
  }

  private void atTimes() {
    TableCells a = table(Mart.SURVIVAL_AT_TIME);
    if (a == null) {
      return;
    }
    for (List<Integer> rows : groups(a, "analysis_id", "arm").values()) {
      List<Integer> sorted = new ArrayList<>(rows);
      sorted.sort((x, y) -> Double.compare(a.number(x, "time"), a.number(y, "time")));
      Curve c = curves.get(a.string(sorted.get(0), "analysis_id") + '\u0001' + a.string(sorted.get(0), "arm"));
      double previous = Double.NEGATIVE_INFINITY;
      for (int i : sorted) {
        int risk = a.count(i, "n_risk");
        int events = a.count(i, "n_event");
        double t = a.number(i, "time");
        if (c != null) {
          int j = c.atOrAfter(t);
          if (j < c.time.length) {
            model.same(risk, c.risk[j]);
          }
          c.reported.add(t);
          c.reportedEvents.add(events);
          List<Integer> parts = new ArrayList<>();
          for (int r = c.atOrAfter(previous); r < c.time.length && c.time[r] <= t; r++) {
            if (c.time[r] > previous) {
              parts.add(c.event[r]);
            }
          }
          if (!parts.isEmpty()) {
            model.sum(events, parts);
          }
        }
        previous = t;
      }
      // the events after the last reported time: the curve's events minus those reported
      String key = a.string(sorted.get(0), "analysis_id") + '\u0001' + a.string(sorted.get(0), "arm");
      Integer total = c == null || weighted(c.population) ? null : summaryEvents.get(key);
      if (total != null) {
        double tail = model.value(total);
        int[] cells = new int[sorted.size() + 2];
        int[] coefficients = new int[cells.length];
        cells[0] = total;
        coefficients[0] = 1;
        for (int k = 0; k < sorted.size(); k++) {
          cells[k + 1] = a.count(sorted.get(k), "n_event");
          coefficients[k + 1] = -1;
          tail -= model.value(cells[k + 1]);
        }
        cells[cells.length - 1] = model.hidden(tail);
        coefficients[cells.length - 1] = -1;
        model.relation(cells, coefficients);
      }
    }
  }

  private static double landmark(String population) {
    if (!population.startsWith("landmark=")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(population.substring("landmark=".length()));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * Coarsens the curves ({@link KaplanMeierBlocks}) on the reporting times of survival_at_time. The whole
   * cohort's curve of an outcome and arm, its subgroup levels' and its landmarks' (the same patients, summed
   * or shifted) are one family on the whole cohort's time axis, with the reporting times of all of them and
   * each landmark as checkpoints; any other curve is a family of its own. Then survival_at_time's event count
   * of an interval that holds both withheld and published event counts is withheld too (with the published
   * ones it would give the withheld ones' sum).
   */
  private void coarsen(int minCell) {
    Map<String, List<Curve>> families = new LinkedHashMap<>();
    Map<String, java.util.TreeSet<Double>> times = new HashMap<>();
    for (Curve c : curves.values()) {
      boolean related = c.kaplanMeier && (c.population.equals("overall") || subgroupVariable(c.population) != null
          || !Double.isNaN(landmark(c.population)));
      String family = related ? c.outcome + '\u0001' + c.arm : "curve" + '\u0001' + families.size();
      families.computeIfAbsent(family, f -> new ArrayList<>()).add(c);
      java.util.TreeSet<Double> t = times.computeIfAbsent(family, f -> new java.util.TreeSet<>());
      double offset = offset(c);
      c.reported.forEach(r -> t.add(offset + r));
      if (offset > 0) {
        t.add(offset);
      }
    }
    families.forEach((family, members) -> {
      List<KaplanMeierBlocks.Curve> planned = new ArrayList<>();
      for (Curve c : members) {
        int n = c.time.length;
        double[] time = new double[n];
        double[] r = new double[n];
        double[] e = new double[n];
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
          time[j] = c.time[j] + offset(c);
          r[j] = model.value(c.risk[j]);
          e[j] = model.value(c.event[j]);
          x[j] = model.value(c.censor[j]);
        }
        planned.add(new KaplanMeierBlocks.Curve(time, r, e, x));
      }
      double[] checkpoints = times.get(family).stream().mapToDouble(Double::doubleValue).toArray();
      new KaplanMeierBlocks(planned, checkpoints, minCell).plan();
      for (int m = 0; m < members.size(); m++) {
        Curve c = members.get(m);
        KaplanMeierBlocks.Curve w = planned.get(m);
        for (int j = 0; j < c.time.length; j++) {
          if (w.withheldRisk[j]) {
            model.withhold(c.risk[j]);
          }
          if (w.withheldEvent[j]) {
            model.withhold(c.event[j]);
          }
          if (w.withheldCensor[j]) {
            model.withhold(c.censor[j]);
          }
        }
        double previous = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c.reported.size(); k++) {
          double t = c.reported.get(k);
          boolean withheld = false;
          boolean published = false;
          for (int j = c.atOrAfter(previous); j < c.time.length && c.time[j] <= t; j++) {
            if (c.time[j] > previous) {
              withheld |= w.withheldEvent[j];
              published |= !w.withheldEvent[j] && w.event[j] > 0;
            }
          }
          if (withheld && published) {
            model.withhold(c.reportedEvents.get(k));
          }
          previous = t;
        }
      }
    });
  }

  private static double offset(Curve c) {
    double l = landmark(c.population);
    return Double.isNaN(l) ? 0 : l;
  }

  /** At every time of the whole cohort's curve, the subgroup levels' counts add up to its counts. */
  private void subgroupCurves() {
    Map<String, List<Curve>> levels = new LinkedHashMap<>();
    for (Curve c : kaplanMeier.values()) {
      String variable = subgroupVariable(c.population);
      if (variable != null) {
        levels.computeIfAbsent(c.outcome + '\u0001' + "overall" + '\u0001' + c.arm + '\u0001' + variable,
            k -> new ArrayList<>()).add(c);
      }
    }
    levels.forEach((key, parts) -> {
      Curve whole = kaplanMeier.get(key.substring(0, key.lastIndexOf('\u0001')));
      if (whole == null) {
        return;
      }
      for (int j = 0; j < whole.time.length; j++) {
        double t = whole.time[j];
        List<Integer> risk = new ArrayList<>();
        List<Integer> event = new ArrayList<>();
        List<Integer> censor = new ArrayList<>();
        for (Curve p : parts) {
          int i = p.atOrAfter(t);
          if (i < p.time.length) {
            risk.add(p.risk[i]);
          }
          int at = p.at(t);
          if (at >= 0) {
            event.add(p.event[at]);
            censor.add(p.censor[at]);
          }
        }
        model.sum(whole.risk[j], risk);
        model.sum(whole.event[j], event);
        model.sum(whole.censor[j], censor);
      }
    });
  }

  /** A landmark curve is the whole cohort's curve from the landmark on, time shifted. */
  private void landmarkCurves() {
    for (Curve c : kaplanMeier.values()) {
      if (!c.population.startsWith("landmark=")) {
        continue;
      }
      double landmark = landmark(c.population);
      if (Double.isNaN(landmark)) {
        continue;
      }
      Curve whole = kaplanMeier.get(c.outcome + '\u0001' + "overall" + '\u0001' + c.arm);
      if (whole == null) {
        continue;
      }
      for (int j = 0; j < c.time.length; j++) {
        int i = whole.at(landmark + c.time[j]);
        if (i >= 0) {
          model.same(c.risk[j], whole.risk[i]);
          model.same(c.event[j], whole.event[i]);
          model.same(c.censor[j], whole.censor[i]);
        }
      }
    }
  }

  /**
   * A weighted curve whose weights are all 1 (the treated arm under ATT weights) repeats the whole cohort's
   * counts: cells with the same time and value are joined.
   */
  private void weightedCurves() {
    for (Curve c : kaplanMeier.values()) {
      if (!weighted(c.population)) {
        continue;
      }
      Curve whole = kaplanMeier.get(c.outcome + '\u0001' + "overall" + '\u0001' + c.arm);
      if (whole == null) {
        continue;
      }
      for (int j = 0; j < c.time.length; j++) {
        int i = whole.at(c.time[j]);
        if (i >= 0) {
          model.same(c.risk[j], whole.risk[i]);
          model.same(c.event[j], whole.event[i]);
          model.same(c.censor[j], whole.censor[i]);
        }
      }
    }
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
      int dropped = p.count(i, "n_dropped_missing");
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
        a.count(i, "treated_unmatched");
        a.count(i, "reference_unmatched");
        a.count(i, "outside_common_support");
        unadjusted = "unadjusted".equals(a.string(i, "model")) ? i : unadjusted;
        matched = "matched".equals(population) ? i : matched;
      }
      if (unadjusted >= 0 && matched >= 0) {
        model.relation(new int[] {a.count(unadjusted, "n_treated"), a.count(matched, "n_treated"),
            a.count(matched, "treated_unmatched")}, new int[] {1, -1, -1});
        model.relation(new int[] {a.count(unadjusted, "n_reference"), a.count(matched, "n_reference"),
            a.count(matched, "reference_unmatched")}, new int[] {1, -1, -1});
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
