package org.npcoutcomes.synthesis;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/** Roots of monotone functions of τ² on [lower, ∞), bracketed by doubling the upper end. */
final class Roots {
  private static final int MAX_EVALUATIONS = 10_000;

  private Roots() {}

  /**
   * The root of {@code f} above {@code lower}, where {@code f(lower) > 0} and f eventually turns negative;
   * solved to full double precision so that our value is R's converged value, not an approximation of it.
   */
  static double decreasingRoot(DoubleUnaryOperator f, double lower, double start) {
    double lo = lower;
    double hi = Math.max(start, lower + 1);
    int doublings = 0;
    while (f.applyAsDouble(hi) > 0) {
      lo = hi;
      hi *= 2;
      if (++doublings > 200) {
        throw new ArithmeticException("no root below " + hi);
      }
    }
    return new BrentSolver(1e-15, 1e-300, 0).solve(MAX_EVALUATIONS, f::applyAsDouble, lo, hi);
  }
}
