package org.npcoutcomes.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * First pass of coxph's centring: the total weight, each column's weighted sum, and whether the column
 * is a 0/1 (or -1) indicator, which R leaves uncentred and unscaled. Mergeable.
 */
public final class WeightedColumnMeans implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] sums;
  private final boolean[] indicator;
  private double totalWeight;

  public WeightedColumnMeans(int p) {
    sums = new double[p];
    indicator = new boolean[p];
    Arrays.fill(indicator, true);
  }

  /** Adds the row {@code x[offset], ..., x[offset + p - 1]} with weight {@code w}. */
  public void add(double[] x, int offset, double w) {
    totalWeight += w;
    for (int j = 0; j < sums.length; j++) {
      double v = x[offset + j];
      sums[j] += w * v;
      indicator[j] &= v == 0 || v == 1 || v == -1;
    }
  }

  public WeightedColumnMeans merge(WeightedColumnMeans other) {
    totalWeight += other.totalWeight;
    for (int j = 0; j < sums.length; j++) {
      sums[j] += other.sums[j];
      indicator[j] &= other.indicator[j];
    }
    return this;
  }

  double totalWeight() {
    return totalWeight;
  }

  boolean isIndicator(int j) {
    return indicator[j];
  }

  /** The centre of each column: its weighted mean, or 0 for an indicator. */
  public double[] centres() {
    double[] mean = new double[sums.length];
    for (int j = 0; j < mean.length; j++) {
      mean[j] = indicator[j] ? 0 : sums[j] / totalWeight;
    }
    return mean;
  }
}
