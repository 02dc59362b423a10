package org.npcoutcomes.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The profile log partial likelihood of one Cox coefficient (the treatment's) on a grid, from any
 * {@link CoxLikelihood} (rows in memory or aggregated by Spark). At each grid value {@code beta} of the
 * coefficient, the other coefficients are maximised with it held fixed, by the fit's own Newton iteration
 * (as R's {@code coxph} with {@code offset(beta * treat)}); with no other coefficient (the crude model) the
 * likelihood is simply evaluated there. At that constrained optimum:
 * <ul>
 *   <li>{@code logLik} is the log partial likelihood;</li>
 *   <li>{@code d1} is the score of the profiled coefficient: by the envelope theorem the derivative of the
 *       profile, since the other coefficients' scores are zero there;</li>
 *   <li>{@code d2 = -1 / [I^-1]_tt} with I the full information matrix there, i.e. minus the Schur complement
 *       {@code I_tt - I_to I_oo^-1 I_ot}: the second derivative of the profile (the information of the
 *       coefficient once the others have adjusted to it).</li>
 * </ul>
 * Ties, strata and case weights are those of the likelihood. The grid is walked outward from the point
 * nearest the fitted coefficient, each Newton iteration starting where its neighbour's ended, so a point
 * takes a step or two; each step is one pass over an aggregated population.
 */
public final class CoxProfile {
  private CoxProfile() {}

  /**
   * @param scaling the internal centring and scaling of the likelihood's covariates
   * @param fitted the fitted coefficients (original scale), where the walk starts; NaN counts as 0
   * @param term the profiled coefficient
   * @param betas grid values of the coefficient (original scale), ascending
   */
  public static List<ProfilePoint> of(CoxLikelihood likelihood, CoxScaling scaling, CoxOptions options,
      double[] fitted, int term, double[] betas) {
    int p = scaling.p();
    if (term < 0 || term >= p || fitted.length != p) {
      throw new IllegalArgumentException("no coefficient " + term + " among " + p + " to profile");
    }
    double[] start = new double[p];
    for (int j = 0; j < p; j++) {
      start[j] = Double.isFinite(fitted[j]) ? fitted[j] : 0;
    }
    double[] internalStart = scaling.internal(start);
    int first = 0;
    for (int i = 1; i < betas.length; i++) {
      if (Math.abs(betas[i] - start[term]) < Math.abs(betas[first] - start[term])) {
        first = i;
      }
    }
    ProfilePoint[] out = new ProfilePoint[betas.length];
    double[] from = internalStart;
    for (int i = first; i < betas.length; i++) {
      from = point(likelihood, scaling, options, term, betas[i], from, out, i);
    }
    from = internalStart;
    for (int i = first - 1; i >= 0; i--) {
      from = point(likelihood, scaling, options, term, betas[i], from, out, i);
    }
    return List.of(out);
  }

  /** Fills {@code out[i]}; returns the internal coefficients at its optimum, where the next point starts. */
  private static double[] point(CoxLikelihood likelihood, CoxScaling scaling, CoxOptions options, int term,
      double beta, double[] from, ProfilePoint[] out, int i) {
    double scale = scaling.scale()[term];
    Constrained constrained = new Constrained(likelihood, term, beta / scale);
    double[] others = constrained.others(from);
    if (others.length > 0) {
      others = CoxNewton.maximise(constrained, others, options).beta();
    }
    CoxStep at = constrained.stepAt(others);
    int p = scaling.p();
    double[][] info = at.information();
    double schur = info[term][term];
    if (p > 1) {
      double[][] ioo = new double[p - 1][p - 1];
      double[] iot = new double[p - 1];
      for (int j = 0; j < p - 1; j++) {
        int jj = constrained.position(j);
        iot[j] = info[jj][term];
        for (int k = 0; k < p - 1; k++) {
          ioo[j][k] = info[jj][constrained.position(k)];
        }
      }
      // redundant nuisance columns drop out of the solve, as they drop out of the fit
      double[] solved = new CholeskySolver(ioo, options.tolerChol()).solve(iot);
      for (int j = 0; j < p - 1; j++) {
        schur -= iot[j] * solved[j];
      }
    }
    out[i] = new ProfilePoint(beta, at.logLik(), at.score()[term] / scale, -schur / (scale * scale));
    return constrained.insert(others);
  }

  /** The likelihood as a function of the other coefficients, the profiled one held at {@code fixed}. */
  private static final class Constrained implements CoxLikelihood {
    private final CoxLikelihood full;
    private final int term;
    private final double fixed;
    private double[] lastBeta;
    private CoxStep last;

    Constrained(CoxLikelihood full, int term, double fixed) {
      this.full = full;
      this.term = term;
      this.fixed = fixed;
    }

    /** Position in the full coefficients of the j-th other coefficient. */
    int position(int j) {
      return j < term ? j : j + 1;
    }

    double[] others(double[] all) {
      double[] out = new double[all.length - 1];
      for (int j = 0; j < out.length; j++) {
        out[j] = all[position(j)];
      }
      return out;
    }

    double[] insert(double[] others) {
      double[] b = new double[others.length + 1];
      b[term] = fixed;
      for (int j = 0; j < others.length; j++) {
        b[position(j)] = others[j];
      }
      return b;
    }

    /** The full step at these other coefficients (the last evaluation's when it was there). */
    CoxStep stepAt(double[] others) {
      double[] b = insert(others);
      if (last == null || !Arrays.equals(b, lastBeta)) {
        lastBeta = b;
        last = full.evaluate(b);
      }
      return last;
    }

    @Override
    public CoxStep evaluate(double[] others) {
      CoxStep step = stepAt(others);
      int q = others.length;
      double[] score = new double[q];
      double[][] information = new double[q][q];
      for (int j = 0; j < q; j++) {
        score[j] = step.score()[position(j)];
        for (int k = 0; k < q; k++) {
          information[j][k] = step.information()[position(j)][position(k)];
        }
      }
      return new CoxStep(step.logLik(), score, information);
    }
  }
}
