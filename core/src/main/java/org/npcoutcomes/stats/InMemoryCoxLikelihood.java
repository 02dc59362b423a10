package org.npcoutcomes.stats;

/**
 * The partial likelihood of rows held in memory, streamed block by block: rows sorted by stratum and
 * time are summed one (stratum, time) block at a time into a single reusable block of totals, which the
 * walk takes before the next is summed, so memory does not grow with the number of distinct times.
 */
final class InMemoryCoxLikelihood implements CoxLikelihood {
  private final CoxData data;
  private final double[][] z;
  private final int[] order;
  private final Ties ties;

  /**
   * @param z internal covariates, by row
   * @param order rows by stratum, then time ascending
   */
  InMemoryCoxLikelihood(CoxData data, double[][] z, int[] order, Ties ties) {
    this.data = data;
    this.z = z;
    this.order = order;
    this.ties = ties;
  }

  @Override
  public CoxStep evaluate(double[] internalBeta) {
    return evaluate(internalBeta, null);
  }

  CoxStep evaluate(double[] beta, CoxRiskSetWalk.DeathTimeListener listener) {
    int p = beta.length;
    CoxRiskSetWalk walk = new CoxRiskSetWalk(p, ties, listener);
    CoxRiskTotals block = new CoxRiskTotals(p, 1, true);
    int pos = order.length - 1;
    while (pos >= 0) {
      int stratum = data.stratum(order[pos]);
      if (pos == order.length - 1 || data.stratum(order[pos + 1]) != stratum) {
        walk.newStratum();
      }
      double t = data.time()[order[pos]];
      block.clear();
      while (pos >= 0 && data.time()[order[pos]] == t && data.stratum(order[pos]) == stratum) {
        int i = order[pos--];
        block.add(0, data.event()[i], data.weight(i), z[i], CoxRiskTotals.linearPredictor(beta, z[i]));
      }
      walk.add(block, 0, t);
    }
    return walk.result();
  }
}
