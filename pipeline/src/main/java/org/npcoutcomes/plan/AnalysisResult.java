package org.npcoutcomes.plan;

import java.util.List;

/** Everything one analysis task produced, as rows of the result marts (plain Java, no Spark). */
public record AnalysisResult(Info info, List<KmRow> km, List<SummaryRow> summary, List<AtTimeRow> atTime,
    List<LogRankRow> logRank, List<HazardRow> hazard, List<ModelFitRow> modelFit, List<RmstDifferenceRow> rmstDifference,
    List<PhTestRow> phTest, List<InteractionRow> interaction, List<BalanceRow> balance,
    List<AdjustmentRow> adjustment, List<ScoreBinRow> scoreBins, List<ScoreRow> scores, List<PairRow> pairs,
    List<IncidenceRow> incidence, List<GrayTestRow> grayTest) {

  /** One row of the {@code analyses} mart: what was analysed and what was dropped. */
  public record Info(String analysisId, String subgroupVariable, String subgroupLevel, long nRows,
      long nDroppedMissing, long nAnalysed, long events, String status, String messages) {}

  public record KmRow(String analysisId, String arm, double time, double nRisk, double nEvent, double nCensor,
      double survival, double stdErr, double lower, double upper) {}

  public record SummaryRow(String analysisId, String arm, long n, long events, double median, double medianLower,
      double medianUpper, double rmstTau, double rmst, double rmstSe, double observed, double expected) {}

  public record AtTimeRow(String analysisId, String arm, double time, double nRisk, double nEvent, double survival,
      double stdErr, double lower, double upper, boolean beyondLastFollowUp) {}

  public record LogRankRow(String analysisId, String method, String strata, double chisq, int df, double pValue) {}

  public record HazardRow(String analysisId, String model, int termIndex, String term, double coef, double se, Double robustSe,
      double hazardRatio, double lower, double upper, double pValue, long n, long events, String ties,
      boolean converged, String warning, Double eValue, Double eValueLimit) {}

  /** Fit statistics of one Cox model: likelihoods and the global likelihood-ratio, Wald and score tests. */
  public record ModelFitRow(String analysisId, String model, long n, long events, double logLikNull, double logLik,
      double lrStatistic, double df, double lrPValue, double waldStatistic, double waldPValue, double scoreStatistic,
      double scorePValue, int iterations, boolean converged, double concordance, double concordanceSe) {}

  /** Restricted mean survival time of the treated arm minus the reference arm, with its normal-theory CI. */
  public record RmstDifferenceRow(String analysisId, double tau, double difference, double se, double lower,
      double upper, double pValue) {}

  /** Proportional-hazards test of one term of a Cox model (cox.zph, km transform); term GLOBAL for all. */
  public record PhTestRow(String analysisId, String model, String term, double chisq, double df, double pValue) {}

  /** Likelihood-ratio test of treatment x subgroup (Cox, treat * sg against treat + sg). */
  public record InteractionRow(String analysisId, String variable, long n, double chisq, double df, double pValue) {}

  /** Covariate balance of one level (or continuous covariate) under one adjustment. */
  public record BalanceRow(String analysisId, String adjustment, String variable, String level, double smd,
      Double varianceRatio, boolean balanced) {}

  /** One propensity adjustment: who it keeps and how much information is left. */
  public record AdjustmentRow(String analysisId, String adjustment, long nTreated, long nReference,
      double essTreated, double essReference, double cStatistic, long treatedUnmatched, long referenceUnmatched,
      long outsideCommonSupport) {}

  /** Propensity scores of one arm in one bin of width 0.05 (the overlap of the two distributions). */
  public record ScoreBinRow(String analysisId, String arm, double binLower, double binUpper, long n) {}

  /** A patient's propensity score, weights and matched set (restricted: patient level). */
  public record ScoreRow(String analysisId, String id, String arm, double ps, double linearPredictor, Integer subclass,
      double weightAte, double weightAtt, double weightOverlap) {}

  /** A matched treated patient and one of its controls (restricted: patient level). */
  public record PairRow(String analysisId, int subclass, String treatedId, String controlId, double distance) {}

  /** One corner of a cumulative incidence step function (cmprsk::cuminc), per arm and cause. */
  public record IncidenceRow(String analysisId, String arm, String cause, int point, double time, double estimate,
      double variance) {}

  /** Gray's test of equal cumulative incidence of one cause between the arms. */
  public record GrayTestRow(String analysisId, String cause, double statistic, int df, double pValue) {}
}
