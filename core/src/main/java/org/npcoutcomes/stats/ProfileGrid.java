package org.npcoutcomes.stats;

import java.util.Arrays;

/**
 * Where a likelihood profile of a log hazard ratio is evaluated. Every run uses the same fixed lattice
 * -3, -2.95, ..., 3 (hazard ratios 0.05 to 20), computed as {@code (k - 60) / 20.0} so that the profiles of
 * different sites or registries share the very same doubles and can be summed point by point. When the
 * estimate is finite, 17 points around it are added, {@code coef + se * m / 2} for m = -8..8 (the estimate
 * ± 4 SE): they resolve the peak of a large site, whose curvature the lattice is too coarse for. "Finite"
 * means coef and se finite, se > 0 and |coef| + 4 se <= 10; a site with no events in one arm has a
 * monotone profile and an estimate drifting to infinity, and gets the lattice alone, which still shows the
 * shape of its likelihood where the other sites' lie.
 */
public final class ProfileGrid {
  /** Lattice points per unit of log hazard ratio. */
  public static final int STEPS_PER_UNIT = 20;
  /** Lattice points on each side of zero: the lattice spans ±{@code HALF_WIDTH / STEPS_PER_UNIT}. */
  public static final int HALF_WIDTH = 60;
  /** Points on each side of the estimate, half a standard error apart. */
  private static final int LOCAL_HALF_WIDTH = 8;
  /** The local points are added only when the estimate ± 4 SE lies within ±this. */
  private static final double FINITE_BOUND = 10;

  private ProfileGrid() {}

  /** The fixed lattice alone, ascending. */
  public static double[] lattice() {
    double[] out = new double[2 * HALF_WIDTH + 1];
    for (int k = 0; k < out.length; k++) {
      out[k] = (k - HALF_WIDTH) / (double) STEPS_PER_UNIT;
    }
    return out;
  }

  /** The lattice and, for a finite estimate, the points around {@code coef}; ascending, without repeats. */
  public static double[] around(double coef, double se) {
    double[] lattice = lattice();
    boolean finite = Double.isFinite(coef) && Double.isFinite(se) && se > 0
        && Math.abs(coef) + LOCAL_HALF_WIDTH / 2.0 * se <= FINITE_BOUND;
    if (!finite) {
      return lattice;
    }
    double[] all = Arrays.copyOf(lattice, lattice.length + 2 * LOCAL_HALF_WIDTH + 1);
    for (int m = -LOCAL_HALF_WIDTH; m <= LOCAL_HALF_WIDTH; m++) {
      all[lattice.length + m + LOCAL_HALF_WIDTH] = coef + se * m / 2;
    }
    return Arrays.stream(all).sorted().distinct().toArray();
  }
}
