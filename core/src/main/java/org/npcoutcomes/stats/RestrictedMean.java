package org.npcoutcomes.stats;

/** Restricted mean survival time up to {@code tau}, with its standard error. */
public record RestrictedMean(double tau, double estimate, double stdErr) {}
