package org.npcoutcomes.stats.competing;

import java.util.Arrays;

/** Distinct times, and row positions in ascending time with ties in input order, without boxed sorts. */
final class TimeOrder {
  private TimeOrder() {}

  /** The sorted distinct times; -0.0 and 0.0 are one time. NaN, which equals nothing, is left out. */
  static double[] distinct(double[] time) {
    double[] sorted = new double[time.length];
    for (int i = 0; i < time.length; i++) {
      sorted[i] = time[i] + 0.0;
    }
    Arrays.sort(sorted);
    int k = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (k == 0 ? !Double.isNaN(sorted[i]) : sorted[i] > sorted[k - 1]) {
        sorted[k++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, k);
  }

  static int[] of(double[] time) {
    int n = time.length;
    double[] levels = distinct(time);
    // the level of each time and the position packed in one key, so one primitive sort orders both
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      int level = Arrays.binarySearch(levels, time[i] + 0.0);
      if (level < 0) {
        throw new IllegalArgumentException("time must be a number, row " + i + " is " + time[i]);
      }
      keys[i] = ((long) level << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }

  /** How many patients the rows stand for: the sum of {@code patients}, or n when it is null. */
  static double total(double[] patients, int n) {
    if (patients == null) {
      return n;
    }
    double sum = 0;
    for (double c : patients) {
      sum += c;
    }
    return sum;
  }
}
