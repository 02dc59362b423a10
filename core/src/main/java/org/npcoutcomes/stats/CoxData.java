package org.npcoutcomes.stats;

/**
 * Input of a Cox model: right-censored times, the design matrix ({@code x[row][column]}, one column per
 * term), and optional case weights, strata codes and cluster codes (null when absent).
 */
public record CoxData(double[] time, boolean[] event, double[][] x, String[] terms, double[] weight, int[] stratum,
    int[] cluster) {
  public CoxData {
    int n = time.length;
    if (event.length != n || x.length != n || (weight != null && weight.length != n)
        || (stratum != null && stratum.length != n) || (cluster != null && cluster.length != n)) {
      throw new IllegalArgumentException("every Cox model input needs one value per row");
    }
    for (double[] row : x) {
      if (row.length != terms.length) {
        throw new IllegalArgumentException("design matrix rows must have one value per term");
      }
    }
  }

  public int size() {
    return time.length;
  }

  public double weight(int i) {
    return weight == null ? 1.0 : weight[i];
  }

  public int stratum(int i) {
    return stratum == null ? 0 : stratum[i];
  }
}
