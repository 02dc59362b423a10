package org.npcoutcomes.stats.competing;

import java.util.Arrays;

/**
 * Competing-risks rows sorted by time and grouped into blocks of equal time, as every Fine–Gray sum reads
 * them. Block d holds rows {@code blockStart[d]} to {@code blockStart[d + 1] - 1}; {@code censoringBefore[d]}
 * is G(t_d-), the Kaplan–Meier estimate of the censoring distribution just before the block's time;
 * {@code failureBlocks} lists, in ascending order, the blocks holding a failure from the cause of interest
 * and {@code failures} how many each holds. Covariates are centred at their means: every Fine–Gray
 * quantity is unchanged by a shift of x, and centring keeps exp(eta) in range and the risk-set variances
 * S2 - S1 S1'/S0 free of cancellation (crr's updating sums are stable without it).
 */
record SortedCohort(double[][] x, int[] kind, int[] blockStart, double[] censoringBefore, int[] failureBlocks,
    int[] failures) {
  static final int CENSORED = 0;
  static final int CAUSE = 1;
  static final int COMPETING = 2;

  int rows() {
    return kind.length;
  }

  int covariates() {
    return x.length == 0 ? 0 : x[0].length;
  }

  int blocks() {
    return blockStart.length - 1;
  }

  static SortedCohort of(double[] time, int[] status, double[][] covariates, int failCode) {
    int n = time.length;
    if (status.length != n || covariates.length != n) {
      throw new IllegalArgumentException("time, status and covariates must have the same length");
    }
    double[] distinct = distinctTimes(time);
    // a counting sort on the block of each row: no boxed comparator sort, and ties keep their input order
    int[] blockOf = new int[n];
    int[] blockStart = new int[distinct.length + 1];
    for (int i = 0; i < n; i++) {
      blockOf[i] = Arrays.binarySearch(distinct, time[i] + 0.0);
      blockStart[blockOf[i] + 1]++;
    }
    for (int d = 0; d < distinct.length; d++) {
      blockStart[d + 1] += blockStart[d];
    }
    int[] next = Arrays.copyOf(blockStart, distinct.length);
    int[] kind = new int[n];
    double[][] x = new double[n][];
    double[] mean = columnMeans(covariates);
    for (int i = 0; i < n; i++) {
      int k = next[blockOf[i]]++;
      kind[k] = status[i] == failCode ? CAUSE : status[i] == 0 ? CENSORED : COMPETING;
      x[k] = new double[mean.length];
      for (int j = 0; j < mean.length; j++) {
        x[k][j] = covariates[i][j] - mean[j];
      }
    }
    return grouped(x, kind, blockStart, distinct.length > 0 && distinct[0] == 0);
  }

  private static double[] distinctTimes(double[] time) {
    double[] sorted = new double[time.length];
    for (int i = 0; i < time.length; i++) {
      if (!(time[i] >= 0)) {
        throw new IllegalArgumentException("time must be a non-negative number, row " + i + " is " + time[i]);
      }
      sorted[i] = time[i] + 0.0; // -0.0 and 0.0 are one time
    }
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] > sorted[distinct - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, distinct);
  }

  private static double[] columnMeans(double[][] covariates) {
    double[] mean = new double[covariates[0].length];
    for (double[] row : covariates) {
      for (int j = 0; j < mean.length; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= covariates.length;
    }
    return mean;
  }

  /** The censoring Kaplan–Meier before each block (as survfit: at risk = rows with time >= t) and the failure blocks. */
  private static SortedCohort grouped(double[][] x, int[] kind, int[] blockStart, boolean startsAtZero) {
    int blocks = blockStart.length - 1;
    int n = kind.length;
    double[] censoringBefore = new double[blocks];
    int[] failureBlocks = new int[blocks];
    int[] failures = new int[blocks];
    int failureBlockCount = 0;
    double g = 1;
    for (int d = 0; d < blocks; d++) {
      censoringBefore[d] = g;
      int censored = 0;
      int failed = 0;
      for (int i = blockStart[d]; i < blockStart[d + 1]; i++) {
        censored += kind[i] == CENSORED ? 1 : 0;
        failed += kind[i] == CAUSE ? 1 : 0;
      }
      if (censored > 0) {
        g *= 1 - (double) censored / (n - blockStart[d]);
      }
      if (d == 0 && startsAtZero) {
        // crr reads G just before each time (at t (1 - 100 eps)), which at t = 0 is G(0) itself, after the
        // censorings at 0: a landmark population, whose patients censored at the landmark are at 0, needs it
        censoringBefore[d] = g;
      }
      if (failed > 0) {
        failureBlocks[failureBlockCount] = d;
        failures[failureBlockCount++] = failed;
      }
    }
    return new SortedCohort(x, kind, blockStart, censoringBefore, Arrays.copyOf(failureBlocks, failureBlockCount),
        Arrays.copyOf(failures, failureBlockCount));
  }
}
