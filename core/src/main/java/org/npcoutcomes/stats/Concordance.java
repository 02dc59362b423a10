package org.npcoutcomes.stats;

/** Harrell's concordance of a model's risk score with survival, and its standard error. */
public record Concordance(double estimate, double stdErr) {}
