package org.npcoutcomes.stats;

import java.io.Serializable;

/**
 * What the G-rho tests need of their rows: per (stratum, time) block of an index and per group, the
 * number of deaths and of rows leaving the risk set. Mergeable.
 */
public final class LogRankTotals implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StratumTimeIndex index;
  private final int groups;
  private final double[] deaths;
  private final double[] leaving;

  public LogRankTotals(StratumTimeIndex index, int groups) {
    if (groups < 2) {
      throw new IllegalArgumentException("the log-rank test needs at least two groups");
    }
    this.index = index;
    this.groups = groups;
    this.deaths = new double[index.blocks() * groups];
    this.leaving = new double[index.blocks() * groups];
  }

  /** @param stratum the row's stratum code (0 when the index is unstratified) */
  public void add(int stratum, double time, int group, boolean event) {
    if (group < 0 || group >= groups) {
      throw new IllegalArgumentException("group " + group + " is not one of 0.." + (groups - 1));
    }
    int cell = index.block(stratum, time) * groups + group;
    leaving[cell]++;
    if (event) {
      deaths[cell]++;
    }
  }

  public LogRankTotals merge(LogRankTotals other) {
    if (other.deaths.length != deaths.length || other.groups != groups) {
      throw new IllegalArgumentException("log-rank totals of different shapes cannot be merged");
    }
    for (int c = 0; c < deaths.length; c++) {
      deaths[c] += other.deaths[c];
      leaving[c] += other.leaving[c];
    }
    return this;
  }

  StratumTimeIndex index() {
    return index;
  }

  int groups() {
    return groups;
  }

  double deaths(int block, int group) {
    return deaths[block * groups + group];
  }

  double leaving(int block, int group) {
    return leaving[block * groups + group];
  }
}
