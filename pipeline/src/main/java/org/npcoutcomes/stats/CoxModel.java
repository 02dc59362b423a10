package org.npcoutcomes.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cox proportional-hazards regression as R's {@code coxph} (survival's coxfit6): partial likelihood with
 * Breslow or Efron handling of ties, case weights and strata, Newton–Raphson from zero with step-halving,
 * converged when the relative change of the log partial likelihood is at most {@code eps}. Covariates
 * are centred and scaled internally (0/1 indicators are left as they are), as R does.
 */
public final class CoxModel {
  private final CoxData data;
  private final CoxOptions options;
  private final int n;
  private final int p;
  private final Integer[] order;
  private final double[][] x;
  private final double[] scale;

  private CoxModel(CoxData data, CoxOptions options) {
    this.data = data;
    this.options = options;
    this.n = data.size();
    this.p = data.terms().length;
    this.order = sortedOrder(data);
    this.x = new double[n][p];
    this.scale = new double[p];
    standardise();
  }

  public static CoxFit fit(CoxData data, CoxOptions options) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("no rows to fit a Cox model on");
    }
    boolean anyEvent = false;
    for (boolean e : data.event()) {
      anyEvent |= e;
    }
    if (!anyEvent) {
      throw new IllegalArgumentException("no events: a Cox model cannot be fitted");
    }
    return new CoxModel(data, options).run();
  }

  /** By stratum, then time ascending; the likelihood walk goes from the end (largest times) backwards. */
  private static Integer[] sortedOrder(CoxData d) {
    Integer[] o = new Integer[d.size()];
    for (int i = 0; i < o.length; i++) {
      o[i] = i;
      if (Double.isNaN(d.time()[i])) {
        throw new IllegalArgumentException("missing time in row " + i);
      }
    }
    Arrays.sort(o, (a, b) -> d.stratum(a) != d.stratum(b) ? Integer.compare(d.stratum(a), d.stratum(b))
        : Double.compare(d.time()[a], d.time()[b]));
    return o;
  }

  private void standardise() {
    double totalWeight = 0;
    for (int i = 0; i < n; i++) {
      totalWeight += data.weight(i);
    }
    for (int j = 0; j < p; j++) {
      boolean indicator = true;
      for (int i = 0; i < n; i++) {
        double v = data.x()[i][j];
        indicator &= v == 0 || v == 1 || v == -1;
      }
      double mean = 0;
      double s = 1;
      if (!indicator) {
        for (int i = 0; i < n; i++) {
          mean += data.weight(i) * data.x()[i][j];
        }
        mean /= totalWeight;
        double abs = 0;
        for (int i = 0; i < n; i++) {
          abs += data.weight(i) * Math.abs(data.x()[i][j] - mean);
        }
        s = abs > 0 ? totalWeight / abs : 1;
      }
      scale[j] = s;
      for (int i = 0; i < n; i++) {
        x[i][j] = (data.x()[i][j] - mean) * s;
      }
    }
  }

  /** Log partial likelihood, score and information at beta (on the internal scale). */
  private record Step(double logLik, double[] score, double[][] information) {}

  /** Receives the score and information added at each death time (internal scale), for cox.zph. */
  interface DeathTimeListener {
    void accept(double time, double[] score, double[][] information);
  }

  private Step evaluate(double[] beta) {
    return evaluate(beta, null);
  }

  private Step evaluate(double[] beta, DeathTimeListener listener) {
    double[] u = new double[p];
    double[][] imat = new double[p][p];
    double[] a = new double[p];
    double[] a2 = new double[p];
    double[][] cmat = new double[p][p];
    double[][] cmat2 = new double[p][p];
    double logLik = 0;
    double denom = 0;
    int pos = n - 1;
    while (pos >= 0) {
      int stratum = data.stratum(order[pos]);
      if (pos == n - 1 || data.stratum(order[pos + 1]) != stratum) {
        denom = 0;
        Arrays.fill(a, 0);
        for (double[] row : cmat) {
          Arrays.fill(row, 0);
        }
      }
      double t = data.time()[order[pos]];
      double[] uBefore = listener == null ? null : u.clone();
      double[][] imatBefore = listener == null ? null : copy(imat);
      int deaths = 0;
      double deadWeight = 0;
      double denom2 = 0;
      while (pos >= 0 && data.time()[order[pos]] == t && data.stratum(order[pos]) == stratum) {
        int i = order[pos];
        double zbeta = 0;
        for (int j = 0; j < p; j++) {
          zbeta += beta[j] * x[i][j];
        }
        double w = data.weight(i);
        double risk = Math.exp(zbeta) * w;
        if (!data.event()[i]) {
          denom += risk;
          for (int j = 0; j < p; j++) {
            a[j] += risk * x[i][j];
            for (int k = 0; k <= j; k++) {
              cmat[j][k] += risk * x[i][j] * x[i][k];
            }
          }
        } else {
          deaths++;
          deadWeight += w;
          denom2 += risk;
          logLik += w * zbeta;
          for (int j = 0; j < p; j++) {
            u[j] += w * x[i][j];
            a2[j] += risk * x[i][j];
            for (int k = 0; k <= j; k++) {
              cmat2[j][k] += risk * x[i][j] * x[i][k];
            }
          }
        }
        pos--;
      }
      if (deaths == 0) {
        continue;
      }
      // Breslow adds all deaths at once; Efron adds them in `deaths` equal parts, one term each.
      int parts = options.ties() == Ties.EFRON ? deaths : 1;
      double partWeight = deadWeight / parts;
      for (int part = 0; part < parts; part++) {
        denom += denom2 / parts;
        logLik -= partWeight * Math.log(denom);
        for (int j = 0; j < p; j++) {
          a[j] += a2[j] / parts;
          double mean = a[j] / denom;
          u[j] -= partWeight * mean;
          for (int k = 0; k <= j; k++) {
            cmat[j][k] += cmat2[j][k] / parts;
            imat[k][j] += partWeight * (cmat[j][k] - mean * a[k]) / denom;
          }
        }
      }
      Arrays.fill(a2, 0);
      for (double[] row : cmat2) {
        Arrays.fill(row, 0);
      }
      if (listener != null) {
        double[] du = new double[p];
        double[][] di = new double[p][p];
        for (int j = 0; j < p; j++) {
          du[j] = u[j] - uBefore[j];
          for (int k = j; k < p; k++) {
            di[j][k] = imat[j][k] - imatBefore[j][k];
            di[k][j] = di[j][k];
          }
        }
        listener.accept(t, du, di);
      }
    }
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < j; k++) {
        imat[j][k] = imat[k][j];
      }
    }
    return new Step(logLik, u, imat);
  }

  private static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }

  /** Per-death-time score and information at the given coefficients (original scale), for cox.zph. */
  static void deathTimeContributions(CoxData data, CoxOptions options, double[] coef, DeathTimeListener listener) {
    CoxModel model = new CoxModel(data, options);
    double[] internal = new double[coef.length];
    for (int j = 0; j < coef.length; j++) {
      internal[j] = coef[j] / model.scale[j];
    }
    model.evaluate(internal, listener);
  }

  private CoxFit run() {
    double[] beta = new double[p];
    Step current = evaluate(beta);
    double logLikNull = current.logLik();
    CholeskySolver chol = new CholeskySolver(current.information(), options.tolerChol());
    double[] step = chol.solve(current.score());
    double scoreTest = 0;
    for (int j = 0; j < p; j++) {
      scoreTest += current.score()[j] * step[j];
    }
    double best = logLikNull;
    double[] newBeta = new double[p];
    for (int j = 0; j < p; j++) {
      newBeta[j] = beta[j] + step[j];
    }
    int halving = 0;
    boolean converged = false;
    int iterations = 0;
    Step latest = current;
    for (int iter = 1; iter <= options.maxIterations(); iter++) {
      iterations = iter;
      latest = evaluate(newBeta);
      chol = new CholeskySolver(latest.information(), options.tolerChol());
      boolean finite = Double.isFinite(latest.logLik()) && Arrays.stream(latest.score()).allMatch(Double::isFinite);
      if (finite && Math.abs(1 - best / latest.logLik()) <= options.eps()) {
        best = latest.logLik();
        beta = newBeta.clone();
        converged = true;
        break;
      }
      if (!finite || latest.logLik() < best) {
        halving++;
        for (int j = 0; j < p; j++) {
          newBeta[j] = (newBeta[j] + halving * beta[j]) / (halving + 1.0);
        }
      } else {
        halving = 0;
        best = latest.logLik();
        double[] delta = chol.solve(latest.score());
        for (int j = 0; j < p; j++) {
          beta[j] = newBeta[j];
          newBeta[j] = newBeta[j] + delta[j];
        }
      }
    }
    List<String> warnings = new ArrayList<>();
    if (!converged) {
      latest = evaluate(beta);
      best = latest.logLik();
      chol = new CholeskySolver(latest.information(), options.tolerChol());
      warnings.add("ran out of iterations and did not converge");
    }
    return result(beta, latest, chol, logLikNull, best, scoreTest, iterations, converged, warnings);
  }

  private static double[] finite(double[] v) {
    double[] out = v.clone();
    for (int j = 0; j < out.length; j++) {
      out[j] = Double.isNaN(out[j]) ? 0 : out[j];
    }
    return out;
  }

  private CoxFit result(double[] internalBeta, Step last, CholeskySolver chol, double logLikNull, double logLik,
      double scoreTest, int iterations, boolean converged, List<String> warnings) {
    double[][] inverse = chol.inverse();
    double[] coef = new double[p];
    double[] se = new double[p];
    double[] u = new double[p];
    double[][] variance = new double[p][p];
    for (int j = 0; j < p; j++) {
      coef[j] = chol.isRedundant(j) ? Double.NaN : internalBeta[j] * scale[j];
      u[j] = last.score()[j] / scale[j];
      for (int k = 0; k < p; k++) {
        variance[j][k] = inverse[j][k] * scale[j] * scale[k];
      }
      se[j] = chol.isRedundant(j) ? Double.NaN : Math.sqrt(variance[j][j]);
    }
    if (converged) {
      // R's check for a coefficient drifting to infinity (monotone likelihood): score times variance
      double tolerInf = Math.sqrt(options.eps());
      List<String> infinite = new ArrayList<>();
      for (int j = 0; j < p; j++) {
        double s = 0;
        for (int k = 0; k < p; k++) {
          s += u[k] * variance[k][j];
        }
        if (Math.abs(s) > options.eps() && Math.abs(s) > tolerInf * Math.abs(coef[j])) {
          infinite.add(data.terms()[j]);
        }
      }
      if (!infinite.isEmpty()) {
        warnings.add("log-likelihood converged before " + String.join(", ", infinite)
            + "; coefficient may be infinite (monotone likelihood)");
      }
    }
    for (int j = 0; j < p; j++) {
      if (chol.isRedundant(j)) {
        warnings.add(data.terms()[j] + " is collinear with other terms and was left out");
      }
    }
    int df = 0;
    for (int j = 0; j < p; j++) {
      df += chol.isRedundant(j) ? 0 : 1;
    }
    double[] robustSe = null;
    double[][] reported = variance;
    boolean anyRedundant = df < p;
    if ((options.robust() || data.cluster() != null) && !anyRedundant) {
      double[][] resid = CoxScoreResiduals.compute(data, coef, options.ties());
      reported = CoxScoreResiduals.robustVariance(data, resid, variance);
      robustSe = new double[p];
      for (int j = 0; j < p; j++) {
        robustSe[j] = Math.sqrt(reported[j][j]);
      }
    }
    // Wald statistic coef' V^-1 coef with the variance R reports (the robust one when robust)
    double wald = 0;
    double[] solved = new CholeskySolver(reported, options.tolerChol()).solve(finite(coef));
    for (int j = 0; j < p; j++) {
      wald += Double.isNaN(coef[j]) ? 0 : coef[j] * solved[j];
    }
    double events = 0;
    for (int i = 0; i < n; i++) {
      events += data.event()[i] ? data.weight(i) : 0;
    }
    double lr = 2 * (logLik - logLikNull);
    return new CoxFit(data.terms().clone(), coef, se, robustSe, reported, logLikNull, logLik, iterations, converged,
        new HypothesisTest(lr, df, ChiSquare.upperTail(lr, df)),
        new HypothesisTest(wald, df, ChiSquare.upperTail(wald, df)),
        new HypothesisTest(scoreTest, df, ChiSquare.upperTail(scoreTest, df)),
        null, n, events, List.copyOf(warnings));
  }
}
