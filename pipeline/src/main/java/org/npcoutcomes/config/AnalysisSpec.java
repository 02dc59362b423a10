package org.npcoutcomes.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to analyse in a cohort table (the {@code analyze} block): the same spec serves the registry run
 * and any other cohort given to {@code --job analyze}.
 */
public record AnalysisSpec(String input, String output, String id, String time, String statusColumn, List<String> eventValues,
    String treatmentColumn, String referenceArm, String treatedArm, List<String> categorical, List<String> continuous,
    List<String> strata, List<String> subgroups, List<Double> times, double rmstTau, String ties, String confType,
    double confLevel, List<String> table1Categorical, List<String> table1Continuous, List<Double> landmarks,
    boolean eValueRareOutcome, PropensitySpec propensity, double screeningP, String causeColumn, String causeEvent,
    List<String> causeCompeting) implements Serializable {

  private static final List<String> TIES = List.of("efron", "breslow");
  private static final List<String> CONF_TYPES = List.of("log-log", "log", "plain");

  static AnalysisSpec read(SettingsReader r) {
    SettingsReader status = r.child("status");
    SettingsReader treatment = r.child("treatment");
    SettingsReader covariates = r.child("covariates");
    List<String> events = status.scalars("event");
    if (events.isEmpty()) {
      throw new InvalidConfigException(status.key("event"), "at least one status value must mean the event");
    }
    String reference = treatment.nonEmptyString("reference");
    String treated = treatment.nonEmptyString("treated");
    if (reference.equals(treated)) {
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
    List<String> categorical = covariates.strings("categorical");
    List<String> continuous = covariates.strings("continuous");
    SettingsReader table1 = r.child("table1");
    boolean table1Given = !table1.strings("categorical").isEmpty() || !table1.strings("continuous").isEmpty();
    AnalysisSpec spec = new AnalysisSpec(r.string("input"), r.string("output"), r.string("id"), r.nonEmptyString("time"),
        status.nonEmptyString("column"), events, treatment.nonEmptyString("column"), reference, treated,
        categorical, continuous, r.strings("strata"), r.strings("subgroups"), times, tau, ties, confType,
        r.numberIn("conf-level", 0.5, 0.999), table1Given ? table1.strings("categorical") : categorical,
        table1Given ? table1.strings("continuous") : continuous, r.numbers("landmarks"),
        r.child("e-value").raw().getBoolean("rare-outcome"), PropensitySpec.read(r.child("propensity")),
        r.numberIn("screening-p", 0, 1), r.child("cause").string("column"), r.child("cause").string("event"),
        r.child("cause").scalars("competing"));
    for (double l : spec.landmarks()) {
      if (!(l > 0)) {
        throw new InvalidConfigException(r.key("landmarks"), "landmarks must be positive times");
      }
    }
    spec.checkColumnRoles(r);
    return spec;
  }

  private void checkColumnRoles(SettingsReader r) {
    Set<String> seen = new HashSet<>(List.of(time, statusColumn, treatmentColumn));
    if (seen.size() < 3) {
      throw new InvalidConfigException(r.key("time"), "time, status and treatment must be different columns");
    }
    for (String c : covariateColumns()) {
      if (!seen.add(c)) {
        throw new InvalidConfigException(r.key("covariates"), "column '" + c + "' is used twice");
      }
    }
  }

  public List<String> covariateColumns() {
    List<String> all = new ArrayList<>(categorical);
    all.addAll(continuous);
    return all;
  }

  /** Every column an analysis reads, in a stable order. */
  public List<String> usedColumns() {
    Set<String> cols = new java.util.LinkedHashSet<>(List.of(time, statusColumn, treatmentColumn));
    cols.addAll(covariateColumns());
    cols.addAll(strata);
    cols.addAll(subgroups);
    cols.addAll(table1Categorical);
    cols.addAll(table1Continuous);
    return List.copyOf(cols);
  }
}
