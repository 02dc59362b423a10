package org.npcoutcomes.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * The robust sandwich's middle for rows held in memory: the risk totals of every (stratum, time) block at
 * the fitted beta give the {@link CoxHazardTable}, from which each row's score residual follows
 * (R's {@code residuals(fit, type = "score")}); their weighted sums per cluster (each row its own cluster
 * when there are none) make the meat.
 */
final class CoxScoreResiduals implements CoxRobustMeat {
  private final CoxData data;
  private final double[][] z;
  private final Ties ties;

  /** @param z internal covariates, by row */
  CoxScoreResiduals(CoxData data, double[][] z, Ties ties) {
    this.data = data;
    this.z = z;
    this.ties = ties;
  }

  @Override
  public double[][] at(double[] internalBeta) {
    int n = data.size();
    int p = internalBeta.length;
    StratumTimeIndex index = StratumTimeIndex.of(data.time(), data.stratum());
    int[] block = new int[n];
    double[] eta = new double[n];
    CoxRiskTotals totals = new CoxRiskTotals(p, index.blocks(), false);
    for (int i = 0; i < n; i++) {
      block[i] = index.block(data.stratum(i), data.time()[i]);
      eta[i] = CoxRiskTotals.linearPredictor(internalBeta, z[i]);
      totals.add(block[i], data.event()[i], data.weight(i), z[i], eta[i]);
    }
    CoxHazardTable hazard = CoxHazardTable.of(totals, index, ties);
    SandwichMeat meat = new SandwichMeat(p);
    Map<Integer, double[]> byCluster = new HashMap<>();
    double[] r = new double[p];
    for (int i = 0; i < n; i++) {
      hazard.residual(block[i], data.event()[i], z[i], Math.exp(eta[i]), r);
      double w = data.weight(i);
      double[] sum = data.cluster() == null ? new double[p] : byCluster.computeIfAbsent(data.cluster()[i],
          c -> new double[p]);
      for (int j = 0; j < p; j++) {
        sum[j] += w * r[j];
      }
      if (data.cluster() == null) {
        meat.addCluster(sum);
      }
    }
    byCluster.values().forEach(meat::addCluster);
    return meat.matrix();
  }
}
