package org.npcoutcomes.plan;

/**
 * The checks a population passes before an estimate family runs on it, the same whichever path computes the
 * family (rows in memory or totals aggregated by Spark), so that a population gets one status on both: no
 * rows, no events for a test or hazard ratio, or one arm only, each a {@code skipped} task with its reason.
 */
final class FamilyGuards {
  static final String ONE_ARM = "only one arm present: no log-rank test or hazard ratio";

  private FamilyGuards() {}

  /**
   * @param rows rows with the outcome and treatment known, per arm (reference, treated)
   * @param events events of the outcome among them
   */
  static void check(AnalysisTask.Family family, long[] rows, long events) {
    if (rows[0] + rows[1] == 0) {
      throw new SurvivalAnalysis.SkippedException("no rows with the outcome and treatment known");
    }
    boolean test = family == AnalysisTask.Family.COX || family == AnalysisTask.Family.LOG_RANK
        || family == AnalysisTask.Family.INTERACTION;
    if (test && events == 0) {
      throw new SurvivalAnalysis.SkippedException("no events: no test or hazard ratio");
    }
    if (test && (rows[0] == 0 || rows[1] == 0)) {
      throw new SurvivalAnalysis.SkippedException(ONE_ARM);
    }
  }
}
