package org.npcoutcomes.plan;

import java.io.Serializable;

/**
 * One unit of analysis work: the whole cohort, or the patients of one level of a subgroup variable.
 * Tasks are data, so the plan can be listed, logged and computed in parallel by executors.
 */
public record AnalysisTask(String analysisId, String subgroupVariable, String subgroupLevel) implements Serializable {
  public static final String OVERALL = "overall";

  public static AnalysisTask overall() {
    return new AnalysisTask(OVERALL, null, null);
  }

  public static AnalysisTask subgroup(String variable, String level) {
    return new AnalysisTask(variable + "=" + level, variable, level);
  }

  public boolean isOverall() {
    return subgroupVariable == null;
  }
}
