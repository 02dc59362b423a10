package org.npcoutcomes.stats;

/** Log partial likelihood, score and information at one beta, on the internal (centred, scaled) covariates. */
public record CoxStep(double logLik, double[] score, double[][] information) {}
