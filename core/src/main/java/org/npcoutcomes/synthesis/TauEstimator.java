package org.npcoutcomes.synthesis;

import java.util.Locale;

/** How the between-study variance τ² is estimated, named as metafor's {@code rma(method = ...)}. */
public enum TauEstimator {
  /** Common (equal) effect: τ² = 0. */
  EE,
  /** DerSimonian–Laird method of moments. */
  DL,
  /** Restricted maximum likelihood. */
  REML,
  /** Paule–Mandel: the generalised Q equals its expectation k − 1. */
  PM;

  /** Parses a config value ("REML", "dl", ...); null when it names no estimator. */
  public static TauEstimator parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
