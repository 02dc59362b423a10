package org.npcoutcomes.stats;

/**
 * Weighted pair counts over cells (rows sharing stratum, time, event and risk) and each cell's per-row
 * influence, in O(n log n): within a stratum, cells sorted by time are swept once backwards, querying the
 * weight at risk by risk rank for each event, and once forwards, querying the earlier events for each cell.
 */
final class ConcordancePairs {
  private final double[] time;
  private final boolean[] event;
  private final double[] weight;
  private final double[] weightSquared;
  private final int[] rank;
  /** Per row of a cell: weight of comparable partners that make it concordant, discordant, tied on risk. */
  private final double[][] influence;
  private double concordant;
  private double discordant;
  private double tiedRisk;
  private double tiedTime;

  /** Counts and influence; {@code influence[kind][cell]}, kind 0 concordant, 1 discordant, 2 tied on risk. */
  record Counts(double concordant, double discordant, double tiedRisk, double tiedTime, double[][] influence) {}

  private ConcordancePairs(double[] time, boolean[] event, double[] weight, double[] weightSquared) {
    this.time = time;
    this.event = event;
    this.weight = weight;
    this.weightSquared = weightSquared;
    this.rank = new int[time.length];
    this.influence = new double[3][time.length];
  }

  /** Times and risks must not be NaN; {@code stratum} may be null (one stratum). */
  static Counts count(double[] time, boolean[] event, double[] risk, double[] weight, double[] weightSquared,
      int[] stratum) {
    ConcordancePairs p = new ConcordancePairs(time, event, weight, weightSquared);
    int[] order = IndexOrder.sorted(0, time.length, (a, b) -> {
      int s = stratum == null ? 0 : Integer.compare(stratum[a], stratum[b]);
      return s != 0 ? s : Double.compare(time[a], time[b]);
    });
    for (int start = 0; start < order.length;) {
      int end = start + 1;
      while (end < order.length && (stratum == null || stratum[order[end]] == stratum[order[start]])) {
        end++;
      }
      int ranks = p.rankRisks(order, start, end, risk);
      p.sweepBackwards(order, start, end, new RiskTree(ranks));
      p.sweepForwards(order, start, end, new RiskTree(ranks));
      start = end;
    }
    return new Counts(p.concordant, p.discordant, p.tiedRisk, p.tiedTime, p.influence);
  }

  /** Dense ranks of the stratum's risks ({@code ==} decides ties, as the pairwise definition does). */
  private int rankRisks(int[] order, int start, int end, double[] risk) {
    int[] byRisk = new int[end - start];
    System.arraycopy(order, start, byRisk, 0, byRisk.length);
    IndexOrder.sort(byRisk, (a, b) -> Double.compare(risk[a], risk[b]));
    int r = -1;
    for (int k = 0; k < byRisk.length; k++) {
      if (k == 0 || risk[byRisk[k]] != risk[byRisk[k - 1]]) {
        r++;
      }
      rank[byRisk[k]] = r;
    }
    return r + 1;
  }

  /** End of the run of equal times that starts at {@code from}. */
  private int sameTimeEnd(int[] order, int from, int end) {
    int to = from + 1;
    while (to < end && time[order[to]] == time[order[from]]) {
      to++;
    }
    return to;
  }

  /**
   * Latest time first, so the tree holds every cell that outlives the current time; censored cells at that
   * time go in before its events are queried (they are comparable), its events only after (they are not).
   */
  private void sweepBackwards(int[] order, int start, int end, RiskTree atRisk) {
    int[] groups = groupStarts(order, start, end);
    for (int g = groups.length - 2; g >= 0; g--) {
      int from = groups[g];
      int to = groups[g + 1];
      for (int k = from; k < to; k++) {
        int c = order[k];
        if (!event[c]) {
          atRisk.add(rank[c], weight[c]);
        }
      }
      double eventsSoFar = 0;
      for (int k = from; k < to; k++) {
        int c = order[k];
        if (event[c]) {
          double w = weight[c];
          double lower = atRisk.below(rank[c]);
          double higher = atRisk.above(rank[c]);
          double same = atRisk.at(rank[c]);
          concordant += w * lower;
          discordant += w * higher;
          tiedRisk += w * same;
          influence[0][c] += lower;
          influence[1][c] += higher;
          influence[2][c] += same;
          // pairs with earlier events at this time, and pairs of rows inside the cell
          tiedTime += w * eventsSoFar + (w * w - weightSquared[c]) / 2;
          eventsSoFar += w;
        }
      }
      for (int k = from; k < to; k++) {
        int c = order[k];
        if (event[c]) {
          atRisk.add(rank[c], weight[c]);
        }
      }
    }
  }

  /**
   * Earliest time first, so the tree holds the events each cell is compared with as the longer time: events
   * at an earlier time, and for a censored cell also the events at its own time.
   */
  private void sweepForwards(int[] order, int start, int end, RiskTree earlierEvents) {
    int[] groups = groupStarts(order, start, end);
    for (int g = 0; g + 1 < groups.length; g++) {
      int from = groups[g];
      int to = groups[g + 1];
      queryEarlier(order, from, to, true, earlierEvents);
      for (int k = from; k < to; k++) {
        int c = order[k];
        if (event[c]) {
          earlierEvents.add(rank[c], weight[c]);
        }
      }
      queryEarlier(order, from, to, false, earlierEvents);
    }
  }

  private void queryEarlier(int[] order, int from, int to, boolean events, RiskTree earlierEvents) {
    for (int k = from; k < to; k++) {
      int c = order[k];
      if (event[c] == events) {
        // the event has the shorter time: concordant when its risk is the higher
        influence[0][c] += earlierEvents.above(rank[c]);
        influence[1][c] += earlierEvents.below(rank[c]);
        influence[2][c] += earlierEvents.at(rank[c]);
      }
    }
  }

  /** Positions where each run of equal times begins, and {@code end} last. */
  private int[] groupStarts(int[] order, int start, int end) {
    int count = 0;
    for (int k = start; k < end; k = sameTimeEnd(order, k, end)) {
      count++;
    }
    int[] starts = new int[count + 1];
    int g = 0;
    for (int k = start; k < end; k = sameTimeEnd(order, k, end)) {
      starts[g++] = k;
    }
    starts[count] = end;
    return starts;
  }
}
