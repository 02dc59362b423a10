package org.npcoutcomes.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.privacy.Intruder;

/**
 * The relations a reader of a published run can use, built from the published marts alone (read back as
 * tables; nothing of the suppression code): the flow's remaining counts and exclusions, each file's rejects
 * and the manifest's rejected lines, the years of completeness and the clean records, Table 1's levels and
 * each arm's total (its percentages give it), the arms of each population and its total in the models,
 * analysis_plan's rows, the subgroup levels that make the whole cohort, the landmark populations that are the
 * whole cohort still at risk, the weighted populations' unweighted counts, the log-rank observed and expected
 * counts, the numbers at risk and events of survival_at_time, and the propensity marts' arms, unmatched
 * patients and score bins. A count repeated in several marts is one count. Values behind withheld cells, when
 * a run without suppression gives them, go to {@link Intruder#truth} so that every relation is checked to be
 * true of the data.
 */
final class PublishedRelations {
  private final Intruder attack;
  private final Function<Mart, List<Row>> published;
  private final Function<Mart, List<Row>> truth;
  private int repeats;

  /**
   * @param published the run's marts as published
   * @param truth the same marts with nothing withheld (null rows when not available); rows in the same order
   */
  PublishedRelations(int minCell, Function<Mart, List<Row>> published, Function<Mart, List<Row>> truth) {
    this.attack = new Intruder(minCell);
    this.published = published;
    this.truth = truth;
  }

  Intruder build(Row manifest) {
    attrition();
    dataQuality(manifest);
    completeness(manifest);
    survivalSummary();
    atTimes();
    models();
    plan();
    propensity();
    baseline();
    return attack;
  }

  private static Double number(Row r, String column) {
    Object v = r.get(r.fieldIndex(column));
    return v == null ? null : ((Number) v).doubleValue();
  }

  private static String string(Row r, String column) {
    Object v = r.get(r.fieldIndex(column));
    return v == null ? null : v.toString();
  }

  private static boolean small(Row r, String column) {
    String why = string(r, "suppressed");
    return why != null && List.of(why.split(",")).contains(column + ":small");
  }

  /**
   * Declares the count of a row under a name; a name already declared (the count repeated in another mart)
   * gets a fresh name tied to it. Returns the name.
   */
  private String cell(String name, Row row, Row trueRow, String column) {
    Double value = number(row, column);
    String declared = name;
    if (attack.has(name)) {
      declared = name + "#" + (++repeats);
    }
    attack.cell(declared, value, small(row, column));
    if (value == null && trueRow != null && number(trueRow, column) != null) {
      attack.truth(declared, number(trueRow, column));
    }
    if (!declared.equals(name)) {
      attack.same(name, declared);
    }
    return name;
  }

  private String hidden(String name) {
    if (!attack.has(name)) {
      attack.hidden(name);
    }
    return name;
  }

  private final Map<Mart, List<Row>> publishedRows = new HashMap<>();
  private final Map<Mart, java.util.Optional<List<Row>>> trueRows = new HashMap<>();

  private List<Row> rows(Mart mart) {
    return publishedRows.computeIfAbsent(mart, m -> {
      List<Row> r = published.apply(m);
      return r == null ? List.of() : r;
    });
  }

  private Row trueRow(Mart mart, int i) {
    List<Row> r = trueRows.computeIfAbsent(mart, m -> java.util.Optional.ofNullable(truth == null ? null
        : truth.apply(m))).orElse(null);
    return r == null || r.size() <= i ? null : r.get(i);
  }

  private void attrition() {
    List<Row> rows = new ArrayList<>(rows(Mart.ATTRITION));
    rows.sort(Comparator.comparingInt(r -> ((Number) r.getAs("step")).intValue()));
    for (int i = 0; i < rows.size(); i++) {
      cell("remaining " + i, rows.get(i), null, "remaining");
      cell("excluded " + i, rows.get(i), null, "excluded");
      if (i > 0) {
        attack.sum("remaining " + (i - 1), List.of("excluded " + i, "remaining " + i));
      }
    }
  }

