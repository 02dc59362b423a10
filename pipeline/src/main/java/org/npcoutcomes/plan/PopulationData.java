package org.npcoutcomes.plan;

import java.util.List;
import java.util.SortedMap;
import org.npcoutcomes.design.ModelTerms;
import org.npcoutcomes.stats.ConcordanceIndex;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.CoxZph;
import org.npcoutcomes.stats.KaplanMeierCurve;
import org.npcoutcomes.stats.LogRankResult;
import org.npcoutcomes.stats.ProfilePoint;

/**
 * The rows one estimate reads ({@link ModelRequest}) of one outcome in one population, wherever they are
 * held: rows in memory or totals aggregated where the rows are. Every statistic answers as the in-memory
 * estimator on the same rows, so the estimate families ({@link EstimateFamilies}) are written once against it.
 * In a weighted population the curves and models are weighted; the log-rank test never is.
 */
interface PopulationData {
  /** Unweighted rows and events per arm. */
  ArmCounts counts();

  /** The model's design: its terms, variables and reference levels. */
  ModelTerms terms();

  /** Whether the model's SE is the robust one: a weighted population, or clustered on the matched set. */
  boolean robust();

  /** Kaplan–Meier curve of each arm present (0 reference, 1 treated), weighted in a weighted population. */
  SortedMap<Integer, KaplanMeierCurve> kaplanMeier(String confType, double confLevel);

  /** The G-rho test between the arms, within the strata when the rows are stratified. */
  LogRankResult logRank(double rho);

  CoxFit cox(CoxOptions options);

  /** The profile log partial likelihood of coefficient 0 of {@code fit} at {@code betas}. */
  List<ProfilePoint> coxProfile(CoxOptions options, CoxFit fit, double[] betas);

  /** R's {@code cox.zph(fit)}: per model variable and GLOBAL. */
  List<CoxZph.Result> coxZph(CoxOptions options, CoxFit fit);

  /** Harrell's concordance of the fit's linear predictor (within strata when stratified). */
  ConcordanceIndex.Result concordance(CoxFit fit);
}
