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
 * Ties, strata and case weights are those of the likelihood. Every point's Newton iteration starts from the
 * fitted coefficients, and the points iterate together: each round evaluates the likelihood at every point
 * still iterating in one call ({@link CoxLikelihood#evaluate(List)}), which rows on a cluster answer in one
 * pass, so a profile costs as many passes as its slowest point takes Newton steps (one for the crude model).
 */
public final class CoxProfile {
  private CoxProfile() {}

  /**
   * @param scaling the internal centring and scaling of the likelihood's covariates
   * @param fitted the fitted coefficients (original scale), where each point's iteration starts; NaN counts as 0
   * @param term the profiled coefficient
   * @param betas grid values of the coefficient (original scale)
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
    double scale = scaling.scale()[term];
    int n = betas.length;
    Constrained[] points = new Constrained[n];
    CoxNewton.Search[] searches = new CoxNewton.Search[n];
    for (int i = 0; i < n; i++) {
      points[i] = new Constrained(term, betas[i] / scale);
      searches[i] = new CoxNewton.Search(points[i].others(internalStart), options);
    }
    // the full step last evaluated at each point: at its optimum once its search has ended
    CoxStep[] last = new CoxStep[n];
    double[][] lastAt = new double[n][];
    while (true) {
      List<Integer> active = new ArrayList<>();
      List<double[]> at = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // with no other coefficient there is nothing to iterate: one evaluation at the point
        double[] others = p == 1 ? (last[i] == null ? new double[0] : null) : searches[i].next();
        if (others != null) {
          active.add(i);
          at.add(points[i].insert(others));
        }
      }
      if (active.isEmpty()) {
        break;
      }
      List<CoxStep> steps = likelihood.evaluate(at);
      for (int k = 0; k < active.size(); k++) {
        int i = active.get(k);
        last[i] = steps.get(k);
        lastAt[i] = at.get(k);
        if (p > 1) {
          searches[i].take(points[i].restrict(last[i]));
        }
      }
    }
    List<ProfilePoint> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] optimum = p == 1 ? lastAt[i] : points[i].insert(searches[i].outcome().beta());
      if (!Arrays.equals(optimum, lastAt[i])) {
        last[i] = likelihood.evaluate(optimum);
      }
      out.add(point(last[i], points[i], term, betas[i], scale, options));
    }
    return List.copyOf(out);
  }

  /** The profile at one point from the full step at its constrained optimum. */
  private static ProfilePoint point(CoxStep at, Constrained constrained, int term, double beta, double scale,
      CoxOptions options) {
    double[][] info = at.information();
    int p = info.length;
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
    return new ProfilePoint(beta, at.logLik(), at.score()[term] / scale, -schur / (scale * scale));
  }

  /** One grid point: the profiled coefficient held at {@code fixed} (internal scale), the others free. */
  private static final class Constrained {
    private final int term;
    private final double fixed;

    Constrained(int term, double fixed) {
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

    /** The step of the likelihood as a function of the other coefficients alone. */
    CoxStep restrict(CoxStep full) {
      int q = full.score().length - 1;
      double[] score = new double[q];
      double[][] information = new double[q][q];
      for (int j = 0; j < q; j++) {
        score[j] = full.score()[position(j)];
        for (int k = 0; k < q; k++) {
          information[j][k] = full.information()[position(j)][position(k)];
        }
      }
      return new CoxStep(full.logLik(), score, information);
    }
  }
}
