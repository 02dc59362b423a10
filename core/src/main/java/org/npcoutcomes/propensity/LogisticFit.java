package org.npcoutcomes.propensity;

import java.util.List;

/**
 * A fitted logistic regression, as {@code summary(glm(family = binomial))} reports it, with what glm warns
 * about: {@code aliased} terms (NA coefficients: collinear with earlier terms, left out of the fit),
 * {@code separated} when fitted probabilities reach 0 or 1 (the coefficients run off to infinity), and the
 * warnings in words.
 */
public record LogisticFit(String[] terms, double[] coef, double[] se, double[] z, double[] pValue, double deviance,
    double nullDeviance, double aic, int iterations, boolean converged, double[] fitted, double[] linearPredictor,
    List<String> aliased, boolean separated, List<String> warnings) {}
