package org.npcoutcomes.stats;

/**
 * Harrell's concordance of a risk score with survival, as survival's {@code concordance()} reports it for a
 * Cox model: over pairs whose shorter time is an event (within a stratum), the share where the higher risk
 * has the shorter time, ties in risk counting one half; pairs tied on an event time are not comparable. The
 * standard error is the infinitesimal-jackknife one R uses: each row's weighted share of concordant,
 * discordant and risk-tied pairs.
 */
public final class ConcordanceIndex {
  private ConcordanceIndex() {}

  /** The estimate, its SE, and the weighted pair counts. */
  public record Result(double concordance, double stdErr, double concordant, double discordant, double tiedRisk,
      double tiedTime) {}

  public static Result of(double[] time, boolean[] event, double[] risk, double[] weight, int[] stratum) {
    int n = time.length;
    double[][] influence = new double[n][3]; // concordant, discordant, tied on risk
    double concordant = 0;
    double discordant = 0;
    double tiedRisk = 0;
    double tiedTime = 0;
    for (int i = 0; i < n; i++) {
      if (!event[i]) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        if (j == i || (stratum != null && stratum[i] != stratum[j])) {
          continue;
        }
        boolean comparable = time[j] > time[i] || (time[j] == time[i] && !event[j]);
        double w = wt(weight, i) * wt(weight, j);
        if (time[j] == time[i] && event[j]) {
          if (j > i) {
            tiedTime += w;
          }
          continue;
        }
        if (!comparable) {
          continue;
        }
        int kind = risk[i] > risk[j] ? 0 : risk[i] < risk[j] ? 1 : 2;
        switch (kind) {
          case 0 -> concordant += w;
          case 1 -> discordant += w;
          default -> tiedRisk += w;
        }
        influence[i][kind] += wt(weight, j);
        influence[j][kind] += wt(weight, i);
      }
    }
    double pairs = concordant + discordant + tiedRisk;
    double somers = (concordant - discordant) / pairs;
    double variance = 0;
    for (int i = 0; i < n; i++) {
      double dfbeta = wt(weight, i) * ((influence[i][0] - influence[i][1]) / pairs
          - somers / pairs * (influence[i][0] + influence[i][1] + influence[i][2]));
      variance += dfbeta * dfbeta;
    }
    return new Result((somers + 1) / 2, Math.sqrt(variance) / 2, concordant, discordant, tiedRisk, tiedTime);
  }

  private static double wt(double[] weight, int i) {
    return weight == null ? 1.0 : weight[i];
  }
}
