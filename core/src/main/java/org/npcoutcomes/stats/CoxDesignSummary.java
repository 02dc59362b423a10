package org.npcoutcomes.stats;

/**
 * What a Cox fit reports about its data besides the likelihood: term names, the internal scaling, the
 * number of rows and the (weighted) number of events.
 */
public record CoxDesignSummary(String[] terms, CoxScaling scaling, int n, double events) {
  public CoxDesignSummary {
    if (terms.length != scaling.p()) {
      throw new IllegalArgumentException("one term name per covariate");
    }
  }
}
