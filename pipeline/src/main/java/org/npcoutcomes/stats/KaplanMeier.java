package org.npcoutcomes.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Product-limit estimate of survival, as R's {@code survfit(Surv(time, status) ~ 1, weights)}: one row per
 * distinct time (event or censoring), Greenwood variance of -log S, confidence limits on a chosen scale.
 */
public final class KaplanMeier {
  private KaplanMeier() {}

  public static KaplanMeierCurve fit(double[] time, boolean[] event, double[] weight, ConfidenceType confType,
      double confLevel) {
    int n = time.length;
    if (event.length != n || (weight != null && weight.length != n)) {
      throw new IllegalArgumentException("time, event and weight must have the same length");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(time[i]) || time[i] < 0) {
        throw new IllegalArgumentException("time must be a non-negative number, row " + i + " is " + time[i]);
      }
      if (weight != null && !(weight[i] > 0)) {
        throw new IllegalArgumentException("weights must be positive, row " + i + " is " + weight[i]);
      }
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(time[a], time[b]));
    int distinct = 0;
    for (int k = 0; k < n; k++) {
      if (k == 0 || time[order[k]] != time[order[k - 1]]) {
        distinct++;
      }
    }
    double[] t = new double[distinct];
    double[] nEvent = new double[distinct];
    double[] nCensor = new double[distinct];
    double total = 0;
    double events = 0;
    for (int k = 0, j = -1; k < n; k++) {
      int i = order[k];
      if (k == 0 || time[i] != time[order[k - 1]]) {
        t[++j] = time[i];
      }
      double w = weight == null ? 1.0 : weight[i];
      total += w;
      if (event[i]) {
        nEvent[j] += w;
        events += w;
      } else {
        nCensor[j] += w;
      }
    }
    double[] nRisk = new double[distinct];
    double atRisk = total;
    for (int j = 0; j < distinct; j++) {
      nRisk[j] = atRisk;
      atRisk -= nEvent[j] + nCensor[j];
    }
    double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - confLevel) / 2);
    double[] surv = new double[distinct];
    double[] logSe = new double[distinct];
    double[] stdErr = new double[distinct];
    double[] lower = new double[distinct];
    double[] upper = new double[distinct];
    double s = 1;
    double greenwood = 0;
    for (int j = 0; j < distinct; j++) {
      if (nEvent[j] > 0) {
        s *= 1 - nEvent[j] / nRisk[j];
        // a time where everyone at risk dies makes -log S infinite, as in R
        greenwood += nRisk[j] > nEvent[j] ? nEvent[j] / (nRisk[j] * (nRisk[j] - nEvent[j])) : Double.POSITIVE_INFINITY;
      }
      surv[j] = s;
      logSe[j] = Math.sqrt(greenwood);
      stdErr[j] = s * logSe[j];
      double[] ci = confType.limits(s, logSe[j], z);
      lower[j] = ci[0];
      upper[j] = ci[1];
    }
    return new KaplanMeierCurve(t, nRisk, nEvent, nCensor, surv, stdErr, lower, upper, confType, confLevel, total,
        events, logSe, z);
  }
}
