package org.npcoutcomes.stats;

/**
 * The profile log likelihood of one coefficient at one value {@code beta}: the log likelihood maximised over
 * the other coefficients, and its first and second derivatives in {@code beta}.
 */
public record ProfilePoint(double beta, double logLik, double d1, double d2) {}
