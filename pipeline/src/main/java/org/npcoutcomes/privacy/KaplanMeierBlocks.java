package org.npcoutcomes.privacy;

import java.util.List;

/**
 * Which counts of Kaplan–Meier curves to withhold. Consecutive at-risk counts give the number who left the
 * risk set in between (n_risk[t] - n_risk[t+1] = n_event[t] + n_censor[t]), so a withheld event count next to
 * a published censoring count and two published at-risk counts could be worked out. Curves are therefore
 * coarsened into intervals between checkpoints, as a number-at-risk table is:
 * <ul>
 *   <li>the checkpoints are the reporting times (survival_at_time's); n_risk is published at the first row at
 *       or after each, when at least minCell are at risk there;</li>
 *   <li>an interval holding any event or censoring count in 1..minCell-1 is withheld whole: its event and
 *       censoring counts (zeros too) and its at-risk counts but the first; only the number who left the risk
 *       set in it, from the two checkpoints, can be worked out, and that must be at least minCell, else the
 *       interval is merged with the next (the checkpoint between them withheld);</li>
 *   <li>an interval with no small count is published whole.</li>
 * </ul>
 * Curves of the same patients, summed or shifted (the whole cohort's curve of an outcome and arm, its subgroup
 * levels' and its landmarks'), form a family on one time axis and are coarsened together: an interval
 * withheld in one is withheld in all, so one curve's published counts cannot be subtracted from another's.
 */
final class KaplanMeierBlocks {
  /** One curve of a family: its rows' times on the family's time axis, its counts, and what to withhold. */
  static final class Curve {
    final double[] time;
    final double[] risk;
    final double[] event;
    final double[] censor;
    final boolean[] withheldRisk;
    final boolean[] withheldEvent;
    final boolean[] withheldCensor;
    private int[] interval;
    private boolean[] dropped;

    Curve(double[] time, double[] risk, double[] event, double[] censor) {
      this.time = time;
      this.risk = risk;
      this.event = event;
      this.censor = censor;
      int n = time.length;
      withheldRisk = new boolean[n];
      withheldEvent = new boolean[n];
      withheldCensor = new boolean[n];
    }
  }

  private final List<Curve> family;
  private final double[] checkpoints;
  private final double minCell;

  /** @param checkpoints the family's reporting times on its time axis, ascending */
  KaplanMeierBlocks(List<Curve> family, double[] checkpoints, double minCell) {
    this.family = family;
    this.checkpoints = checkpoints;
    this.minCell = minCell;
  }

  private boolean small(double v) {
    return v > 0 && v < minCell;
  }

  /** Decides, for every curve of the family, what to withhold. */
  void plan() {
    int intervals = checkpoints.length + 1;
    boolean[] coarse = new boolean[intervals];
    for (Curve c : family) {
      c.interval = new int[c.time.length];
      c.dropped = new boolean[checkpoints.length];
      int i = 0;
      for (int j = 0; j < c.time.length; j++) {
        while (i < checkpoints.length && c.time[j] >= checkpoints[i] - 1e-9 * Math.max(1, Math.abs(checkpoints[i]))) {
          i++;
        }
        c.interval[j] = i;
        if (small(c.event[j]) || small(c.censor[j])) {
          coarse[i] = true;
        }
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      // checkpoints that cannot be published: fewer than minCell at risk, or a withheld block before them in
      // which fewer than minCell left the risk set
      for (Curve c : family) {
        int start = 0;  // first interval of the block being closed
        for (int b = 0; b < checkpoints.length; b++) {
          int to = firstRow(c, b + 1);
          if (to < 0) {
            break;
          }
          if (c.dropped[b]) {
            continue;
          }
          int from = firstRow(c, start);
          boolean keep = c.risk[to] >= minCell
              && (from == to || !any(coarse, start, b) || c.risk[from] - c.risk[to] >= minCell);
          if (keep) {
            start = b + 1;
          } else {
            c.dropped[b] = true;
            changed = true;
          }
        }
      }
      // a block withheld in one curve is withheld in every curve of the family: its intervals are withheld
      for (Curve c : family) {
        int start = 0;
        for (int b = 0; b <= checkpoints.length; b++) {
          if (b < checkpoints.length && c.dropped[b]) {
            continue;
          }
          if (any(coarse, start, b)) {
            for (int i = start; i <= b; i++) {
              changed |= !coarse[i];
              coarse[i] = true;
            }
          }
          start = b + 1;
        }
      }
    }
    for (Curve c : family) {
      for (int j = 0; j < c.time.length; j++) {
        int i = c.interval[j];
        boolean checkpoint = j == 0;
        for (int b = j == 0 ? i : c.interval[j - 1]; b < i; b++) {
          checkpoint |= !c.dropped[b];
        }
        if (coarse[i]) {
          c.withheldEvent[j] = true;
          c.withheldCensor[j] = true;
          c.withheldRisk[j] = !checkpoint;
        }
      }
    }
  }

  private static boolean any(boolean[] flags, int from, int to) {
    for (int i = from; i <= to; i++) {
      if (flags[i]) {
        return true;
      }
    }
    return false;
  }

  /** The first row of the curve in interval i or later, or -1. */
  private static int firstRow(Curve c, int interval) {
    for (int j = 0; j < c.time.length; j++) {
      if (c.interval[j] >= interval) {
        return j;
      }
    }
    return -1;
  }
}
