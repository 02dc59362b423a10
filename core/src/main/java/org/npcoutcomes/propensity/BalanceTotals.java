package org.npcoutcomes.propensity;

import java.io.Serializable;

/**
 * Weighted totals behind covariate balance, per weighting scheme, arm and balance column: sum w, sum w^2, and
 * the weighted mean and sum of squared deviations updated one unit at a time (West's weighted form of
 * Welford's algorithm) and merged with Chan's pairwise formula, so the variance keeps the precision of the
 * two-pass {@link Balance#moments} even for a covariate such as the year of diagnosis, whose raw second
 * moment would cancel catastrophically. Mergeable, so balance of a cohort too large to gather is summed where
 * its rows are.
 */
public final class BalanceTotals implements Serializable {
  private static final int SW = 0;
  private static final int SWW = 1;
  private static final int MEAN = 2;
  private static final int M2 = 3;
  private final int schemes;
  private final int columns;
  /** [((scheme * 2 + arm) * columns + column) * 4 + k], k one of SW, SWW, MEAN, M2 */
  private final double[] cells;

  public BalanceTotals(int schemes, int columns) {
    this.schemes = schemes;
    this.columns = columns;
    this.cells = new double[schemes * 2 * columns * 4];
  }

  /** Adds one unit: its balance columns, arm and weight under each scheme. */
  public BalanceTotals add(double[] x, boolean treated, double[] weights) {
    int arm = treated ? 1 : 0;
    for (int s = 0; s < schemes; s++) {
      double w = weights[s];
      for (int c = 0; c < columns; c++) {
        int at = ((s * 2 + arm) * columns + c) * 4;
        cells[at + SWW] += w * w;
        if (w == 0) {
          continue;
        }
        double sw = cells[at + SW] + w;
        double delta = x[c] - cells[at + MEAN];
        double mean = cells[at + MEAN] + delta * (w / sw);
        cells[at + M2] += w * delta * (x[c] - mean);
        cells[at + MEAN] = mean;
        cells[at + SW] = sw;
      }
    }
    return this;
  }

  public BalanceTotals merge(BalanceTotals other) {
    for (int at = 0; at < cells.length; at += 4) {
      double a = cells[at + SW];
      double b = other.cells[at + SW];
      cells[at + SWW] += other.cells[at + SWW];
      if (b == 0) {
        continue;
      }
      double sw = a + b;
      double delta = other.cells[at + MEAN] - cells[at + MEAN];
      cells[at + M2] += other.cells[at + M2] + delta * delta * (a * b / sw);
      cells[at + MEAN] += delta * (b / sw);
      cells[at + SW] = sw;
    }
    return this;
  }

  /** Weighted mean and reliability-weights variance, as {@link Balance#moments}. */
  public Balance.Moments moments(int scheme, boolean treated, int column) {
    int at = ((scheme * 2 + (treated ? 1 : 0)) * columns + column) * 4;
    double sw = cells[at + SW];
    return new Balance.Moments(sw == 0 ? Double.NaN : cells[at + MEAN],
        cells[at + M2] / (sw - cells[at + SWW] / sw));
  }

  /** Kish's effective sample size of one arm under one scheme. */
  public double effectiveSampleSize(int scheme, boolean treated) {
    int at = (scheme * 2 + (treated ? 1 : 0)) * columns * 4;
    return cells[at + SWW] == 0 ? 0 : cells[at + SW] * cells[at + SW] / cells[at + SWW];
  }
}
