package org.npcoutcomes.plan;

import java.io.Serializable;

/**
 * One unit of analysis work: one estimate family (Kaplan–Meier, log-rank, one Cox model, …) for one outcome
 * in one population. Tasks are data, so the plan can be listed, published and computed in parallel by
 * executors; {@code analysisId} keys every mart row the task writes.
 */
public record AnalysisTask(String analysisId, String outcome, Population population, Family family, String model)
    implements Serializable {

  /** Families of estimates; {@code label} is the family's name in analysis_plan and in analysis ids. */
  public enum Family {
    KAPLAN_MEIER("kaplan_meier"), LOG_RANK("log_rank"), COX("cox"), INTERACTION("interaction"),
    CUMULATIVE_INCIDENCE("cumulative_incidence"), FINE_GRAY("fine_gray"), PROPENSITY("propensity");

    public final String label;

    Family(String label) {
      this.label = label;
    }
  }

  public static AnalysisTask of(String outcome, Population population, Family family, String model) {
    String id = (outcome == null ? "-" : outcome) + "/" + population.name() + "/" + family.label
        + (model == null || model.equals(family.label) ? "" : ":" + model);
    return new AnalysisTask(id, outcome, population, family, model == null ? family.label : model);
  }
}
