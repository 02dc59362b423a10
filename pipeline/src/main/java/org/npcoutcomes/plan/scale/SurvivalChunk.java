package org.npcoutcomes.plan.scale;

import java.io.Serializable;

/**
 * Up to a few tens of thousands of rows held column by column in primitive arrays: the compact form the
 * data is cached in, about 8 (p + 2) bytes a row. Absent optional columns are null.
 */
final class SurvivalChunk implements Serializable {
  private static final long serialVersionUID = 1L;

  final int size;
  final int p;
  final double[] time;
  final boolean[] event;
  final int[] group;
  final int[] stratum;
  final double[] weight;
  final long[] cluster;
  /** x[i * p + j] */
  final double[] x;

  SurvivalChunk(int size, int p, double[] time, boolean[] event, int[] group, int[] stratum, double[] weight,
      long[] cluster, double[] x) {
    this.size = size;
    this.p = p;
    this.time = time;
    this.event = event;
    this.group = group;
    this.stratum = stratum;
    this.weight = weight;
    this.cluster = cluster;
    this.x = x;
  }

  int group(int i) {
    return group == null ? 0 : group[i];
  }

  int stratum(int i) {
    return stratum == null ? 0 : stratum[i];
  }

  double weight(int i) {
    return weight == null ? 1.0 : weight[i];
  }
}
