package org.npcoutcomes.stats;

import java.util.Locale;

/** How a Cox model handles tied event times (R's coxph {@code ties}). */
public enum Ties {
  EFRON, BRESLOW;

  public static Ties parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "efron" -> EFRON;
      case "breslow" -> BRESLOW;
      default -> throw new IllegalArgumentException("unknown ties method '" + s + "' (efron, breslow)");
    };
  }
}
