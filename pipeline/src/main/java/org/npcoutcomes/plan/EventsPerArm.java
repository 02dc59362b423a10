package org.npcoutcomes.plan;

import java.util.List;
import org.npcoutcomes.config.AnalysisSpec;

/**
 * Events per arm of a population, as a fit diagnostic of its hazard ratio: with no event in an arm the
 * treatment coefficient runs off to infinity (coxph then warns that it ran out of iterations, or that the
 * coefficient may be infinite), so such a model is flagged whatever the fit says.
 */
final class EventsPerArm {
  private EventsPerArm() {}

  static void flag(CohortArrays rows, AnalysisSpec spec, List<String> messages) {
    long[] events = new long[2];
    long[] patients = new long[2];
    for (int i = 0; i < rows.size(); i++) {
      patients[rows.treated[i]]++;
      events[rows.treated[i]] += rows.event[i] ? 1 : 0;
    }
    String[] arms = {spec.referenceArm(), spec.treatedArm()};
    for (int a = 0; a < 2; a++) {
      if (patients[a] > 0 && events[a] == 0) {
        messages.add(TaskStatus.WARNING + "no events in arm " + arms[a] + ": its hazard ratio is not estimable");
      }
    }
  }
}
