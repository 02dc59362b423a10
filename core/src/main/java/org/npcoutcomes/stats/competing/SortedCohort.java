package org.npcoutcomes.stats.competing;

import java.util.Arrays;

/**
 * Competing-risks rows sorted by time and grouped into blocks of equal time, as every Fine–Gray sum reads
 * them. Block d holds rows {@code blockStart[d]} to {@code blockStart[d + 1] - 1}; {@code censoringBefore[d]}
 * is G(t_d-), the Kaplan–Meier estimate of the censoring distribution just before the block's time;
 * {@code failureBlocks} lists, in ascending order, the blocks holding a failure from the cause of interest
 * and {@code failures} how many each holds. Covariates are centred at their means: every Fine–Gray
 * quantity is unchanged by a shift of x, and centring keeps exp(eta) in range and the risk-set variances
 * S2 - S1 S1'/S0 free of cancellation (crr's updating sums are stable without it). Row i stands for
 * {@code patients[i]} patients with its time, kind and covariates (1 for patient-level data), so that a large
 * population's counts per (time, status, covariates) give the fit of its patients; {@code atRisk[d]} is the
 * number of patients with time at or after block d's.
 */
record SortedCohort(double[][] x, int[] kind, double[] patients, int[] blockStart, double[] atRisk,
    double[] censoringBefore, int[] failureBlocks, double[] failures) {
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

  /** {@code patients} null: one patient per row. */
  static SortedCohort of(double[] time, int[] status, double[] patients, double[][] covariates, int failCode) {
    int n = time.length;
    if (status.length != n || covariates.length != n || (patients != null && patients.length != n)) {
      throw new IllegalArgumentException("time, status, patients and covariates must have the same length");
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
    double[] count = new double[n];
    double[][] x = new double[n][];
    double[] mean = columnMeans(covariates, patients);
    for (int i = 0; i < n; i++) {
      int k = next[blockOf[i]]++;
      kind[k] = status[i] == failCode ? CAUSE : status[i] == 0 ? CENSORED : COMPETING;
      count[k] = patients == null ? 1 : patients[i];
      x[k] = new double[mean.length];
      for (int j = 0; j < mean.length; j++) {
        x[k][j] = covariates[i][j] - mean[j];
      }
    }
    return grouped(x, kind, count, blockStart, distinct.length > 0 && distinct[0] == 0);
  }

  private static double[] distinctTimes(double[] time) {
    for (int i = 0; i < time.length; i++) {
      if (!(time[i] >= 0)) {
        throw new IllegalArgumentException("time must be a non-negative number, row " + i + " is " + time[i]);
      }
    }
    return TimeOrder.distinct(time);
  }

  private static double[] columnMeans(double[][] covariates, double[] patients) {
    double[] mean = new double[covariates[0].length];
    double total = 0;
    for (int i = 0; i < covariates.length; i++) {
      double c = patients == null ? 1 : patients[i];
      total += c;
      for (int j = 0; j < mean.length; j++) {
        mean[j] += c * covariates[i][j];
      }
    }
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= total;
    }
    return mean;
  }

  /** The censoring Kaplan–Meier before each block (as survfit: at risk = rows with time >= t) and the failure blocks. */
  private static SortedCohort grouped(double[][] x, int[] kind, double[] patients, int[] blockStart,
      boolean startsAtZero) {
    int blocks = blockStart.length - 1;
    double[] atRisk = new double[blocks];
    double later = 0;
    for (int d = blocks - 1; d >= 0; d--) {
      for (int i = blockStart[d]; i < blockStart[d + 1]; i++) {
        later += patients[i];
      }
      atRisk[d] = later;
    }
    double[] censoringBefore = new double[blocks];
    int[] failureBlocks = new int[blocks];
    double[] failures = new double[blocks];
    int failureBlockCount = 0;
    double g = 1;
    for (int d = 0; d < blocks; d++) {
      censoringBefore[d] = g;
      double censored = 0;
      double failed = 0;
      for (int i = blockStart[d]; i < blockStart[d + 1]; i++) {
        censored += kind[i] == CENSORED ? patients[i] : 0;
        failed += kind[i] == CAUSE ? patients[i] : 0;
      }
      if (censored > 0) {
        g *= 1 - censored / atRisk[d];
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
    return new SortedCohort(x, kind, patients, blockStart, atRisk, censoringBefore,
        Arrays.copyOf(failureBlocks, failureBlockCount), Arrays.copyOf(failures, failureBlockCount));
  }
}
