package org.npcoutcomes.propensity;

import java.util.Arrays;

/** Area under the ROC curve of a score for treatment (ties count one half), via ranks. */
public final class CStatistic {
  private CStatistic() {}

  public static double of(double[] score, boolean[] treated) {
    int n = score.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double[] rank = new double[n];
    for (int k = 0; k < n; ) {
      int end = k;
      while (end + 1 < n && score[order[end + 1]] == score[order[k]]) {
        end++;
      }
      for (int j = k; j <= end; j++) {
        rank[order[j]] = (k + end) / 2.0 + 1;
      }
      k = end + 1;
    }
    double rankSum = 0;
    long n1 = 0;
    for (int i = 0; i < n; i++) {
      if (treated[i]) {
        rankSum += rank[i];
        n1++;
      }
    }
    long n0 = n - n1;
    return (rankSum - n1 * (n1 + 1) / 2.0) / ((double) n1 * n0);
  }
}
