package org.npcoutcomes.synthesis;

import org.npcoutcomes.stats.ChiSquare;

/**
 * Inverse-variance meta-analysis of effects yᵢ with known sampling variances vᵢ, equal to metafor 3.8-1's
 * {@code rma(yi, vi, method, test, level)} followed by {@code predict} and {@code confint}.
 */
public final class MetaAnalysis {
  private MetaAnalysis() {}

  public static PooledEstimate fit(double[] y, double[] v, TauEstimator method, IntervalTest test,
      double level) {
    int k = y.length;
    if (k < 1 || v.length != k) {
      throw new IllegalArgumentException("need at least one study and one variance per estimate");
    }
    for (int i = 0; i < k; i++) {
      if (!Double.isFinite(y[i]) || !(v[i] > 0) || !Double.isFinite(v[i])) {
        throw new IllegalArgumentException(
            "study " + (i + 1) + " has no finite estimate with a positive variance");
      }
    }
    if (k == 1) {
      test = IntervalTest.Z; // as metafor: one study has no residual variance to scale by
    }
    double tau2 = TauSquared.estimate(method, y, v);
    WeightedMean pooled = WeightedMean.of(y, v, tau2);
    double mu = pooled.mean();
    double var = 1 / pooled.sumWeights();
    boolean t = test != IntervalTest.Z;
    double df = k - 1;
    if (t) {
      // Hartung–Knapp: scale by the weighted residual mean square (at least 1 for the ad hoc variant).
      double s2 = pooled.q() <= Math.ulp(1.0) || df < 1 ? 0 : pooled.q() / df;
      if (test == IntervalTest.ADHOC) {
        s2 = Math.max(1, s2);
      }
      var *= s2;
    }
    double se = Math.sqrt(var);
    double stat = mu / se;
    double crit;
    double p;
    if (!t) {
      crit = Distributions.normalCritical(level);
      p = Distributions.normalTwoSided(stat);
    } else if (df >= 1) {
      crit = Distributions.tCritical(level, df);
      p = Distributions.tTwoSided(stat, df);
    } else {
      crit = Double.NaN; // one study: no t distribution to refer to (metafor gives NA)
      p = Double.NaN;
    }
    double predSe = Math.sqrt(var + tau2);

    WeightedMean fixed = WeightedMean.of(y, v, 0);
    double q = fixed.q();
    double qp = k > 1 ? ChiSquare.upperTail(q, df) : 1.0;
    double i2FromQ = k > 1 && q > 0 ? Math.max(0, 100 * (q - df) / q) : 0;
    double i2;
    double h2;
    if (k < 2) {
      i2 = 0; // metafor's values when there is nothing to be heterogeneous
      h2 = 1;
    } else if (method == TauEstimator.EE) {
      // metafor's common-effect model reports I² and H² from Q, having no τ².
      i2 = i2FromQ;
      h2 = q / df;
    } else {
      double vt = fixed.typicalVariance();
      i2 = 100 * tau2 / (vt + tau2);
      h2 = (vt + tau2) / vt;
    }
    double[] weights = new double[k];
    for (int i = 0; i < k; i++) {
      weights[i] = 100 * pooled.weights()[i] / pooled.sumWeights();
    }
    // A common-effect model predicts no spread of true effects: metafor gives no prediction interval.
    boolean random = method != TauEstimator.EE;
    return new PooledEstimate(method, test, level, k, mu, se, stat, t ? df : Double.NaN, p,
        mu - crit * se, mu + crit * se, random ? mu - crit * predSe : Double.NaN,
        random ? mu + crit * predSe : Double.NaN, tau2,
        TauSquaredInterval.qProfile(y, v, level), i2, i2FromQ, h2, q, k - 1, qp, weights);
  }
}
