package org.npcoutcomes.plan.scale;

import java.io.Serializable;

/**
 * Which columns of a data set hold what: time (numeric, non-negative), event (boolean or 0/1), and
 * optionally group (int code, e.g. arm 0/1), stratum (int code), weight (positive), cluster (long id)
 * and x (array of doubles, the design row). A null name means the column is absent.
 */
public record SurvivalColumns(String time, String event, String group, String stratum, String weight,
    String cluster, String x) implements Serializable {
  public SurvivalColumns {
    if (time == null || event == null) {
      throw new IllegalArgumentException("time and event columns are required");
    }
  }
}
