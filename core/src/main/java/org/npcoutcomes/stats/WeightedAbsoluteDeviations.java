package org.npcoutcomes.stats;

import java.io.Serializable;

/** Second pass of coxph's scaling: each column's sum of w |x - centre|. Mergeable. */
public final class WeightedAbsoluteDeviations implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] centre;
  private final double[] sums;

  public WeightedAbsoluteDeviations(double[] centre) {
    this.centre = centre.clone();
    this.sums = new double[centre.length];
  }

  public void add(double[] x, int offset, double w) {
    for (int j = 0; j < sums.length; j++) {
      sums[j] += w * Math.abs(x[offset + j] - centre[j]);
    }
  }

  public WeightedAbsoluteDeviations merge(WeightedAbsoluteDeviations other) {
    for (int j = 0; j < sums.length; j++) {
      sums[j] += other.sums[j];
    }
    return this;
  }

  double sum(int j) {
    return sums[j];
  }
}
