package org.npcoutcomes.plan;

/**
 * One cohort row as an analysis reads it: treatment, each outcome's time and status value, covariates,
 * strata, grouping values (subgroup variables, then site columns) and id (null where missing).
 */
record CohortRecord(String treatment, Double[] times, String[] statuses, String[] categorical, Double[] continuous,
    String[] strata, String[] subgroups, String id) {

  /** The strata values as one label, or null when one is missing ("" when the spec has no strata). */
  String stratumLabel() {
    StringBuilder label = new StringBuilder();
    for (int c = 0; c < strata.length; c++) {
      if (strata[c] == null) {
        return null;
      }
      label.append(c == 0 ? "" : "|").append(strata[c]);
    }
    return label.toString();
  }
}
