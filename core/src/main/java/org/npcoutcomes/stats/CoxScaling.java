package org.npcoutcomes.stats;

import java.io.Serializable;

/**
 * coxph's internal covariates z = (x - centre) * scale, with centre the weighted mean and scale
 * sum(w) / sum(w |x - centre|); indicators keep centre 0 and scale 1. Every path standardises rows here,
 * so equal constants give equal z.
 */
public record CoxScaling(double[] centre, double[] scale) implements Serializable {
  public static CoxScaling of(WeightedColumnMeans means, WeightedAbsoluteDeviations deviations) {
    double[] centre = means.centres();
    double[] scale = new double[centre.length];
    for (int j = 0; j < scale.length; j++) {
      double abs = deviations.sum(j);
      scale[j] = means.isIndicator(j) || !(abs > 0) ? 1 : means.totalWeight() / abs;
    }
    return new CoxScaling(centre, scale);
  }

  public int p() {
    return centre.length;
  }

  /** z = internal covariates of the row {@code x[offset], ..., x[offset + p - 1]}. */
  public void standardise(double[] x, int offset, double[] z) {
    for (int j = 0; j < centre.length; j++) {
      z[j] = (x[offset + j] - centre[j]) * scale[j];
    }
  }

  /** Coefficients on the internal scale for coefficients {@code coef} of the original covariates. */
  public double[] internal(double[] coef) {
    double[] b = new double[coef.length];
    for (int j = 0; j < b.length; j++) {
      b[j] = coef[j] / scale[j];
    }
    return b;
  }
}
