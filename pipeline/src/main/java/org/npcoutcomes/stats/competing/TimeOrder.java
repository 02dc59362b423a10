package org.npcoutcomes.stats.competing;

import java.util.Arrays;

/** Row positions in ascending time, ties in input order, without boxing a comparator sort. */
final class TimeOrder {
  private TimeOrder() {}

  static int[] of(double[] time) {
    int n = time.length;
    // time and position packed in one sortable key: the bits of a non-negative double order as the double
    long[] keys = new long[n];
    double[] distinct = new double[n];
    for (int i = 0; i < n; i++) {
      distinct[i] = time[i] + 0.0;
    }
    Arrays.sort(distinct);
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || distinct[i] > distinct[k - 1]) {
        distinct[k++] = distinct[i];
      }
    }
    double[] levels = Arrays.copyOf(distinct, k);
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
