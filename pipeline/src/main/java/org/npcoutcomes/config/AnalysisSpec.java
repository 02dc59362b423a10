package org.npcoutcomes.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to analyse in a cohort table (the {@code analyze} block): outcomes, populations (the whole cohort,
 * subgroups, landmarks, and the matched and weighted populations of the propensity block) and models. The
 * same spec serves the registry run and any other cohort given to {@code --job analyze}.
 */
public record AnalysisSpec(String input, String output, String id, List<AnalysisOutcome> outcomes,
    String treatmentColumn, String referenceArm, String treatedArm, List<String> categorical, List<String> continuous,
    List<String> strata, List<String> subgroups, List<Double> times, double rmstTau, String ties, String confType,
    double confLevel, List<String> table1Categorical, List<String> table1Continuous, List<Double> landmarks,
    boolean eValueRareOutcome, PropensitySpec propensity, double screeningP, List<String> models,
    int maxInMemoryRows, int minRowsPerArm, int minEventsPerArm) implements Serializable {

  private static final List<String> TIES = List.of("efron", "breslow");
  private static final List<String> CONF_TYPES = List.of("log-log", "log", "plain");
  /** Cox models a spec may ask for; each is also fitted stratified when strata are given. */
  public static final List<String> MODELS = List.of("crude", "multivariable", "screened");

  static AnalysisSpec read(SettingsReader r) {
    SettingsReader treatment = r.child("treatment");
    SettingsReader covariates = r.child("covariates");
    String reference = treatment.string("reference");
    String treated = treatment.string("treated");
    if (!reference.isBlank() && reference.equals(treated)) {
      throw new InvalidConfigException(treatment.key("treated"), "must differ from the reference arm");
    }
    List<Double> times = r.numbers("times");
    for (double t : times) {
      if (!(t >= 0)) {
        throw new InvalidConfigException(r.key("times"), "times must be non-negative");
      }
    }
    double tau = r.number("rmst-tau");
    if (!(tau > 0)) {
      throw new InvalidConfigException(r.key("rmst-tau"), "must be positive");
    }
    String ties = r.string("ties");
    if (!TIES.contains(ties)) {
      throw new InvalidConfigException(r.key("ties"), "'" + ties + "' is not one of " + TIES);
    }
    String confType = r.string("conf-type");
    if (!CONF_TYPES.contains(confType)) {
      throw new InvalidConfigException(r.key("conf-type"), "'" + confType + "' is not one of " + CONF_TYPES);
    }
    List<String> models = r.strings("models");
    for (String m : models) {
      if (!MODELS.contains(m)) {
        throw new InvalidConfigException(r.key("models"), "'" + m + "' is not one of " + MODELS);
      }
    }
    int maxInMemory = r.child("scale").integer("max-in-memory-rows");
    if (maxInMemory < 1) {
      throw new InvalidConfigException(r.key("scale.max-in-memory-rows"), "must be at least 1");
    }
    int minRows = r.integer("min-rows-per-arm");
    if (minRows < 1) {
      throw new InvalidConfigException(r.key("min-rows-per-arm"), "must be at least 1");
    }
    int minEvents = r.integer("min-events-per-arm");
    if (minEvents < 0) {
      throw new InvalidConfigException(r.key("min-events-per-arm"), "must be at least 0");
    }
    List<String> categorical = covariates.strings("categorical");
    List<String> continuous = covariates.strings("continuous");
    SettingsReader table1 = r.child("table1");
    boolean table1Given = !table1.strings("categorical").isEmpty() || !table1.strings("continuous").isEmpty();
    // A run that stops before the analysis (ingest, clean, cohort) may leave the analyze block unset.
    boolean configured = !r.objects("outcomes").isEmpty() || !r.string("time").isBlank()
        || !treatment.string("column").isBlank();
    List<AnalysisOutcome> outcomes = configured ? AnalysisOutcome.read(r) : List.of();
    if (configured) {
      treatment.nonEmptyString("column");
      treatment.nonEmptyString("reference");
      treatment.nonEmptyString("treated");
    }
    AnalysisSpec spec = new AnalysisSpec(r.string("input"), r.string("output"), r.string("id"),
        outcomes, treatment.string("column"), reference, treated,
        categorical, continuous, r.strings("strata"), r.strings("subgroups"), times, tau, ties, confType,
        r.numberIn("conf-level", 0.5, 0.999), table1Given ? table1.strings("categorical") : categorical,
        table1Given ? table1.strings("continuous") : continuous, r.numbers("landmarks"),
        r.child("e-value").raw().getBoolean("rare-outcome"), PropensitySpec.read(r.child("propensity")),
        r.numberIn("screening-p", 0, 1), List.copyOf(new LinkedHashSet<>(models)), maxInMemory, minRows,
        minEvents);
    for (double l : spec.landmarks()) {
      if (!(l > 0)) {
        throw new InvalidConfigException(r.key("landmarks"), "landmarks must be positive times");
      }
    }
    spec.checkColumnRoles(r);
    return spec;
  }

  private void checkColumnRoles(SettingsReader r) {
    for (AnalysisOutcome o : outcomes) {
      Set<String> roles = new HashSet<>(List.of(o.time(), o.statusColumn(), treatmentColumn));
      if (roles.size() < 3) {
        throw new InvalidConfigException(r.key(outcomes.size() == 1 ? "time" : "outcomes"),
            "time, status and treatment must be different columns (outcome " + o.name() + ")");
      }
    }
    Set<String> seen = new HashSet<>(List.of(treatmentColumn));
    for (String c : covariateColumns()) {
      if (!seen.add(c)) {
        throw new InvalidConfigException(r.key("covariates"), "column '" + c + "' is used twice");
      }
    }
  }

  /** Stops a job that analyses when the analyze block names no outcome and no treatment. */
  public void requireConfigured() {
    if (outcomes.isEmpty()) {
      throw new InvalidConfigException("analyze.time", "missing: an analysis needs analyze.time, analyze.status and "
          + "analyze.treatment (or analyze.outcomes)");
    }
  }

  /** Position of the named outcome in {@link #outcomes}. */
  public int outcomeIndex(String name) {
    for (int o = 0; o < outcomes.size(); o++) {
      if (outcomes.get(o).name().equals(name)) {
        return o;
      }
    }
    throw new IllegalArgumentException("no outcome " + name);
  }

  /** The first outcome: the one the propensity population and the run summary are defined on. */
  public AnalysisOutcome primaryOutcome() {
    return outcomes.get(0);
  }

  public boolean stratified() {
    return !strata.isEmpty();
  }

  public List<String> covariateColumns() {
    List<String> all = new ArrayList<>(categorical);
    all.addAll(continuous);
    return all;
  }
}
