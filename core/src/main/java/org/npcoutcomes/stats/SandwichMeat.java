package org.npcoutcomes.stats;

import java.io.Serializable;

/**
 * The middle of the robust sandwich variance: the sum over clusters of s s', where s is a cluster's sum
 * of weighted score residuals (each row its own cluster when there are none). Mergeable.
 */
public final class SandwichMeat implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[][] sum;

  public SandwichMeat(int p) {
    sum = new double[p][p];
  }

  /** Adds one cluster's summed weighted score residuals. */
  public void addCluster(double[] score) {
    for (int j = 0; j < sum.length; j++) {
      for (int k = 0; k < sum.length; k++) {
        sum[j][k] += score[j] * score[k];
      }
    }
  }

  public SandwichMeat merge(SandwichMeat other) {
    for (int j = 0; j < sum.length; j++) {
      for (int k = 0; k < sum.length; k++) {
        sum[j][k] += other.sum[j][k];
      }
    }
    return this;
  }

  public double[][] matrix() {
    double[][] out = new double[sum.length][];
    for (int j = 0; j < sum.length; j++) {
      out[j] = sum[j].clone();
    }
    return out;
  }
}
