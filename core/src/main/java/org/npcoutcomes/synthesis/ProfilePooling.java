package org.npcoutcomes.synthesis;

import java.util.List;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Pools sites' profile log-likelihoods of one coefficient: the common-effect estimate maximises their sum,
 * and the likelihood-ratio interval is where the sum falls by χ²₁(level)/2 from its maximum. For Cox models
 * of independent sites this is the partial likelihood of a model stratified by site, so the result equals
 * {@code coxph(... + strata(site))} on the stacked rows without any row leaving its site; unlike pooling
 * each site's normal approximation it stays right for sites with few events, whose likelihood is skewed.
 * The accuracy is that of {@link LikelihoodProfile#valueAt} (quintic Hermite between grid points).
 */
public final class ProfilePooling {
  private ProfilePooling() {}

  /**
   * @param lower NaN when the sum does not fall far enough inside the common grid (the bound lies beyond
   *     it); likewise {@code upper}
   * @param atGridEdge the maximum is at an end of the common grid (no interior maximum: widen the grid)
   */
  public record Result(int sites, double estimate, double lower, double upper, double maxLogLik,
      double level, double gridMin, double gridMax, boolean atGridEdge) {}

  /** The same sites pooled by inverse variance of their own normal approximations (for comparison). */
  public record NormalApproximation(double estimate, double se, double lower, double upper,
      double[] siteEstimates, double[] siteSe) {}

  public static Result pool(List<LikelihoodProfile> profiles, double level) {
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("no profiles to pool");
    }
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    for (LikelihoodProfile p : profiles) {
      lo = Math.max(lo, p.min());
      hi = Math.min(hi, p.max());
    }
    if (!(lo < hi)) {
      throw new IllegalArgumentException("the profiles' grids do not overlap");
    }
    double gridLo = lo;
    double gridHi = hi;
    java.util.function.DoubleUnaryOperator sum = b -> {
      double s = 0;
      for (LikelihoodProfile p : profiles) {
        s += p.valueAt(b);
      }
      return s;
    };
    double est = argMax(sum, gridLo, gridHi);
    double max = sum.applyAsDouble(est);
    double tol = 1e-9 * (gridHi - gridLo);
    boolean atEdge = est - gridLo < tol || gridHi - est < tol;
    double drop = Distributions.chiSquareQuantile(level, 1) / 2;
    double cut = max - drop;
    BrentSolver solver = new BrentSolver(1e-15, 1e-14);
    double lower = sum.applyAsDouble(gridLo) < cut
        ? solver.solve(10_000, b -> sum.applyAsDouble(b) - cut, gridLo, est) : Double.NaN;
    double upper = sum.applyAsDouble(gridHi) < cut
        ? solver.solve(10_000, b -> sum.applyAsDouble(b) - cut, est, gridHi) : Double.NaN;
    return new Result(profiles.size(), est, lower, upper, max, level, gridLo, gridHi, atEdge);
  }

  /**
   * Each site summarised as a normal approximation (its own maximum and the curvature there), then pooled
   * by inverse variance: what pooling published estimates and standard errors does.
   */
  public static NormalApproximation normalApproximation(List<LikelihoodProfile> profiles, double level) {
    int k = profiles.size();
    double[] est = new double[k];
    double[] se = new double[k];
    double[] var = new double[k];
    for (int i = 0; i < k; i++) {
      LikelihoodProfile p = profiles.get(i);
      est[i] = argMax(p::valueAt, p.min(), p.max());
      double curvature = p.secondDerivativeAt(est[i]);
      var[i] = -1 / curvature;
      se[i] = Math.sqrt(var[i]);
    }
    PooledEstimate fit = MetaAnalysis.fit(est, var, TauEstimator.EE, IntervalTest.Z, level);
    return new NormalApproximation(fit.estimate(), fit.se(), fit.lower(), fit.upper(), est, se);
  }

  private static double argMax(java.util.function.DoubleUnaryOperator f, double lo, double hi) {
    return new BrentOptimizer(1e-14, 1e-14).optimize(new MaxEval(100_000), GoalType.MAXIMIZE,
        new SearchInterval(lo, hi), new UnivariateObjectiveFunction(f::applyAsDouble)).getPoint();
  }
}
