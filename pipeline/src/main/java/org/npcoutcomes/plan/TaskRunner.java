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
    SurvivalAnalysis survival = new SurvivalAnalysis(spec);
    RowKey key = RowKey.of(task);
    // the rows the task used, once known
    CohortArrays[] used = {null};
    String status = TaskStatus.of(messages, () -> {
      if (task.family() == AnalysisTask.Family.PROPENSITY) {
        used[0] = propensityRows(table);
        out.adjustments = new PropensityAnalysis(spec).run(task.analysisId(), used[0], out, messages);
      } else {
        int outcome = spec.outcomeIndex(task.outcome());
        if (task.population().adjusted() && adjustments == null) {
          throw new SurvivalAnalysis.SkippedException("no propensity adjustment to define this population");
        }
        if (task.population().adjusted() && adjustments.unusable() != null) {
          throw new IllegalStateException(adjustments.unusable() + ": no estimate in the populations it adjusts");
        }
        if (task.population().kind() == Population.Kind.MATCHED && adjustments.matchedRows() == null) {
          throw new SurvivalAnalysis.SkippedException("matching is off");
        }
        CohortArrays input = table.arrays(outcome, table.rows(task.population(), outcome, adjustments));
        used[0] = input;
        FamilyGuards.check(task.family(), input, spec, messages);
        switch (task.family()) {
          case KAPLAN_MEIER -> survival.kaplanMeier(key, input, out);
          case LOG_RANK -> survival.logRank(key, input, messages, out);
          case COX -> used[0] = survival.cox(key, input, messages, out);
          case INTERACTION -> survival.interaction(key, input, task.model(), messages, out);
          case CUMULATIVE_INCIDENCE -> survival.cumulativeIncidence(key, CompetingRows.of(input), out);
          case FINE_GRAY -> {
            survival.fineGray(key, CompetingRows.of(input), out);
            if (out.hazard.stream().anyMatch(h -> !h.converged())) {
              messages.add(TaskStatus.WARNING + "the Fine-Gray model did not converge");
            }
          }
          default -> throw new IllegalStateException("no runner for " + task.family());
        }
      }
    });
    CohortArrays data = used[0];
    long nRows = data == null ? 0 : data.nRows;
    long dropped = data == null ? 0 : data.nDroppedMissing;
    if (data != null && data.nOtherTreatment > 0) {
      messages.add(data.nOtherTreatment + " rows in neither arm left out");
    }
    out.plan = new AnalysisResult.PlanRow(task.analysisId(), task.outcome(), task.population().name(),
        task.family().label, task.model(), "in_memory", nRows, dropped, data == null ? 0 : data.size(),
        data == null ? 0 : data.events(), status, String.join("; ", messages),
        (System.nanoTime() - started) / 1e9);
    return out;
  }

  /** Complete cases of the whole cohort for the primary outcome: the population the score is modelled on. */
  private CohortArrays propensityRows(CohortTable table) {
    CohortArrays all = table.arrays(0, PopulationRows.of(table.allRows())).withoutStrata();
    return all.subset(all.complete(true));
  }
}
