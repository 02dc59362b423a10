package org.npcoutcomes.plan;

import java.io.Serializable;

/**
 * One unit of analysis work: the whole cohort, or the patients of one level of a subgroup variable.
 * Tasks are data, so the plan can be listed, logged and computed in parallel by executors.
 */
public record AnalysisTask(String analysisId, String subgroupVariable, String subgroupLevel, Double landmark)
    implements Serializable {
  public static final String OVERALL = "overall";

  public static AnalysisTask overall() {
    return new AnalysisTask(OVERALL, null, null, null);
  }

  public static AnalysisTask subgroup(String variable, String level) {
    return new AnalysisTask(variable + "=" + level, variable, level, null);
  }

  /** Patients still followed at {@code time}, with time measured from there. */
  public static AnalysisTask landmark(double time) {
    return new AnalysisTask(landmarkId(time), null, null, time);
  }

  static String landmarkId(double time) {
    return "landmark=" + (time == Math.rint(time) ? Long.toString((long) time) : Double.toString(time));
  }

  public boolean isOverall() {
    return subgroupVariable == null && landmark == null;
  }
}
