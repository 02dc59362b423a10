package org.npcoutcomes.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Sufficient statistics of the Cox partial likelihood at one beta, per (stratum, time) block, kept
 * separately for censored rows and for deaths: S0 = sum of w e^eta, S1 = sum of w e^eta z, S2 = sum of
 * w e^eta z z' (lower triangle; left out when only residuals are wanted), and for deaths also their
 * number, sum of w, sum of w z and sum of w eta. Covariates z are on the internal (centred, scaled) scale.
 * Mergeable: totals over parts of the rows add up to the totals of all of them. Stored as one flat
 * array, allocated on the first row, so that empty totals are cheap to ship to where rows are.
 */
public final class CoxRiskTotals implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int p;
  private final int blocks;
  private final boolean information;
  private final int tri;
  private final int stride;
  private double[] data;

  /**
   * @param information whether to keep S2 (the likelihood needs it; the score residuals do not)
   */
  public CoxRiskTotals(int p, int blocks, boolean information) {
    this.p = p;
    this.blocks = blocks;
    this.information = information;
    this.tri = information ? p * (p + 1) / 2 : 0;
    this.stride = 2 * (1 + p + tri) + 3 + p;
  }

  /** eta = beta'z, summed in column order (every path computes a row's eta this one way). */
  public static double linearPredictor(double[] beta, double[] z) {
    double eta = 0;
    for (int j = 0; j < beta.length; j++) {
      eta += beta[j] * z[j];
    }
    return eta;
  }

  /** Adds one row with internal covariates {@code z} and linear predictor {@code eta}. */
  public void add(int block, boolean event, double weight, double[] z, double eta) {
    if (data == null) {
      data = new double[blocks * stride];
    }
    double risk = Math.exp(eta) * weight;
    int o = block * stride + (event ? deathS0() : 0);
    data[o] += risk;
    for (int j = 0; j < p; j++) {
      double rz = risk * z[j];
      data[o + 1 + j] += rz;
      if (information) {
        int row = o + 1 + p + j * (j + 1) / 2;
        for (int k = 0; k <= j; k++) {
          data[row + k] += rz * z[k];
        }
      }
    }
    if (event) {
      int d = block * stride + deathCount();
      data[d] += 1;
      data[d + 1] += weight;
      for (int j = 0; j < p; j++) {
        data[d + 2 + j] += weight * z[j];
      }
      data[d + 2 + p] += weight * eta;
    }
  }

  public CoxRiskTotals merge(CoxRiskTotals other) {
    if (other.p != p || other.blocks != blocks || other.information != information) {
      throw new IllegalArgumentException("Cox totals of different shapes cannot be merged");
    }
    if (other.data == null) {
      return this;
    }
    if (data == null) {
      data = other.data.clone();
      return this;
    }
    for (int c = 0; c < data.length; c++) {
      data[c] += other.data[c];
    }
    return this;
  }

  /** Empties the totals, for reuse on the next block (the in-memory walk keeps only one). */
  void clear() {
    if (data != null) {
      Arrays.fill(data, 0);
    }
  }

  int p() {
    return p;
  }

  int blocks() {
    return blocks;
  }

  boolean hasInformation() {
    return information;
  }

  private int deathS0() {
    return 1 + p + tri;
  }

  private int deathCount() {
    return 2 * (1 + p + tri);
  }

  private double at(int block, int offset) {
    return data == null ? 0 : data[block * stride + offset];
  }

  double censoredS0(int b) {
    return at(b, 0);
  }

  double censoredS1(int b, int j) {
    return at(b, 1 + j);
  }

  /** k <= j */
  double censoredS2(int b, int j, int k) {
    return at(b, 1 + p + j * (j + 1) / 2 + k);
  }

  double deathS0(int b) {
    return at(b, deathS0());
  }

  double deathS1(int b, int j) {
    return at(b, deathS0() + 1 + j);
  }

  /** k <= j */
  double deathS2(int b, int j, int k) {
    return at(b, deathS0() + 1 + p + j * (j + 1) / 2 + k);
  }

  int deaths(int b) {
    return (int) at(b, deathCount());
  }

  double deathWeight(int b) {
    return at(b, deathCount() + 1);
  }

  double deathWeightedZ(int b, int j) {
    return at(b, deathCount() + 2 + j);
  }

  double deathWeightedEta(int b) {
    return at(b, deathCount() + 2 + p);
  }
}
