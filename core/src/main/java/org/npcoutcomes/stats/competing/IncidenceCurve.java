package org.npcoutcomes.stats.competing;

/**
 * A cumulative incidence curve as {@code cmprsk::cuminc} returns it: the corners of the step function
 * (each event time of the cause appears twice, before and after the jump; the curve starts at (0, 0) and
 * ends at the last follow-up time), with the variance at each point.
 */
public record IncidenceCurve(int cause, double[] time, double[] estimate, double[] variance) {

  /** Estimate and variance at each time, as {@code timepoints()}: the last point at or before it; NaN past the end. */
  public double[][] at(double[] times) {
    double[][] out = new double[2][times.length];
    for (int k = 0; k < times.length; k++) {
      int last = -1;
      for (int j = 0; j < time.length && time[j] <= times[k]; j++) {
        last = j;
      }
      boolean beyond = times[k] > time[time.length - 1];
      out[0][k] = last < 0 || beyond ? Double.NaN : estimate[last];
      out[1][k] = last < 0 || beyond ? Double.NaN : variance[last];
    }
    return out;
  }
}
