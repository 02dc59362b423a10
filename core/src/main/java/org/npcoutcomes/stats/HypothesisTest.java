package org.npcoutcomes.stats;

/** A chi-square test: statistic, degrees of freedom and p-value. */
public record HypothesisTest(double statistic, double df, double pValue) {}