  private void dataQuality(Row manifest) {
    Map<String, List<String>> byFile = new LinkedHashMap<>();
    List<Row> rows = rows(Mart.DATA_QUALITY);
    for (int i = 0; i < rows.size(); i++) {
      String file = string(rows.get(i), "source_file");
      byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(cell("dq " + i, rows.get(i), null, "rows"));
    }
    for (Row input : manifest.<Row>getList(manifest.fieldIndex("inputs"))) {
      String path = input.getAs("path");
      byFile.forEach((file, parts) -> {
        if (file != null && (path.endsWith(file) || file.endsWith(path)
            || fileName(path).equals(fileName(file)))) {
          attack.known("rejected " + file, ((Number) input.getAs("rows_rejected")).doubleValue());
          attack.sum("rejected " + file, parts);
        }
      });
    }
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private void completeness(Row manifest) {
    List<Row> rows = rows(Mart.COMPLETENESS);
    Map<String, String> years = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      String year = "records " + string(r, "year_of_diagnosis");
      cell(year, r, null, "records");
      years.put(year, year);
      for (String column : List.of("missing", "unknown")) {
        String c = cell(column + " " + i, r, null, column);
        attack.sum(year, List.of(c, hidden("not " + column + " " + i)));
      }
    }
    if (!years.isEmpty()) {
      double clean = 0;
      for (Row input : manifest.<Row>getList(manifest.fieldIndex("inputs"))) {
        clean += ((Number) input.getAs("rows_clean")).doubleValue();
      }
      attack.known("clean records", clean).sum("clean records", new ArrayList<>(years.keySet()));
    }
  }

  private static boolean weighted(String population) {
    return !population.equals("overall") && !population.equals("matched") && !population.contains("=");
  }

  private static String variable(String population) {
    int eq = population.indexOf('=');
    return eq < 0 || population.startsWith("landmark=") ? null : population.substring(0, eq);
  }

  /** The whole cohort's, a subgroup level's or a landmark's patients of an outcome and arm, as one count. */
  private static String patients(String outcome, String population, String arm) {
    return "n|" + outcome + "|" + population + "|" + arm;
  }

  private static String events(String outcome, String population, String arm) {
    return "events|" + outcome + "|" + population + "|" + arm;
  }

