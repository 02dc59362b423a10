package org.npcoutcomes.stats.competing;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;

/**
 * Fine–Gray proportional subdistribution hazards regression as {@code cmprsk::crr} fits it (one censoring
 * group, no time-varying covariates): subjects who failed from a competing cause stay in the risk set with
 * weight G(t-)/G(T_i-), G the Kaplan–Meier of censoring; Newton–Raphson from zero with crr's convergence
 * rule (gradient below 1e-6 relative to the likelihood, at most 10 iterations, step halving on an Armijo
 * test), and crr's sandwich variance, which accounts for the estimated censoring distribution. The rows are
 * sorted once and every sum is a sweep over them, so a fit costs O(n log n + n p^2) per iteration.
 */
public final class FineGray {
  private static final double GTOL = 1e-6;
  private static final int MAX_ITERATIONS = 10;

  private FineGray() {}

  public static FineGrayFit fit(double[] time, int[] status, double[][] x, String[] terms, int failCode) {
    return fit(time, status, null, x, terms, failCode);
  }

  /**
   * The same from rows that each stand for {@code patients[i]} patients with that time, status and x (null:
   * one each): the fit, and crr's variance, of the patients, whose rows alike in all three add up.
   */
  public static FineGrayFit fit(double[] time, int[] status, double[] patients, double[][] x, String[] terms,
      int failCode) {
    SortedCohort cohort = SortedCohort.of(time, status, patients, x, failCode);
    PseudoLikelihood likelihood = new PseudoLikelihood(cohort);
    int p = cohort.covariates();
    double[] b = new double[p];
    boolean converged = false;
    PseudoLikelihood.Evaluation at = null;
    for (int iter = 0; iter <= MAX_ITERATIONS; iter++) {
      at = likelihood.evaluate(b, true);
      double lik = at.negLogLik();
      double[] score = at.score();
      double gradient = 0;
      for (int j = 0; j < p; j++) {
        gradient = Math.max(gradient, Math.abs(score[j]) * Math.max(Math.abs(b[j]), 1));
      }
      if (gradient < Math.max(Math.abs(lik), 1) * GTOL) {
        converged = true;
        break;
      }
      if (iter == MAX_ITERATIONS) {
        break;
      }
      double[] step = new LUDecomposition(new Array2DRowRealMatrix(at.information())).getSolver()
          .solve(new ArrayRealVector(score)).mapMultiply(-1).toArray();
      double slope = 0;
      for (int j = 0; j < p; j++) {
        slope += step[j] * score[j];
      }
      double[] next = add(b, step);
      double likNext = likelihood.evaluate(next, false).negLogLik();
      int halvings = 0;
      while (Double.isNaN(likNext) || likNext > lik + 1e-4 * slope) {
        halvings++;
        for (int j = 0; j < p; j++) {
          step[j] *= 0.5;
        }
        slope *= 0.5;
        next = add(b, step);
        likNext = likelihood.evaluate(next, false).negLogLik();
        if (halvings > 20) {
          break;
        }
      }
      if (halvings > 20) {
        break;
      }
      b = next;
    }
    // every way out of the loop leaves the last full evaluation at the final b
    double[][] variance = new CrrVariance(cohort).sandwich(at);
    double[] se = new double[p];
    for (int j = 0; j < p; j++) {
      se[j] = Math.sqrt(variance[j][j]);
    }
    double nullLik = likelihood.evaluate(new double[p], false).negLogLik();
    return new FineGrayFit(terms.clone(), b, se, variance, -at.negLogLik(), -nullLik,
        (int) Math.round(TimeOrder.total(patients, time.length)), converged);
  }

  private static double[] add(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      out[j] = a[j] + b[j];
    }
    return out;
  }
}
