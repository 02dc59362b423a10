package org.npcoutcomes.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Product-limit estimate of survival, as R's {@code survfit(Surv(time, status) ~ 1, weights)}: one row per
 * distinct time (event or censoring), confidence limits on a chosen scale. The variance of -log S is
 * Greenwood's, except with non-integer case weights, where R (survival 3.x) and this class use the
 * infinitesimal-jackknife (robust) variance, each row its own cluster.
 */
public final class KaplanMeier {
  private KaplanMeier() {}

  /** Robust (jackknife) variance when any weight is fractional, Greenwood's otherwise, as survfit's default. */
  public static KaplanMeierCurve fit(double[] time, boolean[] event, double[] weight, ConfidenceType confType,
      double confLevel) {
    return fit(time, event, weight, confType, confLevel, hasFractionalWeights(weight));
  }

  /**
   * @param robust infinitesimal-jackknife variance instead of Greenwood's (R's {@code robust = TRUE}; R applies
   *     it to every curve of a survfit call when any weight in the call is fractional)
   */
  public static KaplanMeierCurve fit(double[] time, boolean[] event, double[] weight, ConfidenceType confType,
      double confLevel, boolean robust) {
    int n = time.length;
    if (event.length != n || (weight != null && weight.length != n)) {
      throw new IllegalArgumentException("time, event and weight must have the same length");
    }
    KaplanMeierTotals totals = KaplanMeierTotals.over(time);
    for (int i = 0; i < n; i++) {
      totals.add(time[i], event[i], weight == null ? 1.0 : weight[i]);
    }
    return fromTotals(totals, confType, confLevel, robust);
  }

  /** The curve of the rows summed in {@code totals}, robust when any of their weights is fractional. */
  public static KaplanMeierCurve fromTotals(KaplanMeierTotals totals, ConfidenceType confType, double confLevel) {
    return fromTotals(totals, confType, confLevel, totals.hasFractionalWeights());
  }

  /**
   * The curve of the rows summed in {@code totals}; times of the table that no row has are left out.
   *
   * @param robust infinitesimal-jackknife variance instead of Greenwood's
   */
  public static KaplanMeierCurve fromTotals(KaplanMeierTotals totals, ConfidenceType confType, double confLevel,
      boolean robust) {
    KaplanMeierTotals.Observed o = totals.observed();
    double[] t = o.time();
    double[] nEvent = o.events();
    double[] nCensor = o.censored();
    int distinct = t.length;
    double total = 0;
    double events = 0;
    for (int j = 0; j < distinct; j++) {
      total += nEvent[j] + nCensor[j];
      events += nEvent[j];
    }
    // summed from the last time back, as R does, so that when everyone left dies n.risk equals n.event exactly
    double[] nRisk = new double[distinct];
    double atRisk = 0;
    for (int j = distinct - 1; j >= 0; j--) {
      atRisk += nEvent[j] + nCensor[j];
      nRisk[j] = atRisk;
    }
    double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - confLevel) / 2);
    double[] surv = new double[distinct];
    double[] logSe = new double[distinct];
    double[] stdErr = new double[distinct];
    double[] lower = new double[distinct];
    double[] upper = new double[distinct];
    double[] variance = robust ? jackknifeVariance(o, nRisk) : null;
    double s = 1;
    double greenwood = 0;
    for (int j = 0; j < distinct; j++) {
      if (nEvent[j] > 0) {
        s *= 1 - nEvent[j] / nRisk[j];
        // a time where everyone at risk dies makes -log S infinite, as in R
        greenwood += nRisk[j] > nEvent[j] ? nEvent[j] / (nRisk[j] * (nRisk[j] - nEvent[j])) : Double.POSITIVE_INFINITY;
      }
      surv[j] = s;
      if (variance == null) {
        logSe[j] = Math.sqrt(greenwood);
        stdErr[j] = s * logSe[j];
      } else {
        // the jackknife variance is of S itself; R keeps it on that scale (logse = FALSE)
        stdErr[j] = Math.sqrt(variance[j]);
        logSe[j] = stdErr[j] / s;
      }
      double[] ci = confType.limits(s, logSe[j], z);
      lower[j] = ci[0];
      upper[j] = ci[1];
    }
    return new KaplanMeierCurve(t, nRisk, nEvent, nCensor, surv, stdErr, lower, upper, confType, confLevel, total,
        events, logSe, z);
  }

  private static boolean hasFractionalWeights(double[] weight) {
    if (weight == null) {
      return false;
    }
    for (double w : weight) {
      if (w != Math.rint(w)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Infinitesimal-jackknife variance of S at each distinct time.
   * The influence of row i follows the product-limit recursion
   * D_i(t_j) = D_i(t_{j-1}) (1 - h_j) - S(t_{j-1}) (dN_ij - Y_ij h_j) / n_j, with h_j = d_j / n_j: common to
   * every row still at risk, and decaying as S(t) / S(T_i) once a row's time has passed. Rows leaving at
   * the same time with the same status have the same influence, so only their sum of squared weights counts.
   */
  private static double[] jackknifeVariance(KaplanMeierTotals.Observed o, double[] nRisk) {
    int distinct = nRisk.length;
    double[] variance = new double[distinct];
    double stillAtRisk = 0; // sum of w^2 of rows with time > t
    for (int j = 0; j < distinct; j++) {
      stillAtRisk += o.eventSquares()[j] + o.censoredSquares()[j];
    }
    double common = 0; // influence of a row still at risk
    double s = 1;
    double finished = 0; // sum over rows whose time has passed of (w D_i(T_i) / S(T_i))^2
    for (int j = 0; j < distinct; j++) {
      double h = o.events()[j] / nRisk[j];
      double sBefore = s;
      double atRisk = common * (1 - h) + sBefore * h / nRisk[j];
      s = sBefore * (1 - h);
      if (s > 0) {
        double dead = (atRisk - sBefore / nRisk[j]) / s;
        double censored = atRisk / s;
        finished += o.eventSquares()[j] * dead * dead + o.censoredSquares()[j] * censored * censored;
      }
      stillAtRisk -= o.eventSquares()[j] + o.censoredSquares()[j];
      common = atRisk;
      // the running sum of w^2 can end a rounding error below zero
      variance[j] = Math.max(0, stillAtRisk) * common * common + s * s * finished;
    }
    return variance;
  }
}
