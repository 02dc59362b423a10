package org.npcoutcomes.stats.competing;

import java.util.Arrays;

/**
 * Cumulative incidence of one cause in the presence of competing causes (Aalen–Johansen), with Gray's
 * delta-method variance, computed as {@code cmprsk::cuminc} does (Gray's cinc routine): at each distinct
 * time, the overall survival just before it times the cause-specific hazard; the variance accumulates
 * separate terms for the cause of interest and for the competing causes, with a correction for tied events.
 */
public final class CumulativeIncidence {
  private CumulativeIncidence() {}

  /**
   * @param status 0 = censored, otherwise the cause of the event
   */
  public static IncidenceCurve estimate(double[] time, int[] status, int cause) {
    return estimate(time, status, null, cause);
  }

  /**
   * The same from rows that each stand for {@code patients[i]} patients with that time and status (null: one
   * each), as a large population's (time, status) counts are: every sum below is of patients.
   */
  public static IncidenceCurve estimate(double[] time, int[] status, double[] patients, int cause) {
    int n = time.length;
    int[] order = TimeOrder.of(time);
    double[] x = new double[2 * n + 2];
    double[] f = new double[2 * n + 2];
    double[] v = new double[2 * n + 2];
    int count = 0; // index of the last point written (x[0] = 0, f[0] = 0)
    double survival = 1;
    double v1 = 0;
    double v2 = 0;
    double v3 = 0;
    double atRisk = TimeOrder.total(patients, n);
    int start = 0;
    while (start < n) {
      int end = start;
      while (end < n && time[order[end]] == time[order[start]]) {
        end++;
      }
      double ofCause = 0;
      double competing = 0;
      double leaving = 0;
      for (int k = start; k < end; k++) {
        int s = status[order[k]];
        double c = patients == null ? 1 : patients[order[k]];
        ofCause += s == cause ? c : 0;
        competing += s != 0 && s != cause ? c : 0;
        leaving += c;
      }
      double events = ofCause + competing;
      if (events > 0) {
        double survivalAfter = survival * (atRisk - events) / atRisk;
        if (ofCause > 0) {
          count += 2;
          f[count - 1] = f[count - 2];
          f[count] = f[count - 1] + survival * ofCause / atRisk;
        }
        if (competing > 0 && survivalAfter > 0) {
          double t6 = tieTerm(survival, competing, atRisk);
          double t3 = 1 / survivalAfter;
          double t4 = f[count] / survivalAfter;
          v1 += t4 * t4 * t6;
          v2 += t3 * t4 * t6;
          v3 += t3 * t3 * t6;
        }
        if (ofCause > 0) {
          double t6 = tieTerm(survival, ofCause, atRisk);
          double t3 = survivalAfter > 0 ? 1 / survivalAfter : 0;
          double t4 = 1 + t3 * f[count];
          v1 += t4 * t4 * t6;
          v2 += t3 * t4 * t6;
          v3 += t3 * t3 * t6;
          double fc = f[count];
          x[count - 1] = time[order[end - 1]];
          x[count] = time[order[end - 1]];
          v[count - 1] = v[count - 2];
          v[count] = v1 + fc * fc * v3 - 2 * fc * v2;
        }
        survival = survivalAfter;
      }
      atRisk -= leaving;
      start = end;
    }
    count++;
    x[count] = time[order[n - 1]];
    f[count] = f[count - 1];
    v[count] = v[count - 1];
    return new IncidenceCurve(cause, Arrays.copyOf(x, count + 1), Arrays.copyOf(f, count + 1),
        Arrays.copyOf(v, count + 1));
  }

  /** Variance increment of d tied events among r at risk, with cinc's correction for ties. */
  private static double tieTerm(double survival, double events, double atRisk) {
    double ties = events > 1 ? 1 - (events - 1.0) / (atRisk - 1.0) : 1;
    return survival * survival * ties * events / (atRisk * atRisk);
  }
}
