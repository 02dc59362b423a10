package org.npcoutcomes.plan;

/**
 * The cohort rows of one population (a row may repeat in a matched sample with replacement), with the
 * population's case weights or matched sets, and the time its clock starts (a landmark).
 */
record PopulationRows(int[] rows, double[] weight, int[] cluster, double shift) {
  static PopulationRows of(int[] rows) {
    return new PopulationRows(rows, null, null, 0);
  }
}
