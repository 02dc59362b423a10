package org.npcoutcomes.report;

import java.util.ArrayList;
import java.util.List;

/** Maps data values to pixels, linearly or on a log scale, with the ticks of its axis. */
final class Scale {
  private final double d0;
  private final double d1;
  private final double r0;
  private final double r1;
  private final boolean log;

  private Scale(double d0, double d1, double r0, double r1, boolean log) {
    this.d0 = d0;
    this.d1 = d1;
    this.r0 = r0;
    this.r1 = r1;
    this.log = log;
  }

  static Scale linear(double d0, double d1, double r0, double r1) {
    return new Scale(d0, d1 == d0 ? d0 + 1 : d1, r0, r1, false);
  }

  static Scale log(double d0, double d1, double r0, double r1) {
    return new Scale(Math.log(d0), Math.log(d1 == d0 ? d0 * 2 : d1), r0, r1, true);
  }

  double map(double v) {
    double x = log ? Math.log(v) : v;
    return r0 + (x - d0) / (d1 - d0) * (r1 - r0);
  }

  /** Pixel position clamped to the scale's range. */
  double clamped(double v) {
    double lo = Math.min(r0, r1);
    double hi = Math.max(r0, r1);
    return Math.max(lo, Math.min(hi, map(v)));
  }

  /** Ticks every {@code step} from {@code from} to {@code to} inclusive. */
  static List<Double> ticks(double from, double to, double step) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; from + i * step <= to + step * 1e-9; i++) {
      out.add(from + i * step);
    }
    return out;
  }

  /** A 1, 2 or 5 times a power of ten step that cuts {@code span} into at most {@code max} intervals. */
  static double niceStep(double span, int max) {
    if (!(span > 0)) {
      return 1;
    }
    double raw = span / max;
    double pow = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * pow >= raw) {
        return m * pow;
      }
    }
    return 10 * pow;
  }

  /**
   * The step of a time axis: for months a multiple of a year (12, 24, 60, 120) giving at most 12 intervals,
   * for days a multiple of 30 or 365, else a 1-2-5 step.
   */
  static double timeStep(double maxTime, String unit) {
    double[] candidates = switch (unit) {
      case "months" -> new double[] {3, 6, 12, 24, 36, 60, 120, 240};
      case "days" -> new double[] {30, 90, 180, 365, 730, 1825, 3650};
      case "weeks" -> new double[] {4, 13, 26, 52, 104, 260};
      default -> new double[0];
    };
    for (double c : candidates) {
      if (maxTime / c <= 12) {
        return c;
      }
    }
    return niceStep(maxTime, 10);
  }

  /** Ticks of a log axis covering [lo, hi]: 1, 2, 5 times powers of ten. */
  static List<Double> logTicks(double lo, double hi) {
    List<Double> out = new ArrayList<>();
    for (int e = (int) Math.floor(Math.log10(lo)) - 1; e <= (int) Math.ceil(Math.log10(hi)) + 1; e++) {
      for (double m : new double[] {1, 2, 5}) {
        double v = m * Math.pow(10, e);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
          out.add(v);
        }
      }
    }
    return out;
  }
}
