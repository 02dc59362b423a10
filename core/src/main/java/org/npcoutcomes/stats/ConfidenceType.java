package org.npcoutcomes.stats;

import java.util.Locale;

/** Transformation on which survival confidence limits are symmetric (R's survfit {@code conf.type}). */
public enum ConfidenceType {
  LOG_LOG, LOG, PLAIN;

  public static ConfidenceType parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "log-log" -> LOG_LOG;
      case "log" -> LOG;
      case "plain" -> PLAIN;
      default -> throw new IllegalArgumentException("unknown confidence type '" + s + "' (log-log, log, plain)");
    };
  }

  /**
   * Limits for survival {@code s} with standard error {@code logSe} of -log S (survfit's {@code std.err}),
   * as survival's survfit_confint computes them; NaN where R gives NA.
   */
  double[] limits(double s, double logSe, double z) {
    return switch (this) {
      case PLAIN -> new double[] {Math.max(s - z * logSe * s, 0), Math.min(s + z * logSe * s, 1)};
      case LOG -> s == 0 ? new double[] {Double.NaN, Double.NaN}
          : new double[] {Math.exp(Math.log(s) - z * logSe), Math.min(Math.exp(Math.log(s) + z * logSe), 1)};
      case LOG_LOG -> {
        if (s == 0 || s == 1) {
          yield new double[] {Double.NaN, Double.NaN};
        }
        double xx = Math.log(-Math.log(s));
        double se2 = z * logSe / Math.log(s);
        yield new double[] {Math.exp(-Math.exp(xx - se2)), Math.exp(-Math.exp(xx + se2))};
      }
    };
  }
}
