package org.npcoutcomes.propensity;

/** A fitted logistic regression, as {@code summary(glm(family = binomial))} reports it. */
public record LogisticFit(String[] terms, double[] coef, double[] se, double[] z, double[] pValue, double deviance,
    double nullDeviance, double aic, int iterations, boolean converged, double[] fitted, double[] linearPredictor) {}
