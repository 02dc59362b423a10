package org.npcoutcomes.propensity;

import java.util.Arrays;
import java.util.Locale;

/**
 * Inverse-probability and overlap weights from propensity scores: ATE (1/ps, 1/(1-ps)), ATT (1, ps/(1-ps)),
 * overlap (1-ps, ps); optionally stabilised by the marginal treatment share (ATE) and truncated at
 * percentiles (R's quantile type 7).
 */
public final class PropensityWeights {
  private PropensityWeights() {}

  /** The population the weights target. */
  public enum Estimand {
    ATE, ATT, OVERLAP;

    public static Estimand parse(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  public static double[] weights(boolean[] treated, double[] ps, Estimand estimand, boolean stabilize) {
    int n = ps.length;
    double share = 0;
    for (boolean t : treated) {
      share += t ? 1.0 / n : 0;
    }
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = weight(treated[i], ps[i], estimand, stabilize, share);
    }
    return w;
  }

  /** One unit's weight; {@code share} is the treated share of the units weighted (used when stabilising). */
  public static double weight(boolean treated, double p, Estimand estimand, boolean stabilize, double share) {
    return switch (estimand) {
      case ATE -> treated ? (stabilize ? share : 1) / p : (stabilize ? 1 - share : 1) / (1 - p);
      case ATT -> treated ? 1 : p / (1 - p);
      case OVERLAP -> treated ? 1 - p : p;
    };
  }

  /** Caps weights at the given lower and upper percentiles (0–100) of their distribution. */
  public static double[] truncate(double[] w, double lowerPercentile, double upperPercentile) {
    double lo = quantile(w, lowerPercentile / 100);
    double hi = quantile(w, upperPercentile / 100);
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = Math.min(Math.max(w[i], lo), hi);
    }
    return out;
  }

  /** R's default quantile (type 7). */
  static double quantile(double[] values, double p) {
    double[] s = values.clone();
    Arrays.sort(s);
    double h = (s.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (h - lo) * (s[hi] - s[lo]);
  }

  /** Kish's effective sample size (sum w)^2 / sum w^2 of the units selected. */
  public static double effectiveSampleSize(double[] w, boolean[] treated, boolean arm) {
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < w.length; i++) {
      if (treated[i] == arm) {
        sum += w[i];
        squares += w[i] * w[i];
      }
    }
    return squares == 0 ? 0 : sum * sum / squares;
  }
}
