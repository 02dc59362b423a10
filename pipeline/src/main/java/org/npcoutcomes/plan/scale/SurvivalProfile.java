package org.npcoutcomes.plan.scale;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.npcoutcomes.stats.StratumTimeIndex;

/**
 * The first pass over the cached rows: their number, the range of group codes, the design width, and the
 * distinct (stratum, time) pairs that every later total is indexed by. Mergeable.
 */
final class SurvivalProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<Integer, DistinctDoubleSet> timesByStratum = new HashMap<>();
  private long rows;
  private int minGroup = Integer.MAX_VALUE;
  private int maxGroup = Integer.MIN_VALUE;
  private int p = -1;
  /** Rows and events per group code (codes from 0; a negative code is counted nowhere). */
  private long[] groupRows = new long[0];
  private long[] groupEvents = new long[0];

  SurvivalProfile add(SurvivalChunk chunk) {
    if (chunk.size == 0) {
      return this;
    }
    checkWidth(chunk.p);
    rows += chunk.size;
    int lastStratum = chunk.stratum(0);
    DistinctDoubleSet times = timesByStratum.computeIfAbsent(lastStratum, s -> new DistinctDoubleSet());
    for (int i = 0; i < chunk.size; i++) {
      int s = chunk.stratum(i);
      if (s != lastStratum) {
        lastStratum = s;
        times = timesByStratum.computeIfAbsent(s, k -> new DistinctDoubleSet());
      }
      times.add(chunk.time[i]);
      int g = chunk.group(i);
      minGroup = Math.min(minGroup, g);
      maxGroup = Math.max(maxGroup, g);
      if (g >= 0) {
        grow(g + 1);
        groupRows[g]++;
        groupEvents[g] += chunk.event[i] ? 1 : 0;
      }
    }
    return this;
  }

  SurvivalProfile merge(SurvivalProfile other) {
    if (other.rows == 0) {
      return this;
    }
    checkWidth(other.p);
    rows += other.rows;
    minGroup = Math.min(minGroup, other.minGroup);
    maxGroup = Math.max(maxGroup, other.maxGroup);
    grow(other.groupRows.length);
    for (int g = 0; g < other.groupRows.length; g++) {
      groupRows[g] += other.groupRows[g];
      groupEvents[g] += other.groupEvents[g];
    }
    other.timesByStratum.forEach((s, t) -> timesByStratum.computeIfAbsent(s, k -> new DistinctDoubleSet()).addAll(t));
    return this;
  }

  private void grow(int groups) {
    if (groups > groupRows.length) {
      groupRows = java.util.Arrays.copyOf(groupRows, groups);
      groupEvents = java.util.Arrays.copyOf(groupEvents, groups);
    }
  }

  /** Rows of group code {@code g}. */
  long groupRows(int g) {
    return g < groupRows.length ? groupRows[g] : 0;
  }

  /** Rows with an event of group code {@code g}. */
  long groupEvents(int g) {
    return g < groupEvents.length ? groupEvents[g] : 0;
  }

  private void checkWidth(int width) {
    if (p >= 0 && width != p) {
      throw new IllegalArgumentException("every design row needs " + p + " values, some have " + width);
    }
    p = width;
  }

  long rows() {
    return rows;
  }

  int minGroup() {
    return minGroup;
  }

  int maxGroup() {
    return maxGroup;
  }

  int p() {
    return Math.max(p, 0);
  }

  StratumTimeIndex index() {
    int[] strata = timesByStratum.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    double[][] times = new double[strata.length][];
    for (int s = 0; s < strata.length; s++) {
      times[s] = timesByStratum.get(strata[s]).sorted();
    }
    return new StratumTimeIndex(strata, times);
  }
}
