package org.npcoutcomes.stats;

/** One row of {@code summary(coxph)}: coefficient, SEs, hazard ratio with its Wald CI, z and p. */
public record CoxCoefficient(String term, double coef, double se, double robustSe, double hazardRatio, double lower,
    double upper, double z, double pValue) {}
