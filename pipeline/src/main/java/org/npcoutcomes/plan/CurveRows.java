package org.npcoutcomes.plan;

import java.util.List;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.stats.KaplanMeierCurve;
import org.npcoutcomes.stats.MedianSurvival;
import org.npcoutcomes.stats.RestrictedMean;
import org.npcoutcomes.stats.SurvivalAtTime;

/** One arm's Kaplan–Meier curve as rows of the km_curve, survival_summary and survival_at_time marts. */
record CurveRows(List<AnalysisResult.KmRow> km, List<AnalysisResult.SummaryRow> summary,
    List<AnalysisResult.AtTimeRow> atTime) {

  /** Adds one arm's curve, however it was computed; {@code n} and {@code events} are unweighted counts. */
  RestrictedMean add(AnalysisSpec spec, RowKey key, String arm, KaplanMeierCurve curve, long n, long events,
      boolean weighted, double observed, double expected) {
    for (int i = 0; i < curve.time().length; i++) {
      km.add(new AnalysisResult.KmRow(key.analysisId(), key.outcome(), key.population(), key.model(), arm, curve.time()[i], curve.nRisk()[i], curve.nEvent()[i],
          curve.nCensor()[i], curve.survival()[i], curve.stdErr()[i], curve.lower()[i], curve.upper()[i]));
    }
    MedianSurvival median = curve.median();
    RestrictedMean rmst = curve.rmst(spec.rmstTau());
    double rmstSe = weighted ? Double.NaN : rmst.stdErr();
    summary.add(new AnalysisResult.SummaryRow(key.analysisId(), key.outcome(), key.population(), key.model(), arm, n, events, median.median(), median.lower(),
        median.upper(), rmst.tau(), rmst.estimate(), rmstSe, observed, expected));
    double[] times = spec.times().stream().mapToDouble(Double::doubleValue).toArray();
    for (SurvivalAtTime s : curve.at(times)) {
      atTime.add(new AnalysisResult.AtTimeRow(key.analysisId(), key.outcome(), key.population(), key.model(), arm, s.time(), s.nRisk(), s.nEvent(), s.survival(), s.stdErr(),
          s.lower(), s.upper(), s.beyondLastFollowUp()));
    }
    return new RestrictedMean(rmst.tau(), rmst.estimate(), rmstSe);
  }
}
