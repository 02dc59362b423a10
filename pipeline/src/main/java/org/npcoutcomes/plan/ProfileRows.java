package org.npcoutcomes.plan;

import java.util.List;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.ProfileGrid;
import org.npcoutcomes.stats.ProfilePoint;

/**
 * The {@code likelihood_profile} rows of one Cox model: the profile log partial likelihood of its treatment
 * coefficient (term 0) on {@link ProfileGrid}'s grid around the fit, however the model's rows are held
 * (the caller says how to evaluate the profile). A profile that cannot be computed is noted in the task's
 * messages and leaves the model's other results as they are.
 */
final class ProfileRows {
  /** The profile at the given log hazard ratios, ascending. */
  interface Profiler {
    List<ProfilePoint> at(double[] betas);
  }

  private ProfileRows() {}

  static void add(RowKey key, CoxFit fit, Profiler profiler, List<String> messages, AnalysisResult out) {
    double[] grid = ProfileGrid.around(fit.coef()[0], fit.se()[0]);
    List<ProfilePoint> points = EstimateFamilies.attempt(messages, "likelihood profile", () -> profiler.at(grid));
    if (points == null) {
      return;
    }
    for (int k = 0; k < points.size(); k++) {
      ProfilePoint p = points.get(k);
      out.profile.add(new AnalysisResult.ProfileRow(key.analysisId(), key.outcome(), key.population(), key.model(),
          fit.terms()[0], k, p.beta(), p.logLik(), p.d1(), p.d2()));
    }
  }
}
