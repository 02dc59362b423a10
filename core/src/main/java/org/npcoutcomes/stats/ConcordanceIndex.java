package org.npcoutcomes.stats;

/**
 * Harrell's concordance of a risk score with survival, as survival's {@code concordance()} reports it for a
 * Cox model: over pairs whose shorter time is an event (within a stratum), the share where the higher risk
 * has the shorter time, ties in risk counting one half; pairs tied on an event time are not comparable. A
 * pair of rows i, j weighs w_i*w_j. The standard error is the infinitesimal-jackknife one R uses: each row's
 * weighted share of concordant, discordant and risk-tied pairs. O(n log n) (see {@link ConcordancePairs}).
 */
public final class ConcordanceIndex {
  private ConcordanceIndex() {}

  /**
   * The estimate, its SE, and the weighted pair counts; {@code tiedTime} counts every pair of events at one
   * time, whatever their risks (R's tied.y plus tied.xy).
   */
  public record Result(double concordance, double stdErr, double concordant, double discordant, double tiedRisk,
      double tiedTime) {}

  /** One value per row; {@code weight} and {@code stratum} may be null. NaN in a time or risk gives NaN. */
  public static Result of(double[] time, boolean[] event, double[] risk, double[] weight, int[] stratum) {
    int n = time.length;
    double[] w = new double[n];
    double[] w2 = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = weight == null ? 1.0 : weight[i];
      w2[i] = w[i] * w[i];
    }
    return ofCells(time, event, risk, w, w2, stratum);
  }

  /**
   * Aggregated data: each cell stands for rows sharing stratum, time, event and risk, with {@code weight}
   * the sum of their weights and {@code weightSquared} the sum of their squared weights; the result is
   * that of {@link #of} on the rows. {@code stratum} may be null.
   */
  public static Result ofCells(double[] time, boolean[] event, double[] risk, double[] weight,
      double[] weightSquared, int[] stratum) {
    int n = time.length;
    if (event.length != n || risk.length != n || weight.length != n || weightSquared.length != n
        || (stratum != null && stratum.length != n)) {
      throw new IllegalArgumentException("concordance needs one time, event, risk, weight and stratum per cell");
    }
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(time[i]) || Double.isNaN(risk[i])) {
        // R's concordancefit gives no result for missing values either
        return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
    }
    ConcordancePairs.Counts counts = ConcordancePairs.count(time, event, risk, weight, weightSquared, stratum);
    double pairs = counts.concordant() + counts.discordant() + counts.tiedRisk();
    double somers = (counts.concordant() - counts.discordant()) / pairs;
    double[][] influence = counts.influence();
    double variance = 0;
    for (int c = 0; c < n; c++) {
      // every row of a cell has the same per-row term, scaled by its own weight
      double term = (influence[0][c] - influence[1][c]) / pairs
          - somers / pairs * (influence[0][c] + influence[1][c] + influence[2][c]);
      variance += weightSquared[c] * term * term;
    }
    return new Result((somers + 1) / 2, Math.sqrt(variance) / 2, counts.concordant(), counts.discordant(),
        counts.tiedRisk(), counts.tiedTime());
  }
}
