package org.npcoutcomes.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What a Kaplan–Meier curve needs of its rows, per distinct time of a fixed table: weighted events and
 * censorings, and the sums of squared weights of each (for the infinitesimal-jackknife variance).
 * Mergeable, so that partial totals over parts of the rows add up to the totals of all of them.
 */
public final class KaplanMeierTotals implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] times;
  private final double[] events;
  private final double[] censored;
  private final double[] eventSquares;
  private final double[] censoredSquares;
  private boolean fractionalWeights;

  /** @param times the distinct times, ascending, that every added row's time is one of */
  public KaplanMeierTotals(double[] times) {
    for (int j = 1; j < times.length; j++) {
      if (!(times[j] > times[j - 1])) {
        throw new IllegalArgumentException("the time table must be strictly ascending");
      }
    }
    this.times = times.clone();
    int m = times.length;
    events = new double[m];
    censored = new double[m];
    eventSquares = new double[m];
    censoredSquares = new double[m];
  }

  /** Builds the table of distinct times of {@code time} and returns empty totals over it. */
  public static KaplanMeierTotals over(double[] time) {
    return new KaplanMeierTotals(DistinctTimes.sorted(time));
  }

  public void add(double time, boolean event, double weight) {
    if (Double.isNaN(time) || time < 0) {
      throw new IllegalArgumentException("time must be a non-negative number, not " + time);
    }
    if (!(weight > 0)) {
      throw new IllegalArgumentException("weights must be positive, not " + weight);
    }
    int j = Arrays.binarySearch(times, time + 0.0);
    if (j < 0) {
      throw new IllegalArgumentException("time " + time + " is not in the table of distinct times");
    }
    if (event) {
      events[j] += weight;
      eventSquares[j] += weight * weight;
    } else {
      censored[j] += weight;
      censoredSquares[j] += weight * weight;
    }
    fractionalWeights |= weight != Math.rint(weight);
  }

  /** Adds {@code other}, which must be over the same table of times. */
  public KaplanMeierTotals merge(KaplanMeierTotals other) {
    if (!Arrays.equals(times, other.times)) {
      throw new IllegalArgumentException("Kaplan-Meier totals over different time tables cannot be merged");
    }
    for (int j = 0; j < times.length; j++) {
      events[j] += other.events[j];
      censored[j] += other.censored[j];
      eventSquares[j] += other.eventSquares[j];
      censoredSquares[j] += other.censoredSquares[j];
    }
    fractionalWeights |= other.fractionalWeights;
    return this;
  }

  /** Whether any added weight was not a whole number (survfit then uses the robust variance). */
  public boolean hasFractionalWeights() {
    return fractionalWeights;
  }

  /** The totals restricted to the times that some row has, as the curve is reported. */
  Observed observed() {
    int m = 0;
    for (int j = 0; j < times.length; j++) {
      m += events[j] > 0 || censored[j] > 0 ? 1 : 0;
    }
    Observed o = new Observed(new double[m], new double[m], new double[m], new double[m], new double[m]);
    for (int j = 0, k = 0; j < times.length; j++) {
      if (events[j] > 0 || censored[j] > 0) {
        o.time[k] = times[j];
        o.events[k] = events[j];
        o.censored[k] = censored[j];
        o.eventSquares[k] = eventSquares[j];
        o.censoredSquares[k] = censoredSquares[j];
        k++;
      }
    }
    return o;
  }

  record Observed(double[] time, double[] events, double[] censored, double[] eventSquares,
      double[] censoredSquares) {}
}
