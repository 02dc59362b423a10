package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.npcoutcomes.config.AnalysisSpec;

/**
 * Computes one task on an executor from the cohort table: takes the task's outcome and population, runs its
 * estimate family and records how it went (ok, partial, skipped or failed, with the reason) and how long it
 * took. A failing task never stops the others.
 */
final class TaskRunner implements Serializable {
  private final AnalysisSpec spec;

  TaskRunner(AnalysisSpec spec) {
    this.spec = spec;
  }

  AnalysisResult run(AnalysisTask task, CohortTable table, Adjustments adjustments) {
    long started = System.nanoTime();
    AnalysisResult out = new AnalysisResult();
    List<String> messages = new ArrayList<>();
    EstimateFamilies families = new EstimateFamilies(spec);
    // the population's rows, and the rows and events the estimate used, once known
    CohortArrays[] input = {null};
    EstimateFamilies.Used[] used = {null};
    String status = TaskStatus.of(messages, () -> {
      if (task.family() == AnalysisTask.Family.PROPENSITY) {
        input[0] = propensityRows(table);
        out.adjustments = new PropensityAnalysis(spec).run(task.analysisId(), input[0], out, messages);
        used[0] = new EstimateFamilies.Used(input[0].size(), input[0].events());
      } else {
        int outcome = spec.outcomeIndex(task.outcome());
        if (task.population().adjusted() && adjustments == null) {
          throw new EstimateFamilies.SkippedException("no propensity adjustment to define this population");
        }
        if (task.population().adjusted() && adjustments.unusable() != null) {
          throw new IllegalStateException(adjustments.unusable() + ": no estimate in the populations it adjusts");
        }
        if (task.population().kind() == Population.Kind.MATCHED && adjustments.matchedRows() == null) {
          throw new EstimateFamilies.SkippedException("matching is off");
        }
        input[0] = table.arrays(outcome, table.rows(task.population(), outcome, adjustments));
        used[0] = families.run(task, new InMemoryPopulation(spec, input[0]), messages, out);
      }
    });
    CohortArrays data = input[0];
    if (used[0] == null && data != null) {
      // a task skipped by its guards reports the population it looked at
      used[0] = new EstimateFamilies.Used(data.size(), data.events());
    }
    long nRows = data == null ? 0 : data.nRows;
    long dropped = data == null ? 0 : data.nDroppedMissing;
    if (data != null && data.nOtherTreatment > 0) {
      messages.add(data.nOtherTreatment + " rows in neither arm left out");
    }
    out.plan = new AnalysisResult.PlanRow(task.analysisId(), task.outcome(), task.population().name(),
        task.family().label, task.model(), "in_memory", nRows, dropped, used[0] == null ? 0 : used[0].rows(),
        used[0] == null ? 0 : used[0].events(), status, String.join("; ", messages),
        (System.nanoTime() - started) / 1e9);
    return out;
  }

  /** Complete cases of the whole cohort for the primary outcome: the population the score is modelled on. */
  private CohortArrays propensityRows(CohortTable table) {
    CohortArrays all = table.arrays(0, PopulationRows.of(table.allRows())).withoutStrata();
    return all.subset(all.complete(true));
  }
}
