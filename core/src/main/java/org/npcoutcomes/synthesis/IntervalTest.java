package org.npcoutcomes.synthesis;

import java.util.Locale;

/** How the pooled estimate is tested and its interval built, named as metafor's {@code rma(test = ...)}. */
public enum IntervalTest {
  /** Wald: normal quantiles. */
  Z,
  /** Hartung–Knapp(–Sidik–Jonkman): variance scaled by the weighted residual mean square, t on k − 1 df. */
  KNHA,
  /** Hartung–Knapp with the scale factor never below 1 (metafor's {@code "adhoc"}). */
  ADHOC;

  public static IntervalTest parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
