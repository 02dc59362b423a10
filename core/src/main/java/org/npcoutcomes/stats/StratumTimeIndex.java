package org.npcoutcomes.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The distinct (stratum, time) pairs of a data set, numbered by stratum code and then time ascending:
 * the blocks that survival totals are kept by. Strata are stored sparsely, so that many small strata
 * (matched pairs) cost no more than their pairs.
 */
public final class StratumTimeIndex implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] strata;
  private final int[] offset;
  private final double[] times;

  /**
   * @param strata distinct stratum codes, ascending
   * @param timesByStratum for each stratum, its distinct times, ascending
   */
  public StratumTimeIndex(int[] strata, double[][] timesByStratum) {
    if (strata.length != timesByStratum.length) {
      throw new IllegalArgumentException("one time table per stratum");
    }
    this.strata = strata.clone();
    this.offset = new int[strata.length + 1];
    for (int s = 0; s < strata.length; s++) {
      if (s > 0 && strata[s] <= strata[s - 1]) {
        throw new IllegalArgumentException("stratum codes must be distinct and ascending");
      }
      double[] t = timesByStratum[s];
      for (int j = 1; j < t.length; j++) {
        if (!(t[j] > t[j - 1])) {
          throw new IllegalArgumentException("each stratum's times must be distinct and ascending");
        }
      }
      offset[s + 1] = offset[s] + t.length;
    }
    this.times = new double[offset[strata.length]];
    for (int s = 0; s < strata.length; s++) {
      System.arraycopy(timesByStratum[s], 0, times, offset[s], timesByStratum[s].length);
    }
  }

  /** The index of the rows' (stratum, time) pairs; {@code stratum} null puts every row in stratum 0. */
  public static StratumTimeIndex of(double[] time, int[] stratum) {
    if (stratum == null) {
      return new StratumTimeIndex(new int[] {0}, new double[][] {DistinctTimes.sorted(time)});
    }
    int[] codes = Arrays.stream(stratum).distinct().sorted().toArray();
    int[] count = new int[codes.length];
    for (int s : stratum) {
      count[Arrays.binarySearch(codes, s)]++;
    }
    double[][] byStratum = new double[codes.length][];
    for (int s = 0; s < codes.length; s++) {
      byStratum[s] = new double[count[s]];
      count[s] = 0;
    }
    for (int i = 0; i < time.length; i++) {
      int s = Arrays.binarySearch(codes, stratum[i]);
      byStratum[s][count[s]++] = time[i];
    }
    for (int s = 0; s < codes.length; s++) {
      byStratum[s] = DistinctTimes.sorted(byStratum[s]);
    }
    return new StratumTimeIndex(codes, byStratum);
  }

  /** The same times with every stratum merged into one (code 0), for unstratified totals. */
  public StratumTimeIndex unstratified() {
    return new StratumTimeIndex(new int[] {0}, new double[][] {DistinctTimes.sorted(times)});
  }

  /** All distinct times, whatever the stratum, ascending. */
  public double[] distinctTimes() {
    return DistinctTimes.sorted(times);
  }

  public int blocks() {
    return times.length;
  }

  public int strata() {
    return strata.length;
  }

  /** The first block of the {@code s}-th stratum (in code order); {@code stratumStart(strata())} is the end. */
  public int stratumStart(int s) {
    return offset[s];
  }

  public double time(int block) {
    return times[block];
  }

  /** The block of a row; fails when its pair is not in the index. */
  public int block(int stratum, double time) {
    int s = strata.length == 1 && strata[0] == stratum ? 0 : Arrays.binarySearch(strata, stratum);
    int j = s < 0 ? -1 : Arrays.binarySearch(times, offset[s], offset[s + 1], time + 0.0);
    if (j < 0) {
      throw new IllegalArgumentException("(stratum " + stratum + ", time " + time + ") is not in the index");
    }
    return j;
  }
}