  private void survivalSummary() {
    List<Row> rows = rows(Mart.SURVIVAL_SUMMARY);
    Map<String, List<Integer>> byTask = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      byTask.computeIfAbsent(string(rows.get(i), "analysis_id"), k -> new ArrayList<>()).add(i);
    }
    Map<String, List<String>> levels = new LinkedHashMap<>();
    byTask.forEach((task, members) -> {
      List<String> n = new ArrayList<>();
      List<String> ev = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      String outcome = string(rows.get(members.get(0)), "outcome");
      String population = string(rows.get(members.get(0)), "population");
      for (int i : members) {
        Row r = rows.get(i);
        String arm = string(r, "arm");
        // weighted populations publish the whole cohort's unweighted counts
        String pop = weighted(population) ? "overall" : population;
        String cn = cell(patients(outcome, pop, arm), r, trueRow(Mart.SURVIVAL_SUMMARY, i), "n");
        String ce = cell(events(outcome, pop, arm), r, trueRow(Mart.SURVIVAL_SUMMARY, i), "events");
        attack.sum(cn, List.of(ce, hidden("censored|" + outcome + "|" + pop + "|" + arm)));
        if (!weighted(population)) {
          n.add(cn);
          ev.add(ce);
          Double observed = number(r, "observed");
          if (observed != null && !observed.isNaN()) {
            attack.same(ce, cell("observed|" + task + "|" + arm, r, trueRow(Mart.SURVIVAL_SUMMARY, i), "observed"));
          }
          Double e = number(r, "expected");
          if (e != null && !e.isNaN()) {
            expected.add(cell("expected|" + task + "|" + arm, r, trueRow(Mart.SURVIVAL_SUMMARY, i), "expected"));
          } else if (string(r, "suppressed") != null && string(r, "suppressed").contains("expected:")) {
            expected.add(hidden("expected|" + task + "|" + arm));
          }
        }
        String v = variable(population);
        if (v != null) {
          levels.computeIfAbsent(outcome + "|" + arm + "|" + v, k -> new ArrayList<>()).add(population);
        }
      }
      if (!n.isEmpty()) {
        attack.sum(hidden("N|" + outcome + "|" + population), n);
        attack.sum(hidden("E|" + outcome + "|" + population), ev);
        if (expected.size() == ev.size()) {
          attack.sum("E|" + outcome + "|" + population, expected);
        }
      }
    });
    levels.forEach((key, populations) -> {
      String[] k = key.split("\\|");
      String outcome = k[0];
      String arm = k[1];
      if (attack.has(patients(outcome, "overall", arm))) {
        attack.sum(patients(outcome, "overall", arm), populations.stream().map(p -> patients(outcome, p, arm)).toList());
        attack.sum(events(outcome, "overall", arm), populations.stream().map(p -> events(outcome, p, arm)).toList());
      }
    });
  }

  private static String time(double t) {
    return Double.toString(Math.round(t * 1e9) / 1e9);
  }

  private void atTimes() {
    List<Row> rows = rows(Mart.SURVIVAL_AT_TIME);
    Map<String, List<Integer>> curves = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      curves.computeIfAbsent(string(rows.get(i), "analysis_id") + "|" + string(rows.get(i), "arm"),
          k -> new ArrayList<>()).add(i);
    }
    Map<String, List<String[]>> levelCells = new LinkedHashMap<>();
    curves.forEach((curve, members) -> {
      members.sort(Comparator.comparingDouble(i -> number(rows.get(i), "time")));
      Row first = rows.get(members.get(0));
      String outcome = string(first, "outcome");
      String population = string(first, "population");
      String arm = string(first, "arm");
      if (weighted(population)) {
        for (int i : members) {
          cell("w risk|" + curve + "|" + i, rows.get(i), trueRow(Mart.SURVIVAL_AT_TIME, i), "n_risk");
          cell("w event|" + curve + "|" + i, rows.get(i), trueRow(Mart.SURVIVAL_AT_TIME, i), "n_event");
        }
        return;
      }
      double offset = population.startsWith("landmark=") ? Double.parseDouble(population.substring(9)) : 0;
      String v = variable(population);
      String previous = attack.has(patients(outcome, population, arm)) ? patients(outcome, population, arm) : null;
      if (offset > 0 && previous != null) {
        // the landmark's patients are the whole cohort's still at risk at the landmark
        String whole = "risk|" + outcome + "|overall|" + arm + "|" + time(offset);
        if (!attack.has(whole)) {
          attack.hidden(whole);
        }
        attack.same(whole, previous);
      }
      // a landmark's first interval holds the events at the landmark itself, which the whole cohort's interval
      // that starts there does not: it is a count of its own
      String previousTime = offset > 0 ? "landmark " + time(offset) : "start";
      List<String> intervals = new ArrayList<>();
      String risk = null;
      for (int i : members) {
        Row r = rows.get(i);
        String t = time(offset + number(r, "time"));
        // landmark counts are the whole cohort's at the same (absolute) times
        String pop = offset > 0 ? "overall" : population;
        risk = cell("risk|" + outcome + "|" + pop + "|" + arm + "|" + t, r, trueRow(Mart.SURVIVAL_AT_TIME, i),
            "n_risk");
        String event = cell("event|" + outcome + "|" + pop + "|" + arm + "|" + previousTime + "|" + t, r,
            trueRow(Mart.SURVIVAL_AT_TIME, i), "n_event");
        intervals.add(event);
        if (previous != null) {
          attack.sum(previous, List.of(risk, hidden("left|" + curve + "|" + t)));
          attack.sum(previous, List.of(event, hidden("alive|" + curve + "|" + t)));
        }
        if (v != null) {
          levelCells.computeIfAbsent(outcome + "|" + arm + "|" + v + "|" + t, k -> new ArrayList<>())
              .add(new String[] {risk, event});
        }
        previous = risk;
        previousTime = t;
      }
      if (offset == 0 && attack.has(events(outcome, population, arm))) {
        String after = hidden("after|" + curve);
        intervals.add(after);
        attack.sum(events(outcome, population, arm), intervals);
        attack.sum(risk, List.of(after, hidden("alive after|" + curve)));
      }
    });
    levelCells.forEach((key, cells) -> {
      String[] k = key.split("\\|");
      String whole = "risk|" + k[0] + "|overall|" + k[1] + "|" + k[3];
      if (attack.has(whole)) {
        attack.sum(whole, cells.stream().map(c -> c[0]).toList());
        String wholeEvents = cells.get(0)[1].replaceFirst("\\|[^|]+=[^|]+\\|", "|overall|");
        if (attack.has(wholeEvents)) {
          attack.sum(wholeEvents, cells.stream().map(c -> c[1]).toList());
        }
      }
    });
  }

  /** hazard_ratio, cox_model and forest: a model's patients and events, the same on each of its rows. */
  private void models() {
    for (Mart mart : List.of(Mart.HAZARD_RATIO, Mart.COX_MODEL, Mart.FOREST)) {
      List<Row> rows = rows(mart);
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        String outcome = string(r, "outcome");
        String population = string(r, "population");
        String model = string(r, "model");
        String pop = weighted(population) ? "overall" : population;
        String n = cell("model n|" + outcome + "|" + population + "|" + model, r, trueRow(mart, i), "n");
        String e = cell("model events|" + outcome + "|" + population + "|" + model, r, trueRow(mart, i), "events");
        // the crude model holds every patient of the population (the weighted ones: the whole cohort's)
        if (model.equals("crude") && attack.has("N|" + outcome + "|" + pop)) {
          attack.same(n, "N|" + outcome + "|" + pop);
          attack.same(e, "E|" + outcome + "|" + pop);
        }
      }
    }
  }

  private void plan() {
    List<Row> rows = rows(Mart.ANALYSIS_PLAN);
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      String task = string(r, "analysis_id");
      String total = cell("plan rows|" + task, r, trueRow(Mart.ANALYSIS_PLAN, i), "n_rows");
      String dropped = cell("plan dropped|" + task, r, trueRow(Mart.ANALYSIS_PLAN, i), "n_dropped_missing");
      String analysed = cell("plan analysed|" + task, r, trueRow(Mart.ANALYSIS_PLAN, i), "n_analysed");
      String events = cell("plan events|" + task, r, trueRow(Mart.ANALYSIS_PLAN, i), "events");
      attack.sum(total, List.of(dropped, analysed));
      String outcome = string(r, "outcome");
      String population = string(r, "population");
      if ("kaplan_meier".equals(string(r, "family")) && !weighted(population)
          && attack.has("N|" + outcome + "|" + population)) {
        attack.same(analysed, "N|" + outcome + "|" + population);
        attack.same(events, "E|" + outcome + "|" + population);
      }
    }
  }

  private void propensity() {
    List<Row> model = rows(Mart.PROPENSITY_MODEL);
    for (int i = 0; i < model.size(); i++) {
      Row r = model.get(i);
      String n = cell("ps n", r, trueRow(Mart.PROPENSITY_MODEL, i), "n");
      String treated = cell("ps treated", r, trueRow(Mart.PROPENSITY_MODEL, i), "n_treated");
      attack.sum(n, List.of(treated, hidden("ps reference")));
    }
    List<Row> adjustment = rows(Mart.PROPENSITY_ADJUSTMENT);
    Map<String, String[]> arms = new HashMap<>();
    for (int i = 0; i < adjustment.size(); i++) {
      Row r = adjustment.get(i);
      String population = string(r, "population");
      String key = population.equals("overall") || weighted(population) ? "ps" : population;
      String treated = cell(key + " treated", r, trueRow(Mart.PROPENSITY_ADJUSTMENT, i), "n_treated");
      String reference = cell(key + " reference", r, trueRow(Mart.PROPENSITY_ADJUSTMENT, i), "n_reference");
      arms.put(population, new String[] {treated, reference});
      for (String column : List.of("treated_unmatched", "reference_unmatched", "outside_common_support")) {
        if (r.get(r.fieldIndex(column)) != null || small(r, column)
            || (string(r, "suppressed") != null && string(r, "suppressed").contains(column + ":"))) {
          cell(column + "|" + population, r, trueRow(Mart.PROPENSITY_ADJUSTMENT, i), column);
        }
      }
    }
    if (arms.containsKey("matched")) {
      if (attack.has("treated_unmatched|matched")) {
        attack.sum("ps treated", List.of("matched treated", "treated_unmatched|matched"));
      }
      if (attack.has("reference_unmatched|matched")) {
        attack.sum("ps reference", List.of("matched reference", "reference_unmatched|matched"));
      }
    }
    List<Row> bins = rows(Mart.PROPENSITY_DISTRIBUTION);
    Map<String, List<String>> byArm = new LinkedHashMap<>();
    for (int i = 0; i < bins.size(); i++) {
      Row r = bins.get(i);
      byArm.computeIfAbsent(string(r, "arm"), k -> new ArrayList<>())
          .add(cell("bin " + i, r, trueRow(Mart.PROPENSITY_DISTRIBUTION, i), "n"));
    }
    List<String> armNames = new ArrayList<>(byArm.keySet());
    byArm.forEach((arm, parts) -> attack.sum(hidden("ps arm " + arm), parts));
    // the bins of the two arms are the treated and the reference complete cases (in some order)
    if (attack.has("ps treated") && armNames.size() == 2) {
      attack.sum("ps n", List.of("ps arm " + armNames.get(0), "ps arm " + armNames.get(1)));
    }
  }

  private void baseline() {
    List<Row> rows = rows(Mart.BASELINE);
    Map<String, List<Integer>> byVariable = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      byVariable.computeIfAbsent(string(rows.get(i), "variable"), k -> new ArrayList<>()).add(i);
    }
    byVariable.forEach((variable, members) -> {
      Row first = rows.get(members.get(0));
      if (number(first, "mean") != null || "mean".equals(string(first, "level"))) {
        return;
      }
      Map<String, List<String>> byArm = new LinkedHashMap<>();
      Map<String, List<String>> byLevel = new LinkedHashMap<>();
      Map<String, Double> armTotal = new HashMap<>();
      for (int i : members) {
        Row r = rows.get(i);
        String arm = string(r, "arm");
        String level = string(r, "level");
        String c = cell("t1|" + variable + "|" + level + "|" + arm, r, trueRow(Mart.BASELINE, i), "n");
        byArm.computeIfAbsent(arm, k -> new ArrayList<>()).add(c);
        byLevel.computeIfAbsent(level, k -> new ArrayList<>()).add(c);
        Double n = number(r, "n");
        Double percent = number(r, "percent");
        if (n != null && percent != null && percent > 0) {
          armTotal.put(arm, (double) Math.round(n * 100 / percent));
        }
        // a subgroup variable's level is that subgroup's population (overall survival: every patient)
        String population = variable + "=" + level;
        if (attack.has(patients("os", population, arm))) {
          attack.same(c, patients("os", population, arm));
        }
      }
      byArm.forEach((arm, parts) -> {
        String total = armTotal.containsKey(arm) ? "t1 total|" + variable + "|" + arm : hidden("t1 total|" + variable
            + "|" + arm);
        if (armTotal.containsKey(arm)) {
          attack.known(total, armTotal.get(arm));
        }
        attack.sum(total, parts);
      });
      byLevel.forEach((level, parts) -> attack.sum(hidden("t1 level|" + variable + "|" + level), parts));
    });
  }
}
