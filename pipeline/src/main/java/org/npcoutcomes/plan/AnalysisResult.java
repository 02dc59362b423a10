package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one analysis task produced, as rows of the result marts (plain Java, no Spark). Every row is keyed by
 * the task's {@code analysis_id}, {@code outcome}, {@code population} and {@code model}.
 */
public final class AnalysisResult implements Serializable {
  public final List<KmRow> km = new ArrayList<>();
  public final List<SummaryRow> summary = new ArrayList<>();
  public final List<AtTimeRow> atTime = new ArrayList<>();
  public final List<LogRankRow> logRank = new ArrayList<>();
  public final List<HazardRow> hazard = new ArrayList<>();
  public final List<ModelFitRow> modelFit = new ArrayList<>();
  public final List<RmstDifferenceRow> rmstDifference = new ArrayList<>();
  public final List<PhTestRow> phTest = new ArrayList<>();
  public final List<ProfileRow> profile = new ArrayList<>();
  public final List<InteractionRow> interaction = new ArrayList<>();
  public final List<IncidenceRow> incidence = new ArrayList<>();
  public final List<GrayTestRow> grayTest = new ArrayList<>();
  public final List<PropensityModelRow> propensityModel = new ArrayList<>();
  public final List<BalanceRow> balance = new ArrayList<>();
  public final List<AdjustmentRow> adjustment = new ArrayList<>();
  public final List<ScoreBinRow> scoreBins = new ArrayList<>();
  public final List<ScoreRow> scores = new ArrayList<>();
  public final List<PairRow> pairs = new ArrayList<>();
  /** The adjusted populations a propensity task defines (null for other tasks). */
  public Adjustments adjustments;
  /** The task's row of the analysis_plan mart, filled in when the task is done. */
  public PlanRow plan;

  /** One row of the {@code analysis_plan} mart: one task, what it used and how it went. */
  public record PlanRow(String analysisId, String outcome, String population, String family, String model,
      String method, long nRows, long nDroppedMissing, long nAnalysed, long events, String status, String messages,
      double seconds) implements Serializable {}

  public record KmRow(String analysisId, String outcome, String population, String model, String arm, double time,
      double nRisk, double nEvent, double nCensor, double survival, double stdErr, double lower, double upper)
      implements Serializable {}

  public record SummaryRow(String analysisId, String outcome, String population, String model, String arm, long n,
      long events, double median, double medianLower, double medianUpper, double rmstTau, double rmst, double rmstSe,
      double observed, double expected) implements Serializable {}

  public record AtTimeRow(String analysisId, String outcome, String population, String model, String arm,
      double time, double nRisk, double nEvent, double survival, double stdErr, double lower, double upper,
      boolean beyondLastFollowUp) implements Serializable {}

  public record LogRankRow(String analysisId, String outcome, String population, String model, String method,
      String strata, double chisq, int df, double pValue) implements Serializable {}

  public record HazardRow(String analysisId, String outcome, String population, String model, int termIndex,
      String term, double coef, double se, Double robustSe, double hazardRatio, double lower, double upper,
      double pValue, long n, long events, String ties, boolean converged, String warning, Double eValue,
      Double eValueLimit) implements Serializable {}

  /** Fit statistics of one Cox model: likelihoods and the global likelihood-ratio, Wald and score tests. */
  public record ModelFitRow(String analysisId, String outcome, String population, String model, long n, long events,
      double logLikNull, double logLik, double lrStatistic, double df, double lrPValue, double waldStatistic,
      double waldPValue, double scoreStatistic, double scorePValue, int iterations, boolean converged,
      double concordance, double concordanceSe, String referenceLevels) implements Serializable {}

  /** Restricted mean survival time of the treated arm minus the reference arm, with its normal-theory CI. */
  public record RmstDifferenceRow(String analysisId, String outcome, String population, String model, double tau,
      double difference, double se, double lower, double upper, double pValue) implements Serializable {}

  /** Proportional-hazards test of one term of a Cox model (cox.zph, km transform); term GLOBAL for all. */
  public record PhTestRow(String analysisId, String outcome, String population, String model, String term,
      double chisq, double df, double pValue) implements Serializable {}

  /**
   * One grid point of the profile log partial likelihood of a Cox model's treatment coefficient (log hazard
   * ratio {@code beta}), with its first and second derivatives: no counts, so sites can share it for pooling.
   */
  public record ProfileRow(String analysisId, String outcome, String population, String model, String term,
      int point, double beta, double logLik, double d1, double d2) implements Serializable {}

  /** Likelihood-ratio test of treatment x subgroup (Cox, treat * sg against treat + sg). */
  public record InteractionRow(String analysisId, String outcome, String population, String model, String variable,
      long n, double chisq, double df, double pValue) implements Serializable {}

  /** One corner of a cumulative incidence step function (cmprsk::cuminc), per arm and cause. */
  public record IncidenceRow(String analysisId, String outcome, String population, String model, String arm,
      String cause, int point, double time, double estimate, double variance) implements Serializable {}

  /** Gray's test of equal cumulative incidence of one cause between the arms. */
  public record GrayTestRow(String analysisId, String outcome, String population, String model, String cause,
      double statistic, int df, double pValue) implements Serializable {}

  /**
   * One coefficient of the logistic propensity model, with the model's fit and discrimination and its warnings
   * (aliased terms, non-convergence, separation; null when none).
   */
  public record PropensityModelRow(String analysisId, String population, String model, int termIndex, String term,
      double coef, double se, double z, double pValue, long n, long nTreated, double deviance, double nullDeviance,
      double aic, int iterations, boolean converged, double cStatistic, String referenceLevels,
      String warning) implements Serializable {}

  /** Covariate balance of one level (or continuous covariate) under one adjustment. */
  public record BalanceRow(String analysisId, String population, String model, String variable, String level,
      double smd, Double varianceRatio, boolean balanced) implements Serializable {}

  /** One propensity adjustment: who it keeps and how much information is left. */
  public record AdjustmentRow(String analysisId, String population, String model, long nTreated, long nReference,
      double essTreated, double essReference, double cStatistic, long treatedUnmatched, long referenceUnmatched,
      long outsideCommonSupport) implements Serializable {}

  /** Propensity scores of one arm in one bin of width 0.05 (the overlap of the two distributions). */
  public record ScoreBinRow(String analysisId, String population, String model, String arm, double binLower,
      double binUpper, long n) implements Serializable {}

  /** A patient's propensity score, weights and matched set (restricted: patient level). */
  public record ScoreRow(String analysisId, String population, String model, String id, String arm, double ps,
      double linearPredictor, Integer subclass, double weightAte, double weightAtt, double weightOverlap)
      implements Serializable {}

  /** A matched treated patient and one of its controls (restricted: patient level). */
  public record PairRow(String analysisId, String population, String model, int subclass, String treatedId,
      String controlId, double distance) implements Serializable {}
}
