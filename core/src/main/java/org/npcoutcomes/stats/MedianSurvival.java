package org.npcoutcomes.stats;

/** Median survival with its confidence limits; NaN where not reached (R's NA). */
public record MedianSurvival(double median, double lower, double upper) {}
