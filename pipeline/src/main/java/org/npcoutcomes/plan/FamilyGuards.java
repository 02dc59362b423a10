package org.npcoutcomes.plan;

import java.util.List;
import org.npcoutcomes.config.AnalysisSpec;

/**
 * The checks a population passes before an estimate family runs on it, the same whichever path computes the
 * family (rows in memory or totals aggregated by Spark), so that a population gets one status on both: no
 * rows, no events for a test or hazard ratio, or one arm only, each a {@code skipped} task with its reason;
 * and a hazard ratio with no event in one arm, a {@code warning}: its treatment coefficient runs off to
 * infinity (coxph then warns that it ran out of iterations, or that the coefficient may be infinite), so such
 * a model is flagged whatever the fit says.
 */
final class FamilyGuards {
  static final String ONE_ARM = "only one arm present: no log-rank test or hazard ratio";

  private FamilyGuards() {}

  /** @param counts rows with the outcome and treatment known, and events among them, per arm */
  static void check(AnalysisTask.Family family, ArmCounts counts, AnalysisSpec spec, List<String> messages) {
    long[] rows = counts.rows();
    long[] events = counts.events();
    if (rows[0] + rows[1] == 0) {
      throw new EstimateFamilies.SkippedException("no rows with the outcome and treatment known");
    }
    boolean test = family == AnalysisTask.Family.COX || family == AnalysisTask.Family.LOG_RANK
        || family == AnalysisTask.Family.INTERACTION;
    if (test && events[0] + events[1] == 0) {
      throw new EstimateFamilies.SkippedException("no events: no test or hazard ratio");
    }
    if (test && (rows[0] == 0 || rows[1] == 0)) {
      throw new EstimateFamilies.SkippedException(ONE_ARM);
    }
    if (family == AnalysisTask.Family.COX) {
      String[] arms = {spec.referenceArm(), spec.treatedArm()};
      for (int a = 0; a < 2; a++) {
        if (events[a] == 0) {
          messages.add(TaskStatus.WARNING + "no events in arm " + arms[a] + ": its hazard ratio is not estimable");
        }
      }
    }
  }
}
