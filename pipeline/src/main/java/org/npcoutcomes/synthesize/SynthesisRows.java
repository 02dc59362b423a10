package org.npcoutcomes.synthesize;

/** Row types of the synthesis marts (columns in snake case; documented in docs/marts.md). */
public final class SynthesisRows {
  private SynthesisRows() {}

  /** synthesis_study: one row per pooled estimate. */
  public record StudyRow(int studyIndex, String study, String source, String labels, String measure,
      String scale, double estimate, double se, double lower, double upper, double effect, double effectLower,
      double effectUpper, Long events, Long total, boolean corrected, double weightCommon, double weightRandom,
      String suppressed) {}

  /** synthesis_pooled: one row per model. */
  public record PooledRow(String model, String method, String test, boolean primary, String measure,
      String scale, int k, double estimate, Double se, Double lower, Double upper, double effect,
      Double effectLower, Double effectUpper, Double predictionLower, Double predictionUpper, Double statistic,
      Double testDf, Double pValue, Double tau2, Double tau2Lower, Double tau2Upper, Double i2, Double i2Lower,
      Double i2Upper, Double i2FromQ, Double h2, Double h2Lower, Double h2Upper, Double q, Integer qDf, Double qP,
      String note) {}

  /** synthesis_bias: small-study effects (Egger's regression test). */
  public record BiasRow(String test, String model, int k, Double slope, Double statistic, Double df,
      Double pValue, Double limitEstimate, Double limitLower, Double limitUpper, Double limitEffect, String note) {}

  /** synthesis_leave_one_out: the primary model refitted without each study. */
  public record LeaveOneOutRow(int omittedIndex, String omittedStudy, String model, String method, String test,
      int k, double estimate, double se, Double lower, Double upper, double effect, Double effectLower,
      Double effectUpper, Double pValue, double q, double qP, double tau2, double i2, double h2) {}

  /** A double as a nullable column: NaN and infinities become null. */
  static Double orNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
