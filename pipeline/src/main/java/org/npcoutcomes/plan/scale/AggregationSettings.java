package org.npcoutcomes.plan.scale;

import java.io.Serializable;

/**
 * How the aggregated path runs: rows per cached chunk, how many partial totals are merged at once (more
 * partitions than that are merged in a tree), and the population size from which statistics should be
 * aggregated rather than computed on gathered rows.
 */
public record AggregationSettings(int chunkRows, int mergeFanIn, long threshold) implements Serializable {
  public static final long DEFAULT_THRESHOLD = 200_000;

  public AggregationSettings {
    if (chunkRows < 1 || mergeFanIn < 2 || threshold < 0) {
      throw new IllegalArgumentException("chunk rows >= 1, merge fan-in >= 2, threshold >= 0");
    }
  }

  public static AggregationSettings defaults() {
    return new AggregationSettings(65_536, 32, DEFAULT_THRESHOLD);
  }

  /** Whether a population of {@code rows} should take the aggregated path. */
  public boolean aggregates(long rows) {
    return rows > threshold;
  }
}
