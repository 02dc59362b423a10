/**
 * Evidence synthesis on aggregate results only: inverse-variance meta-analysis (common effect and random
 * effects with DerSimonian–Laird, REML or Paule–Mandel τ²; Wald, Hartung–Knapp and ad hoc intervals),
 * heterogeneity (Q, I², H², the Q-profile CI of τ²), prediction intervals, Egger's regression test,
 * leave-one-out, proportions (logit, Freeman–Tukey, random-intercept logistic model) and the pooling of
 * profile likelihoods shared by sites. Each method reproduces R's metafor 3.8-1 (or survival, for the
 * profiles); the tests compare with committed R output.
 */
package org.npcoutcomes.synthesis;
