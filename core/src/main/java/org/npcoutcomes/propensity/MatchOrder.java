package org.npcoutcomes.propensity;

import java.util.Locale;

/** The order in which treated units pick their controls (MatchIt's {@code m.order}). */
public enum MatchOrder {
  LARGEST, SMALLEST, DATA, RANDOM;

  public static MatchOrder parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "largest" -> LARGEST;
      case "smallest" -> SMALLEST;
      case "data" -> DATA;
      case "random" -> RANDOM;
      default -> throw new IllegalArgumentException("unknown match order '" + s + "' (largest, smallest, data, random)");
    };
  }
}
