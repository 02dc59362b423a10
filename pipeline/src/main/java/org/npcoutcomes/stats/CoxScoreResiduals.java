package org.npcoutcomes.stats;

import java.util.Arrays;

/**
 * Score residuals of a fitted Cox model (R's {@code residuals(fit, type = "score")}, unweighted), with
 * Efron's or Breslow's handling of ties: for subject i, the observed covariate minus its expectation at
 * its death, less its share of the compensator r_i (x_i - xbar(t)) dLambda(t) over the times it was at
 * risk. Under Efron a subject dying in a tie of d deaths carries weight (1 - k/d) in the k-th of the d
 * partial steps. Their weighted sum times the variance gives R's dfbeta and the sandwich variance.
 */
final class CoxScoreResiduals {
  private CoxScoreResiduals() {}

  /** Residuals [row][term] for coefficients {@code beta} on the original covariate scale. */
  static double[][] compute(CoxData data, double[] beta, Ties ties) {
    int n = data.size();
    int p = beta.length;
    double[][] x = data.x();
    double[] means = new double[p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        means[j] += row[j] / n;
      }
    }
    double[] risk = new double[n];
    for (int i = 0; i < n; i++) {
      double eta = 0;
      for (int j = 0; j < p; j++) {
        eta += beta[j] * (x[i][j] - means[j]);
      }
      risk[i] = Math.exp(eta) * data.weight(i);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> data.stratum(a) != data.stratum(b) ? Integer.compare(data.stratum(a), data.stratum(b))
        : Double.compare(data.time()[a], data.time()[b]));
    double[][] resid = new double[n][p];
    int start = 0;
    while (start < n) {
      int end = start;
      while (end < n && data.stratum(order[end]) == data.stratum(order[start])) {
        end++;
      }
      stratum(data, order, start, end, risk, ties, resid);
      start = end;
    }
    return resid;
  }

  private static void stratum(CoxData data, Integer[] order, int start, int end, double[] risk, Ties ties,
      double[][] resid) {
    int p = resid[0].length;
    double[][] x = data.x();
    // risk-set sums for each block of tied times, accumulated from the largest time down
    int blocks = 0;
    int[] blockStart = new int[end - start];
    for (int k = start; k < end; k++) {
      if (k == start || data.time()[order[k]] != data.time()[order[k - 1]]) {
        blockStart[blocks++] = k;
      }
    }
    double[] s0 = new double[blocks];
    double[][] s1 = new double[blocks][p];
    double runningS0 = 0;
    double[] runningS1 = new double[p];
    for (int b = blocks - 1; b >= 0; b--) {
      int bEnd = b + 1 < blocks ? blockStart[b + 1] : end;
      for (int k = blockStart[b]; k < bEnd; k++) {
        int i = order[k];
        runningS0 += risk[i];
        for (int j = 0; j < p; j++) {
          runningS1[j] += risk[i] * x[i][j];
        }
      }
      s0[b] = runningS0;
      s1[b] = runningS1.clone();
    }
    // walk forward: cumulative hazard H and sum of xbar dH over the death times passed so far
    double cumH = 0;
    double[] cumG = new double[p];
    for (int b = 0; b < blocks; b++) {
      int bEnd = b + 1 < blocks ? blockStart[b + 1] : end;
      int deaths = 0;
      double deadWeight = 0;
      double deadRisk = 0;
      double[] deadS1 = new double[p];
      for (int k = blockStart[b]; k < bEnd; k++) {
        int i = order[k];
        if (data.event()[i]) {
          deaths++;
          deadWeight += data.weight(i);
          deadRisk += risk[i];
          for (int j = 0; j < p; j++) {
            deadS1[j] += risk[i] * x[i][j];
          }
        }
      }
      double stepH = 0;
      double[] stepG = new double[p];
      double deathH = 0;
      double[] deathG = new double[p];
      double[] meanXbar = new double[p];
      if (deaths > 0) {
        int parts = ties == Ties.EFRON ? deaths : 1;
        double partWeight = deadWeight / parts;
        for (int k = 0; k < parts; k++) {
          double frac = (double) k / parts;
          double denom = s0[b] - frac * deadRisk;
          double h = partWeight / denom;
          stepH += h;
          deathH += (1 - frac) * h;
          for (int j = 0; j < p; j++) {
            double xbar = (s1[b][j] - frac * deadS1[j]) / denom;
            stepG[j] += h * xbar;
            deathG[j] += (1 - frac) * h * xbar;
            meanXbar[j] += xbar / parts;
          }
        }
      }
      for (int k = blockStart[b]; k < bEnd; k++) {
        int i = order[k];
        double r = risk[i] / data.weight(i);
        boolean dead = data.event()[i] && deaths > 0;
        double h = cumH + (dead ? deathH : stepH);
        for (int j = 0; j < p; j++) {
          double g = cumG[j] + (dead ? deathG[j] : stepG[j]);
          resid[i][j] = (dead ? x[i][j] - meanXbar[j] : 0) - r * (x[i][j] * h - g);
        }
      }
      cumH += stepH;
      for (int j = 0; j < p; j++) {
        cumG[j] += stepG[j];
      }
    }
  }

  /** Sandwich variance: sum over clusters of (sum of w_i r_i V)' (sum of w_i r_i V), R's robust variance. */
  static double[][] robustVariance(CoxData data, double[][] resid, double[][] variance) {
    int p = variance.length;
    java.util.Map<Integer, double[]> byCluster = new java.util.HashMap<>();
    for (int i = 0; i < data.size(); i++) {
      int cluster = data.cluster() == null ? i : data.cluster()[i];
      double[] acc = byCluster.computeIfAbsent(cluster, c -> new double[p]);
      for (int j = 0; j < p; j++) {
        double dfbeta = 0;
        for (int k = 0; k < p; k++) {
          dfbeta += resid[i][k] * variance[k][j];
        }
        acc[j] += data.weight(i) * dfbeta;
      }
    }
    double[][] out = new double[p][p];
    for (double[] d : byCluster.values()) {
      for (int j = 0; j < p; j++) {
        for (int k = 0; k < p; k++) {
          out[j][k] += d[j] * d[k];
        }
      }
    }
    return out;
  }
}
