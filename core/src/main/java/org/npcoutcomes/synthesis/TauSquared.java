package org.npcoutcomes.synthesis;

/**
 * Estimators of τ², as metafor's {@code rma.uni} without moderators (truncated at 0). metafor stops its
 * REML Fisher scoring and Paule–Mandel root search at a tolerance (threshold 1e-5); here both equations
 * are solved to full precision, which is what metafor reaches with a tight {@code control}.
 */
public final class TauSquared {
  private TauSquared() {}

  public static double estimate(TauEstimator method, double[] y, double[] v) {
    if (y.length < 2) {
      return 0; // one study: nothing to estimate it from (metafor also fixes τ² to 0)
    }
    return switch (method) {
      case EE -> 0;
      case DL -> dersimonianLaird(y, v);
      case PM -> pauleMandel(y, v);
      case REML -> restrictedMaximumLikelihood(y, v);
    };
  }

  static double dersimonianLaird(double[] y, double[] v) {
    WeightedMean fixed = WeightedMean.of(y, v, 0);
    return Math.max(0, (fixed.q() - (y.length - 1)) / fixed.traceP());
  }

  /** The τ² at which the generalised Q equals k − 1 (0 when Q at τ² = 0 is already below it). */
  static double pauleMandel(double[] y, double[] v) {
    int df = y.length - 1;
    if (WeightedMean.of(y, v, 0).q() < df) {
      return 0;
    }
    return Roots.decreasingRoot(t -> WeightedMean.of(y, v, t).q() - df, 0, dersimonianLaird(y, v) + 1);
  }

  /**
   * The root of the restricted log-likelihood's score ½(yᵀPPy − tr P) in τ²; 0 when the score at 0 is not
   * positive (the likelihood falls from the boundary).
   */
  static double restrictedMaximumLikelihood(double[] y, double[] v) {
    if (remlScore(y, v, 0) <= 0) {
      return 0;
    }
    return Roots.decreasingRoot(t -> remlScore(y, v, t), 0, dersimonianLaird(y, v) + 1);
  }

  private static double remlScore(double[] y, double[] v, double tau2) {
    WeightedMean m = WeightedMean.of(y, v, tau2);
    double sw2 = 0;
    double sw2r2 = 0;
    for (int i = 0; i < y.length; i++) {
      double w = m.weights()[i];
      double r = y[i] - m.mean();
      sw2 += w * w;
      sw2r2 += w * w * r * r;
    }
    return -m.sumWeights() + sw2 / m.sumWeights() + sw2r2;
  }
}
