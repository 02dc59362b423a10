package org.npcoutcomes.stats;

/** Survival at a chosen time, as {@code summary(survfit, times, extend = TRUE)} reports it. */
public record SurvivalAtTime(double time, double nRisk, double nEvent, double survival, double stdErr, double lower,
    double upper, boolean beyondLastFollowUp) {}
