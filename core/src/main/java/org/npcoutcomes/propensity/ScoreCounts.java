package org.npcoutcomes.propensity;

import java.util.Arrays;

/**
 * Each distinct propensity score with its treated and reference units, ascending: all that the C-statistic,
 * the common-support count and the score distribution depend on, whether the units are in memory or their
 * counts were summed where they are stored.
 */
public record ScoreCounts(double[] score, long[] treated, long[] reference) {

  /** The counts of scores held in memory. */
  public static ScoreCounts of(double[] score, boolean[] isTreated) {
    int n = score.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double[] distinct = new double[n];
    long[] t = new long[n];
    long[] r = new long[n];
    int m = -1;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      if (m < 0 || Double.compare(score[i], distinct[m]) != 0) {
        distinct[++m] = score[i];
      }
      if (isTreated[i]) {
        t[m]++;
      } else {
        r[m]++;
      }
    }
    return new ScoreCounts(Arrays.copyOf(distinct, m + 1), Arrays.copyOf(t, m + 1), Arrays.copyOf(r, m + 1));
  }

  /** Area under the ROC curve of the score for treatment (ties count one half): Mann–Whitney on mid-ranks. */
  public double cStatistic() {
    double rankSum = 0;
    double below = 0;
    long n1 = 0;
    long n0 = 0;
    for (int k = 0; k < score.length; k++) {
      long all = treated[k] + reference[k];
      rankSum += treated[k] * (below + (all + 1) / 2.0);
      below += all;
      n1 += treated[k];
      n0 += reference[k];
    }
    return (rankSum - n1 * (n1 + 1) / 2.0) / ((double) n1 * n0);
  }

  /** Units whose score lies outside the range both arms share. */
  public long outsideCommonSupport() {
    double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int k = 0; k < score.length; k++) {
      long[] byArm = {reference[k], treated[k]};
      for (int a = 0; a <= 1; a++) {
        if (byArm[a] > 0) {
          lo[a] = Math.min(lo[a], score[k]);
          hi[a] = Math.max(hi[a], score[k]);
        }
      }
    }
    double low = Math.max(lo[0], lo[1]);
    double high = Math.min(hi[0], hi[1]);
    long outside = 0;
    for (int k = 0; k < score.length; k++) {
      outside += score[k] < low || score[k] > high ? treated[k] + reference[k] : 0;
    }
    return outside;
  }

  /** Units per arm (0 reference, 1 treated) in bins of {@code width} over [0, 1], the last bin closed. */
  public long[][] bins(double width) {
    int bins = (int) Math.round(1 / width);
    long[][] out = new long[2][bins];
    for (int k = 0; k < score.length; k++) {
      int b = Math.min(bins - 1, (int) Math.floor(score[k] / width));
      out[0][b] += reference[k];
      out[1][b] += treated[k];
    }
    return out;
  }
}
