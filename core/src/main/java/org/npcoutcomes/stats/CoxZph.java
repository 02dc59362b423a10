package org.npcoutcomes.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test of proportional hazards as R's {@code cox.zph(fit, transform = "km")} (survival 3.x): the score
 * test, at the fitted coefficients, for adding each covariate times g(t) to the model, where
 * g(t) = 1 - KM(t-) of all subjects, centred on its mean over the events. One test per term (all its
 * columns together) and a global test.
 */
public final class CoxZph {
  private CoxZph() {}

  /** One row of the cox.zph table; the last row of {@link #test} is the global test, named GLOBAL. */
  public record Result(String term, double chisq, double df, double pValue) {}

  /**
   * @param termColumns for each term, the design-matrix columns that belong to it
   */
  public static List<Result> test(CoxData data, CoxOptions options, CoxFit fit, List<String> termNames,
      List<int[]> termColumns) {
    requireEstimated(fit);
    KaplanMeierCurve km = KaplanMeier.fit(data.time(), data.event(), null, ConfidenceType.LOG, 0.95);
    return fromContributions(listener -> CoxModel.deathTimeContributions(data, options, fit.coef(), listener), km,
        options, fit, termNames, termColumns);
  }

  /** Replays the fit's per-death-time score and information (internal scale) to a listener. */
  public interface DeathTimeContributions {
    void replay(CoxRiskSetWalk.DeathTimeListener listener);
  }

  /**
   * The test from the fit's per-death-time contributions, however they are computed, and the Kaplan–Meier
   * curve of all rows without weights or strata (what R's cox.zph transforms time with).
   */
  public static List<Result> fromContributions(DeathTimeContributions contributions, KaplanMeierCurve allRows,
      CoxOptions options, CoxFit fit, List<String> termNames, List<int[]> termColumns) {
    requireEstimated(fit);
    int p = fit.coef().length;
    TimeTransform g = new TimeTransform(allRows);
    // per death time: g(t); the augmented model is (x, x g(t)), so its score and information are sums of
    // the ordinary per-time terms weighted by 1, g and g^2
    double[] u2 = new double[p];
    double[][] info = new double[2 * p][2 * p];
    contributions.replay((time, du, di) -> {
      double gt = g.at(time);
      for (int j = 0; j < p; j++) {
        u2[j] += gt * du[j];
        for (int k = 0; k < p; k++) {
          info[j][k] += di[j][k];
          info[j][k + p] += gt * di[j][k];
          info[j + p][k] += gt * di[j][k];
          info[j + p][k + p] += gt * gt * di[j][k];
        }
      }
    });
    List<Result> out = new ArrayList<>();
    for (int t = 0; t < termNames.size(); t++) {
      out.add(score(termNames.get(t), termColumns.get(t), u2, info, p, options.tolerChol()));
    }
    int[] all = new int[p];
    for (int j = 0; j < p; j++) {
      all[j] = j;
    }
    out.add(score("GLOBAL", all, u2, info, p, options.tolerChol()));
    return out;
  }

  private static void requireEstimated(CoxFit fit) {
    for (double c : fit.coef()) {
      if (Double.isNaN(c)) {
        throw new IllegalArgumentException("cox.zph needs every coefficient estimated");
      }
    }
  }

  private static Result score(String name, int[] columns, double[] u2, double[][] info, int p, double toler) {
    int m = p + columns.length;
    double[][] sub = new double[m][m];
    double[] u = new double[m];
    int[] index = new int[m];
    for (int j = 0; j < p; j++) {
      index[j] = j;
    }
    for (int c = 0; c < columns.length; c++) {
      index[p + c] = p + columns[c];
      u[p + c] = u2[columns[c]];
    }
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < m; b++) {
        sub[a][b] = info[index[a]][index[b]];
      }
    }
    double[] solved = new CholeskySolver(sub, toler).solve(u);
    double chisq = 0;
    for (int a = 0; a < m; a++) {
      chisq += u[a] * solved[a];
    }
    return new Result(name, chisq, columns.length, ChiSquare.upperTail(chisq, columns.length));
  }

  /**
   * The "km" transform: 1 - S(t-) from the Kaplan–Meier of all subjects (no weights, no strata, as R's
   * cox.zph uses), centred on its mean over the subjects with an event.
   */
  private static final class TimeTransform {
    private final double[] times;
    private final double[] survival;
    private final double centre;

    TimeTransform(KaplanMeierCurve km) {
      times = km.time();
      survival = km.survival();
      // every subject with an event at a time has the same g there
      double sum = 0;
      double events = 0;
      for (int j = 0; j < times.length; j++) {
        sum += km.nEvent()[j] * raw(times[j]);
        events += km.nEvent()[j];
      }
      centre = sum / events;
    }

    private double raw(double t) {
      int at = Arrays.binarySearch(times, t);
      int before = (at >= 0 ? at : -at - 1) - 1; // last KM time strictly below t
      return 1 - (before < 0 ? 1.0 : survival[before]);
    }

    double at(double t) {
      return raw(t) - centre;
    }
  }
}
