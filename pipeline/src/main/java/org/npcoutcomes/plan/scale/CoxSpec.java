package org.npcoutcomes.plan.scale;

import org.npcoutcomes.stats.CoxOptions;

/**
 * One Cox model on the cached rows: its term names (one per design column), fitting options, and which of
 * the optional columns it uses. Clustering implies the robust variance, as {@code + cluster(id)} does in R.
 */
public record CoxSpec(String[] terms, CoxOptions options, boolean stratified, boolean weighted, boolean clustered) {
  public boolean robust() {
    return options.robust() || clustered;
  }
}
