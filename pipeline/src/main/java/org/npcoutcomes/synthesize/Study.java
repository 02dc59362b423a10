package org.npcoutcomes.synthesize;

/**
 * One estimate to pool, on the analysis scale (log hazard ratio, or a proportion's transform later).
 *
 * @param source {@code run} or {@code published}
 * @param labels the CSV's other columns as {@code name=value; ...} (empty for runs)
 * @param y log hazard ratio, or the logit of a run's survival; NaN for a CSV proportion (computed later from
 *     its counts)
 * @param v its variance
 * @param events events of a proportion from counts, else null; {@code total} likewise
 */
public record Study(String label, String source, String labels, double y, double v, Long events, Long total) {
  public static final String RUN = "run";
  public static final String PUBLISHED = "published";

  public boolean hasCounts() {
    return events != null;
  }
}
