package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.propensity.EValue;
import org.npcoutcomes.stats.CoxCoefficient;
import org.npcoutcomes.stats.ConcordanceIndex;
import org.npcoutcomes.stats.CoxFit;

/** A fitted Cox model as rows of the hazard_ratio and cox_model marts. */
final class HazardRows {
  private HazardRows() {}

  static List<AnalysisResult.HazardRow> hazard(RowKey key, CoxFit fit, AnalysisSpec spec) {
    String warning = String.join("; ", fit.warnings());
    List<AnalysisResult.HazardRow> rows = new ArrayList<>();
    List<CoxCoefficient> coefficients = fit.coefficients(spec.confLevel());
    for (int k = 0; k < coefficients.size(); k++) {
      CoxCoefficient c = coefficients.get(k);
      EValue.Result e = k == 0 ? EValue.forHazardRatio(c.hazardRatio(), c.lower(), c.upper(),
          !spec.eValueRareOutcome()) : null;
      rows.add(new AnalysisResult.HazardRow(key.analysisId(), key.outcome(), key.population(), key.model(), k, c.term(), c.coef(), c.se(),
          Double.isNaN(c.robustSe()) ? null : c.robustSe(), c.hazardRatio(), c.lower(), c.upper(), c.pValue(), fit.n(),
          Math.round(fit.events()), spec.ties(), fit.converged(), warning.isEmpty() ? null : warning,
          e == null ? null : e.estimate(), e == null ? null : e.limit()));
    }
    return rows;
  }

  /** {@code referenceLevels}: the reference level of each categorical covariate, "variable=level; ...". */
  static AnalysisResult.ModelFitRow modelFit(RowKey key, CoxFit fit, ConcordanceIndex.Result r,
      String referenceLevels) {
    return new AnalysisResult.ModelFitRow(key.analysisId(), key.outcome(), key.population(), key.model(), fit.n(), Math.round(fit.events()), fit.logLikNull(),
        fit.logLik(), fit.likelihoodRatio().statistic(), fit.likelihoodRatio().df(), fit.likelihoodRatio().pValue(),
        fit.wald().statistic(), fit.wald().pValue(), fit.score().statistic(), fit.score().pValue(), fit.iterations(),
        fit.converged(), r.concordance(), r.stdErr(), referenceLevels);
  }
}
