package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import org.npcoutcomes.propensity.LogisticFit;

/**
 * The diagnostics of a fitted propensity model, and whether the populations it would define can be analysed:
 * a model that did not converge or that separates the arms (fitted probabilities at 0 or 1, or a score that
 * orders every treated patient above every reference one: c-statistic 1) has no usable weights or matches, so
 * no matched or weighted estimate is published from it. Aliased terms are left out with a warning, as glm does,
 * and the model stays usable.
 */
record PropensityFlags(List<String> warnings, String unusable) {

  static PropensityFlags of(LogisticFit fit, double cStatistic) {
    List<String> warnings = new ArrayList<>(fit.warnings());
    List<String> reasons = new ArrayList<>();
    if (!fit.converged()) {
      reasons.add("did not converge");
    }
    if (fit.separated()) {
      reasons.add("fitted probabilities reach 0 or 1");
    }
    if (cStatistic >= 1) {
      warnings.add("complete separation: the score puts every treated patient above every reference one "
          + "(c-statistic 1)");
      reasons.add("complete separation");
    }
    return new PropensityFlags(List.copyOf(warnings), reasons.isEmpty() ? null
        : "the propensity model is unusable (" + String.join(", ", reasons) + ")");
  }

  /** The warnings in one line, or null when there are none (the propensity_model mart's warning column). */
  String line() {
    return warnings.isEmpty() ? null : String.join("; ", warnings);
  }
}
