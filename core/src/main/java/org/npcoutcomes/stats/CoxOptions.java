package org.npcoutcomes.stats;

/** Fitting options, with R's coxph.control defaults. */
public record CoxOptions(Ties ties, boolean robust, int maxIterations, double eps, double tolerChol) {
  public static CoxOptions defaults(Ties ties) {
    return new CoxOptions(ties, false, 20, 1e-9, Math.pow(Math.ulp(1.0), 0.75));
  }

  public CoxOptions withRobust(boolean robust) {
    return new CoxOptions(ties, robust, maxIterations, eps, tolerChol);
  }
}
