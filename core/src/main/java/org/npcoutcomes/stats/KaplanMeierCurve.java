package org.npcoutcomes.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * A Kaplan–Meier curve: one row per distinct time. {@code stdErr} is the Greenwood standard error of S(t)
 * (what {@code summary.survfit} prints); {@code logSe} the standard error of -log S(t) (survfit's
 * {@code std.err}). Summaries follow R's {@code survmean} and {@code summary.survfit}.
 */
public record KaplanMeierCurve(double[] time, double[] nRisk, double[] nEvent, double[] nCensor, double[] survival,
    double[] stdErr, double[] lower, double[] upper, ConfidenceType confType, double confLevel, double n,
    double events, double[] logSe, double z) {

  /** R's tolerance for "equal to one half" in the median. */
  private static final double TOLERANCE = Math.sqrt(Math.ulp(1.0));

  /** Median and its limits as {@code summary(fit)$table} (R's survmean): NaN where R gives NA. */
  public MedianSurvival median() {
    return new MedianSurvival(firstBelowHalf(survival), firstBelowHalf(lower), firstBelowHalf(upper));
  }

  /**
   * The first time the curve is at or below one half; where it is exactly one half over an interval,
   * the midpoint between that time and the next time the curve drops.
   */
  private double firstBelowHalf(double[] curve) {
    int first = -1;
    for (int j = 0; j < curve.length; j++) {
      if (!Double.isNaN(curve[j]) && curve[j] < 0.5 + TOLERANCE) {
        first = j;
        break;
      }
    }
    if (first < 0) {
      return Double.NaN;
    }
    if (Math.abs(curve[first] - 0.5) < TOLERANCE) {
      for (int j = first + 1; j < curve.length; j++) {
        if (!Double.isNaN(curve[j]) && curve[j] < curve[first]) {
          return (time[first] + time[j]) / 2;
        }
      }
    }
    return time[first];
  }

  /** Restricted mean survival time to {@code tau} and its standard error, as {@code print(fit, rmean = tau)}. */
  public RestrictedMean rmst(double tau) {
    double area = 0;
    double previousTime = 0;
    double previousSurv = 1;
    List<double[]> terms = new ArrayList<>(); // {hazard term, area from this time to tau}
    for (int j = 0; j < time.length && time[j] <= tau; j++) {
      area += (time[j] - previousTime) * previousSurv;
      double h = nRisk[j] - nEvent[j] == 0 ? 0 : nEvent[j] / (nRisk[j] * (nRisk[j] - nEvent[j]));
      terms.add(new double[] {h, -area});
      previousTime = time[j];
      previousSurv = survival[j];
    }
    area += (tau - previousTime) * previousSurv;
    double variance = 0;
    for (double[] term : terms) {
      double beyond = area + term[1];
      variance += beyond * beyond * term[0];
    }
    return new RestrictedMean(tau, area, Math.sqrt(variance));
  }

  /** Survival at each of {@code times}, as {@code summary(fit, times, extend = TRUE)}. */
  public List<SurvivalAtTime> at(double[] times) {
    List<SurvivalAtTime> out = new ArrayList<>();
    double lastTime = time.length == 0 ? 0 : time[time.length - 1];
    double eventsBefore = 0;
    int row = -1;
    double[] sorted = times.clone();
    java.util.Arrays.sort(sorted);
    for (double t : sorted) {
      double eventsUpTo = eventsBefore;
      while (row + 1 < time.length && time[row + 1] <= t) {
        row++;
        eventsUpTo += nEvent[row];
      }
      double atRisk = 0;
      for (int j = row + 1; j < time.length; j++) {
        atRisk = nRisk[j];
        break;
      }
      if (row >= 0 && time[row] == t) {
        atRisk = nRisk[row];
      }
      boolean beyond = t > lastTime;
      if (row < 0) {
        out.add(new SurvivalAtTime(t, atRisk, 0, 1, 0, 1, 1, beyond));
      } else {
        out.add(new SurvivalAtTime(t, atRisk, eventsUpTo - eventsBefore, survival[row], stdErr[row], lower[row],
            upper[row], beyond));
      }
      eventsBefore = eventsUpTo;
    }
    return out;
  }
}
