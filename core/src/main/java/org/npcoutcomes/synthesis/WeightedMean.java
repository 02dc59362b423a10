package org.npcoutcomes.synthesis;

/**
 * The inverse-variance weighted mean of effects {@code y} with sampling variances {@code v} at a given τ²,
 * and the generalised Q statistic Σ wᵢ(yᵢ − μ̂)² with wᵢ = 1/(vᵢ + τ²): the building block of every
 * estimator here.
 */
record WeightedMean(double[] weights, double sumWeights, double mean, double q) {
  static WeightedMean of(double[] y, double[] v, double tau2) {
    int k = y.length;
    double[] w = new double[k];
    double sw = 0;
    double swy = 0;
    for (int i = 0; i < k; i++) {
      w[i] = 1.0 / (v[i] + tau2);
      sw += w[i];
      swy += w[i] * y[i];
    }
    double mean = swy / sw;
    double q = 0;
    for (int i = 0; i < k; i++) {
      double r = y[i] - mean;
      q += w[i] * r * r;
    }
    return new WeightedMean(w, sw, mean, q);
  }

  /** Σw − Σw²/Σw: the trace of the projection that makes E[Q] = (k − 1) + τ²·trace. */
  double traceP() {
    double sw2 = 0;
    for (double w : weights) {
      sw2 += w * w;
    }
    return sumWeights - sw2 / sumWeights;
  }

  /** The "typical" within-study variance of Higgins and Thompson, (k − 1)/trace at τ² = 0. */
  double typicalVariance() {
    return (weights.length - 1) / traceP();
  }
}
