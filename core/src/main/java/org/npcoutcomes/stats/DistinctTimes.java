package org.npcoutcomes.stats;

import java.util.Arrays;

/** The distinct values of an array of times, ascending, with -0 read as 0 (as {@code ==} does). */
final class DistinctTimes {
  private DistinctTimes() {}

  static double[] sorted(double[] time) {
    double[] t = new double[time.length];
    for (int i = 0; i < t.length; i++) {
      if (Double.isNaN(time[i])) {
        throw new IllegalArgumentException("missing time in row " + i);
      }
      t[i] = time[i] + 0.0;
    }
    Arrays.sort(t);
    int m = 0;
    for (int i = 0; i < t.length; i++) {
      if (i == 0 || t[i] != t[m - 1]) {
        t[m++] = t[i];
      }
    }
    return Arrays.copyOf(t, m);
  }
}
