package org.npcoutcomes.report;

import java.util.Locale;

/** How numbers read in the report: counts with thousands separators, p-values, hazard ratios, suppressed cells. */
public final class Format {
  /** Shown where a value does not exist (a test not done, a ratio not estimable). */
  public static final String NONE = "–";

  private Format() {}

  /**
   * Shown for a count withheld only so that a small one cannot be worked out: it may be of any size, so it is
   * never shown as "&lt;min-cell" (the report's footnotes say so).
   */
  public static final String WITHHELD = "—";

  /** A count; a suppressed (null) one as "&lt;min-cell" (a small count). */
  public static String count(Number n, int minCell) {
    if (n == null) {
      return "<" + minCell;
    }
    return String.format(Locale.ROOT, "%,d", n.longValue());
  }

  /**
   * A count cell of a mart row: the count, "&lt;min-cell" for a small count withheld, {@link #WITHHELD} for a
   * complementary one (or one withheld for another reason), {@link #NONE} for an empty cell nothing withheld.
   */
  public static String cell(MartRow row, String column, int minCell) {
    Long n = row.count(column);
    if (n != null) {
      return count(n, minCell);
    }
    String why = row.withheld(column);
    if (why == null) {
      return row.suppressed() || !row.has("suppressed") ? "<" + minCell : NONE;
    }
    return why.equals("small") ? "<" + minCell : WITHHELD;
  }

  /**
   * A number at risk: a count, or in a weighted population a sum of weights with one decimal; a suppressed
   * (null) one as "&lt;min-cell".
   */
  public static String atRisk(Double n, boolean weighted, int minCell) {
    if (n == null) {
      return "<" + minCell;
    }
    if (n.isInfinite()) {
      return WITHHELD;
    }
    if (Double.isNaN(n)) {
      return NONE;
    }
    return weighted ? String.format(Locale.ROOT, "%.1f", n) : String.format(Locale.ROOT, "%d", Math.round(n));
  }

  /** A p-value: "&lt;0.001" below 0.001, three decimals otherwise. */
  public static String p(Double p) {
    if (p == null || Double.isNaN(p)) {
      return NONE;
    }
    return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  /** "p = 0.037" or "p &lt; 0.001". */
  public static String pEquals(Double p) {
    String s = p(p);
    return s.startsWith("<") ? "p < " + s.substring(1) : "p = " + s;
  }

  public static String number(Double v, int decimals) {
    if (v == null || Double.isNaN(v)) {
      return NONE;
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "−∞";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A ratio with its interval: "0.55 (0.45–0.68)". */
  public static String ratio(Double estimate, Double lower, Double upper) {
    if (estimate == null || Double.isNaN(estimate)) {
      return NONE;
    }
    return number(estimate, 2) + " (" + number(lower, 2) + "–" + number(upper, 2) + ")";
  }

  /** A percentage with one decimal, without the sign. */
  public static String percent(Double v) {
    return number(v, 1);
  }

  /** An axis tick: as few decimals as the value needs. */
  public static String tick(double v) {
    if (Math.abs(v - Math.rint(v)) < 1e-9) {
      return String.format(Locale.ROOT, "%d", Math.round(v));
    }
    String s = String.format(Locale.ROOT, "%.3f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
