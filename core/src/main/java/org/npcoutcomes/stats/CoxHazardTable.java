package org.npcoutcomes.stats;

import java.io.Serializable;

/**
 * Per (stratum, time) block, what a row's score residual needs besides its own values, at the fitted
 * beta: the cumulative hazard H and the cumulative sum G of xbar dH up to the block, as seen by a row
 * censored there and by a row dying there, and the mean over the Efron parts of xbar at the block.
 * Under Efron a row dying in a tie of d deaths carries weight (1 - k/d) in the k-th of the d partial
 * steps. Covariates are on the internal scale. Small (blocks x (2 + 3p)), so it can be shipped to the rows.
 */
public final class CoxHazardTable implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int p;
  private final int stride;
  private final double[] table; // per block: hCensor, hDeath, gCensor[p], gDeath[p], meanXbar[p]

  private CoxHazardTable(int p, int blocks) {
    this.p = p;
    this.stride = 2 + 3 * p;
    this.table = new double[blocks * stride];
  }

  /** @param totals the risk totals (information not needed) at the fitted beta, numbered as in {@code index} */
  public static CoxHazardTable of(CoxRiskTotals totals, StratumTimeIndex index, Ties ties) {
    int p = totals.p();
    CoxHazardTable t = new CoxHazardTable(p, index.blocks());
    for (int s = 0; s < index.strata(); s++) {
      t.fillStratum(totals, index.stratumStart(s), index.stratumStart(s + 1), ties);
    }
    return t;
  }

  private void fillStratum(CoxRiskTotals totals, int start, int end, Ties ties) {
    // risk-set sums of each block (rows with time >= its time), accumulated from the largest time down
    int blocks = end - start;
    double[] s0 = new double[blocks];
    double[][] s1 = new double[blocks][p];
    double runningS0 = 0;
    double[] runningS1 = new double[p];
    for (int b = blocks - 1; b >= 0; b--) {
      runningS0 += totals.censoredS0(start + b) + totals.deathS0(start + b);
      for (int j = 0; j < p; j++) {
        runningS1[j] += totals.censoredS1(start + b, j) + totals.deathS1(start + b, j);
      }
      s0[b] = runningS0;
      s1[b] = runningS1.clone();
    }
    // forward: cumulative hazard H and sum of xbar dH over the death times passed so far
    double cumH = 0;
    double[] cumG = new double[p];
    for (int b = 0; b < blocks; b++) {
      int block = start + b;
      int deaths = totals.deaths(block);
      double stepH = 0;
      double[] stepG = new double[p];
      double deathH = 0;
      double[] deathG = new double[p];
      double[] meanXbar = new double[p];
      if (deaths > 0) {
        int parts = ties == Ties.EFRON ? deaths : 1;
        double partWeight = totals.deathWeight(block) / parts;
        double deadRisk = totals.deathS0(block);
        for (int k = 0; k < parts; k++) {
          double frac = (double) k / parts;
          double denom = s0[b] - frac * deadRisk;
          double h = partWeight / denom;
          stepH += h;
          deathH += (1 - frac) * h;
          for (int j = 0; j < p; j++) {
            double xbar = (s1[b][j] - frac * totals.deathS1(block, j)) / denom;
            stepG[j] += h * xbar;
            deathG[j] += (1 - frac) * h * xbar;
            meanXbar[j] += xbar / parts;
          }
        }
      }
      int o = block * stride;
      table[o] = cumH + stepH;
      table[o + 1] = cumH + deathH;
      for (int j = 0; j < p; j++) {
        table[o + 2 + j] = cumG[j] + stepG[j];
        table[o + 2 + p + j] = cumG[j] + deathG[j];
        table[o + 2 + 2 * p + j] = meanXbar[j];
      }
      cumH += stepH;
      for (int j = 0; j < p; j++) {
        cumG[j] += stepG[j];
      }
    }
  }

  /**
   * A row's score residual (unweighted, internal scale, as R's {@code residuals(fit, "score")} times the
   * scale): the observed covariate minus its expectation at its death, less its share
   * e^eta (z - xbar(t)) dH(t) of the compensator over the times it was at risk.
   *
   * @param expEta e^eta of the row, without its weight
   */
  public void residual(int block, boolean event, double[] z, double expEta, double[] out) {
    int o = block * stride;
    double h = table[o + (event ? 1 : 0)];
    int g = o + 2 + (event ? p : 0);
    for (int j = 0; j < p; j++) {
      out[j] = (event ? z[j] - table[o + 2 + 2 * p + j] : 0) - expEta * (z[j] * h - table[g + j]);
    }
  }
}
