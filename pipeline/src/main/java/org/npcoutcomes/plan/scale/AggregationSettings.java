package org.npcoutcomes.plan.scale;

import java.io.Serializable;

/**
 * How the aggregated path runs: rows per cached chunk, and how many partial totals are merged at once (more
 * partitions than that are merged in a tree). Which populations are aggregated is the spec's
 * {@code analyze.scale.max-in-memory-rows}.
 */
public record AggregationSettings(int chunkRows, int mergeFanIn) implements Serializable {
  public AggregationSettings {
    if (chunkRows < 1 || mergeFanIn < 2) {
      throw new IllegalArgumentException("chunk rows >= 1, merge fan-in >= 2");
    }
  }

  public static AggregationSettings defaults() {
    return new AggregationSettings(65_536, 32);
  }
}
