package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.config.AnalysisOutcome;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.plan.AnalysisTask.Family;

/**
 * Expands a spec into its plan: outcomes × populations × estimate families. The base populations (whole
 * cohort, subgroup levels, landmarks) are planned first, with the propensity task that defines the matched and
 * weighted populations; those are planned once it has run.
 */
final class AnalysisPlanner {
  private final AnalysisSpec spec;

  AnalysisPlanner(AnalysisSpec spec) {
    this.spec = spec;
  }

  /**
   * The whole cohort, one population per observed level of each subgroup variable, one per observed level of
   * each site column, one per landmark.
   *
   * @param levels observed levels of each grouping column ({@link AnalysisSpec#groupings})
   */
  List<Population> basePopulations(Map<String, List<String>> levels) {
    List<Population> out = new ArrayList<>(List.of(Population.overall()));
    for (String variable : spec.subgroups()) {
      levels.getOrDefault(variable, List.of()).forEach(l -> out.add(Population.subgroup(variable, l)));
    }
    for (String variable : spec.sites()) {
      levels.getOrDefault(variable, List.of()).forEach(l -> out.add(Population.site(variable, l)));
    }
    spec.landmarks().forEach(l -> out.add(Population.landmark(l)));
    return out;
  }

  /** The matched population (when matching is on) and one weighted population per estimand. */
  List<Population> adjustedPopulations() {
    if (!hasPropensity()) {
      return List.of();
    }
    List<Population> out = new ArrayList<>();
    if (spec.propensity().matching()) {
      out.add(Population.matched());
    }
    spec.propensity().estimands().forEach(e -> out.add(Population.weighted(PropensityAnalysis.weightedPopulation(e))));
    return out;
  }

  boolean hasPropensity() {
    return !PropensityAnalysis.covariates(spec).isEmpty();
  }

  /** The propensity model, matching and weighting of the whole cohort. */
  AnalysisTask propensityTask() {
    return AnalysisTask.of(null, Population.overall(), Family.PROPENSITY, "logistic");
  }

  /** Every task of every outcome in these populations. */
  List<AnalysisTask> tasks(List<Population> populations) {
    List<AnalysisTask> out = new ArrayList<>();
    for (AnalysisOutcome outcome : spec.outcomes()) {
      for (Population p : populations) {
        out.addAll(tasks(outcome, p));
      }
    }
    return out;
  }

  private List<AnalysisTask> tasks(AnalysisOutcome outcome, Population p) {
    String o = outcome.name();
    List<AnalysisTask> out = new ArrayList<>();
    out.add(AnalysisTask.of(o, p, Family.KAPLAN_MEIER, null));
    if (p.kind() != Population.Kind.WEIGHTED) {
      out.add(AnalysisTask.of(o, p, Family.LOG_RANK, null));
    }
    for (String model : models(p)) {
      out.add(AnalysisTask.of(o, p, Family.COX, model));
    }
    if (outcome.hasCompetingEvents() && !p.adjusted()) {
      out.add(AnalysisTask.of(o, p, Family.CUMULATIVE_INCIDENCE, null));
      out.add(AnalysisTask.of(o, p, Family.FINE_GRAY, null));
    }
    if (p.kind() == Population.Kind.OVERALL) {
      spec.subgroups().forEach(v -> out.add(AnalysisTask.of(o, p, Family.INTERACTION, v)));
    }
    return out;
  }

  /** Cox models of a population: the spec's, each also stratified; crude only in an adjusted population. */
  private List<String> models(Population p) {
    List<String> out = new ArrayList<>();
    if (p.adjusted()) {
      out.add("crude");
      if (p.kind() == Population.Kind.MATCHED) {
        out.add(EstimateFamilies.MATCHED_SET_STRATA);
      }
      return out;
    }
    for (String model : spec.models()) {
      if (!model.equals("crude") && spec.covariateColumns().isEmpty()) {
        continue;
      }
      out.add(model);
      if (spec.stratified()) {
        out.add(model + EstimateFamilies.STRATIFIED);
      }
    }
    return out;
  }
}
