package org.npcoutcomes.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.npcoutcomes.design.LevelOrder;

/**
 * What to analyse in a cohort table (the {@code analyze} block): outcomes, populations (the whole cohort,
 * subgroups, sites, landmarks, and the matched and weighted populations of the propensity block) and models. The
 * same spec serves the registry run and any other cohort given to {@code --job analyze}.
 */
public record AnalysisSpec(String input, String output, String id, List<AnalysisOutcome> outcomes,
    String treatmentColumn, String referenceArm, String treatedArm, List<String> categorical, List<String> continuous,
    List<String> strata, List<String> subgroups, List<String> sites, List<Double> times, double rmstTau, String ties,
    String confType, double confLevel, List<String> table1Categorical, List<String> table1Continuous,
    List<Double> landmarks, boolean eValueRareOutcome, PropensitySpec propensity, double screeningP,
    List<String> models, int maxInMemoryRows, int minRowsPerArm, int minEventsPerArm, LevelOrder levels)
    implements Serializable {

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
    List<String> sites = r.strings("sites");
    for (int s = 0; s < sites.size(); s++) {
      if (sites.get(s).isBlank()) {
        throw new InvalidConfigException(r.key("sites"), "a site column name must not be empty");
      }
      if (sites.indexOf(sites.get(s)) < s) {
        throw new InvalidConfigException(r.key("sites"), "column '" + sites.get(s) + "' is listed twice");
      }
      if (sites.get(s).equals(treatment.string("column"))) {
        throw new InvalidConfigException(r.key("sites"), "the treatment column cannot be a site column");
      }
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
        categorical, continuous, r.strings("strata"), r.strings("subgroups"), sites, times, tau, ties, confType,
        r.numberIn("conf-level", 0.5, 0.999), table1Given ? table1.strings("categorical") : categorical,
        table1Given ? table1.strings("continuous") : continuous, r.numbers("landmarks"),
        r.child("e-value").raw().getBoolean("rare-outcome"), PropensitySpec.read(r.child("propensity")),
        r.numberIn("screening-p", 0, 1), List.copyOf(new LinkedHashSet<>(models)), maxInMemory, minRows,
        minEvents, new LevelOrder(declaredLevels(r), Map.of(), referenceLevels(covariates), Set.of()));
    for (double l : spec.landmarks()) {
      if (!(l > 0)) {
        throw new InvalidConfigException(r.key("landmarks"), "landmarks must be positive times");
      }
    }
    spec.checkColumnRoles(r);
    spec.checkLevelVariables(r);
    return spec;
  }

  /** {@code analyze.levels}: variable -> its levels in the order a reader expects. */
  private static Map<String, List<String>> declaredLevels(SettingsReader r) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String variable : r.child("levels").raw().root().keySet()) {
      List<String> levels = r.child("levels").scalars(quoted(variable));
      if (new HashSet<>(levels).size() < levels.size()) {
        throw new InvalidConfigException(r.key("levels." + variable), "a level is listed twice");
      }
      out.put(variable, levels);
    }
    return out;
  }

  /** {@code analyze.covariates.reference}: variable -> its reference level (R's relevel). */
  private static Map<String, String> referenceLevels(SettingsReader covariates) {
    Map<String, String> out = new LinkedHashMap<>();
    SettingsReader reference = covariates.child("reference");
    for (String variable : reference.raw().root().keySet()) {
      out.put(variable, reference.nonEmptyString(quoted(variable)));
    }
    return out;
  }

  /** A column name as one HOCON path element, whatever characters it has. */
  private static String quoted(String name) {
    return com.typesafe.config.ConfigUtil.joinPath(name);
  }

  /**
   * A reference level may only name a categorical variable the analysis uses, and a level its declared order
   * lists. (A declared order of a column this analysis does not use is harmless: a shared config may declare
   * orders for columns that only some analyses read.)
   */
  private void checkLevelVariables(SettingsReader r) {
    Set<String> categoricalColumns = new HashSet<>(categorical);
    categoricalColumns.addAll(groupings());
    categoricalColumns.addAll(strata);
    categoricalColumns.addAll(table1Categorical);
    for (Map.Entry<String, String> e : levels.reference().entrySet()) {
      String variable = e.getKey();
      if (!categoricalColumns.contains(variable)) {
        throw new InvalidConfigException(r.key("covariates.reference." + variable), "'" + variable
            + "' is not a categorical covariate, subgroup, site, stratum or Table 1 variable of the analysis");
      }
      List<String> declared = levels.declared().get(variable);
      if (declared != null && !declared.contains(e.getValue())) {
        throw new InvalidConfigException(r.key("covariates.reference." + variable), "'" + e.getValue()
            + "' is not one of the levels declared in analyze.levels." + variable + ": " + declared);
      }
    }
  }

  /** This spec with the level orders of the cohort stage's derived covariates (bins, groups, site counts). */
  public AnalysisSpec withDeclaredLevels(Map<String, List<String>> cohortLevels, Set<String> unknownLevels) {
    return new AnalysisSpec(input, output, id, outcomes, treatmentColumn, referenceArm, treatedArm, categorical,
        continuous, strata, subgroups, sites, times, rmstTau, ties, confType, confLevel, table1Categorical,
        table1Continuous, landmarks, eValueRareOutcome, propensity, screeningP, models, maxInMemoryRows,
        minRowsPerArm, minEventsPerArm, levels.withDerived(cohortLevels, unknownLevels));
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

  /**
   * The columns that split the cohort into populations, read together: the subgroup variables, then the
   * site columns that are not also subgroups. A subgroup's position here is its position in {@link #subgroups}.
   */
  public List<String> groupings() {
    LinkedHashSet<String> all = new LinkedHashSet<>(subgroups);
    all.addAll(sites);
    // a list that answers indexOf(null) with -1, as the callers asking for a population's variable expect
    return java.util.Collections.unmodifiableList(new ArrayList<>(all));
  }

  public List<String> covariateColumns() {
    List<String> all = new ArrayList<>(categorical);
    all.addAll(continuous);
    return all;
  }
}
