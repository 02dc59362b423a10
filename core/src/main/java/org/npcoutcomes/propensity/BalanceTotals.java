package org.npcoutcomes.propensity;

import java.io.Serializable;

/**
 * Weighted sums behind covariate balance, per weighting scheme, arm and balance column: sum w, sum w^2,
 * sum w x and sum w x^2. Mergeable, so balance of a cohort too large to gather is summed where its rows are.
 */
public final class BalanceTotals implements Serializable {
  private final int schemes;
  private final int columns;
  /** [((scheme * 2 + arm) * columns + column) * 4 + k] */
  private final double[] sums;

  public BalanceTotals(int schemes, int columns) {
    this.schemes = schemes;
    this.columns = columns;
    this.sums = new double[schemes * 2 * columns * 4];
  }

  /** Adds one unit: its balance columns, arm and weight under each scheme. */
  public BalanceTotals add(double[] x, boolean treated, double[] weights) {
    int arm = treated ? 1 : 0;
    for (int s = 0; s < schemes; s++) {
      double w = weights[s];
      for (int c = 0; c < columns; c++) {
        int at = ((s * 2 + arm) * columns + c) * 4;
        sums[at] += w;
        sums[at + 1] += w * w;
        sums[at + 2] += w * x[c];
        sums[at + 3] += w * x[c] * x[c];
      }
    }
    return this;
  }

  public BalanceTotals merge(BalanceTotals other) {
    for (int k = 0; k < sums.length; k++) {
      sums[k] += other.sums[k];
    }
    return this;
  }

  /** Weighted mean and reliability-weights variance, as {@link Balance#moments}. */
  public Balance.Moments moments(int scheme, boolean treated, int column) {
    int at = ((scheme * 2 + (treated ? 1 : 0)) * columns + column) * 4;
    double sw = sums[at];
    double mean = sums[at + 2] / sw;
    double ss = sums[at + 3] - sw * mean * mean;
    return new Balance.Moments(mean, ss / (sw - sums[at + 1] / sw));
  }

  /** Kish's effective sample size of one arm under one scheme. */
  public double effectiveSampleSize(int scheme, boolean treated) {
    int at = (scheme * 2 + (treated ? 1 : 0)) * columns * 4;
    return sums[at + 1] == 0 ? 0 : sums[at] * sums[at] / sums[at + 1];
  }
}
