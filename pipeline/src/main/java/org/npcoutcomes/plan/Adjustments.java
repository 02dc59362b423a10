package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.Map;

/**
 * The propensity-adjusted populations of a cohort, as the propensity task defines them: the matched sample
 * (cohort rows, one entry per row and matched set) and, over the scored rows, one weight vector per weighted
 * population (iptw_ate, iptw_att, overlap); or, when the propensity model is unusable, why (and no populations).
 */
record Adjustments(int[] matchedRows, int[] matchedSet, int[] scoredRows, Map<String, double[]> weights,
    String unusable) implements Serializable {

  static Adjustments unusable(String reason) {
    return new Adjustments(null, null, null, Map.of(), reason);
  }
}
