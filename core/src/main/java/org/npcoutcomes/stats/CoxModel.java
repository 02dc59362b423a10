package org.npcoutcomes.stats;

import java.util.Arrays;
import java.util.List;

/**
 * Cox proportional-hazards regression as R's {@code coxph} (survival's coxfit6) on rows held in memory:
 * partial likelihood with Breslow or Efron handling of ties, case weights and strata, Newton–Raphson from
 * zero with step-halving, converged when the relative change of the log partial likelihood is at most
 * {@code eps}. Covariates are centred and scaled internally (0/1 indicators are left as they are), as R
 * does. The arithmetic is shared with the aggregated fit: {@link CoxRiskSetWalk}, {@link CoxFitting},
 * {@link CoxHazardTable}.
 */
public final class CoxModel {
  private final CoxData data;
  private final CoxOptions options;
  private final CoxScaling scaling;
  private final double[][] z;
  private final InMemoryCoxLikelihood likelihood;

  private CoxModel(CoxData data, CoxOptions options) {
    this.data = data;
    this.options = options;
    this.scaling = scaling(data);
    int p = data.terms().length;
    this.z = new double[data.size()][p];
    for (int i = 0; i < z.length; i++) {
      scaling.standardise(data.x()[i], 0, z[i]);
    }
    this.likelihood = new InMemoryCoxLikelihood(data, z, sortedOrder(data), options.ties());
  }

  public static CoxFit fit(CoxData data, CoxOptions options) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("no rows to fit a Cox model on");
    }
    boolean anyEvent = false;
    for (boolean e : data.event()) {
      anyEvent |= e;
    }
    if (!anyEvent) {
      throw new IllegalArgumentException("no events: a Cox model cannot be fitted");
    }
    return new CoxModel(data, options).run();
  }

  /**
   * The profile log likelihood of coefficient {@code term} at {@code betas} ({@link CoxProfile}), the walk
   * starting from {@code fit}'s coefficients; {@code fit} is this data's fit with these options.
   */
  public static List<ProfilePoint> profile(CoxData data, CoxOptions options, CoxFit fit, int term, double[] betas) {
    CoxModel model = new CoxModel(data, options);
    return CoxProfile.of(model.likelihood, model.scaling, options, fit.coef(), term, betas);
  }

  /** By stratum, then time ascending; the likelihood walk goes from the end (largest times) backwards. */
  private static int[] sortedOrder(CoxData d) {
    Integer[] o = new Integer[d.size()];
    for (int i = 0; i < o.length; i++) {
      o[i] = i;
      if (Double.isNaN(d.time()[i])) {
        throw new IllegalArgumentException("missing time in row " + i);
      }
    }
    Arrays.sort(o, (a, b) -> d.stratum(a) != d.stratum(b) ? Integer.compare(d.stratum(a), d.stratum(b))
        : Double.compare(d.time()[a], d.time()[b]));
    return Arrays.stream(o).mapToInt(Integer::intValue).toArray();
  }

  private static CoxScaling scaling(CoxData data) {
    int p = data.terms().length;
    WeightedColumnMeans means = new WeightedColumnMeans(p);
    for (int i = 0; i < data.size(); i++) {
      means.add(data.x()[i], 0, data.weight(i));
    }
    WeightedAbsoluteDeviations deviations = new WeightedAbsoluteDeviations(means.centres());
    for (int i = 0; i < data.size(); i++) {
      deviations.add(data.x()[i], 0, data.weight(i));
    }
    return CoxScaling.of(means, deviations);
  }

  /** Per-death-time score and information at the given coefficients (original scale), for cox.zph. */
  static void deathTimeContributions(CoxData data, CoxOptions options, double[] coef,
      CoxRiskSetWalk.DeathTimeListener listener) {
    CoxModel model = new CoxModel(data, options);
    model.likelihood.evaluate(model.scaling.internal(coef), listener);
  }

  private CoxFit run() {
    double events = 0;
    for (int i = 0; i < data.size(); i++) {
      events += data.event()[i] ? data.weight(i) : 0;
    }
    CoxDesignSummary design = new CoxDesignSummary(data.terms(), scaling, data.size(), events);
    boolean robust = options.robust() || data.cluster() != null;
    return CoxFitting.fit(likelihood, design, options, robust ? new CoxScoreResiduals(data, z, options.ties()) : null);
  }
}
