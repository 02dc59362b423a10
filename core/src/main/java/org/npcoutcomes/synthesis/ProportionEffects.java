package org.npcoutcomes.synthesis;

/**
 * Proportions (events of totals) on the analysis scale, as metafor's {@code escalc} with its defaults.
 * Logit ({@code "PLO"}): a study with no events or only events gets ½ added to both cells ({@code add = 1/2,
 * to = "only0"}, {@code drop00 = FALSE}), flagged in {@code corrected}. Freeman–Tukey ({@code "PFT"}) needs
 * no correction ({@code add = 0}).
 */
public record ProportionEffects(ProportionTransform transform, long[] events, long[] totals, double[] y,
    double[] v, boolean[] corrected) {

  public static final double ADD = 0.5;

  public static ProportionEffects of(long[] events, long[] totals, ProportionTransform transform) {
    int k = events.length;
    double[] y = new double[k];
    double[] v = new double[k];
    boolean[] corrected = new boolean[k];
    for (int i = 0; i < k; i++) {
      long x = events[i];
      long n = totals[i];
      if (n <= 0 || x < 0 || x > n) {
        throw new IllegalArgumentException(
            "study " + (i + 1) + ": events " + x + " of total " + n + " is not a proportion");
      }
      if (transform == ProportionTransform.FREEMAN_TUKEY) {
        y[i] = freemanTukey(x, n);
        v[i] = 1.0 / (4.0 * n + 2);
      } else {
        double xi = x;
        double mi = n - x;
        if (x == 0 || x == n) {
          xi += ADD;
          mi += ADD;
          corrected[i] = true;
        }
        y[i] = Math.log(xi / mi);
        v[i] = 1 / xi + 1 / mi;
      }
    }
    return new ProportionEffects(transform, events.clone(), totals.clone(), y, v, corrected);
  }

  static double freemanTukey(double x, double n) {
    return 0.5 * (Math.asin(Math.sqrt(x / (n + 1))) + Math.asin(Math.sqrt((x + 1) / (n + 1))));
  }

  /** A pooled value back on the proportion scale ({@code transf.ilogit}, or {@code transf.ipft.hm}). */
  public double toProportion(double value) {
    if (transform == ProportionTransform.FREEMAN_TUKEY) {
      double sumInverse = 0;
      for (long n : totals) {
        sumInverse += 1.0 / n;
      }
      return inverseFreemanTukey(value, totals.length / sumInverse);
    }
    return inverseLogit(value);
  }

  /** A single study's value back on the proportion scale, with its own n for Freeman–Tukey. */
  public double toProportion(double value, int study) {
    if (transform == ProportionTransform.FREEMAN_TUKEY) {
      return inverseFreemanTukey(value, totals[study]);
    }
    return inverseLogit(value);
  }

  public static double inverseLogit(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** metafor's {@code transf.ipft}: Miller's inverse, clamped to [0, 1] outside the transform's range. */
  static double inverseFreemanTukey(double t, double n) {
    if (t > freemanTukey(n, n)) {
      return 1;
    }
    if (t < freemanTukey(0, n)) {
      return 0;
    }
    double s = Math.sin(2 * t);
    double inner = s + (s - 1 / s) / n;
    double z = 0.5 * (1 - Math.signum(Math.cos(2 * t)) * Math.sqrt(1 - inner * inner));
    return Double.isNaN(z) ? Double.NaN : z;
  }
}
