package org.npcoutcomes.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * coxfit6's Newton-Raphson from zero (or a given start) on any {@link CoxLikelihood}: step-halving when the likelihood falls
 * or is not finite, converged when the relative change of the log likelihood is at most {@code eps}.
 */
final class CoxNewton {
  private CoxNewton() {}

  /** Where the iteration ended: beta on the internal scale, the step there, and its decomposition. */
  record Outcome(double[] beta, CoxStep last, CholeskySolver chol, double logLikNull, double logLik,
      double scoreTest, int iterations, boolean converged, List<String> warnings) {}

  static Outcome maximise(CoxLikelihood likelihood, int p, CoxOptions options) {
    return maximise(likelihood, new double[p], options);
  }

  /** From {@code start} (internal scale) instead of zero, as coxph's {@code init}; "null" is then the start. */
  static Outcome maximise(CoxLikelihood likelihood, double[] start, CoxOptions options) {
    int p = start.length;
    double[] beta = start.clone();
    CoxStep current = likelihood.evaluate(beta);
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
    CoxStep latest = current;
    for (int iter = 1; iter <= options.maxIterations(); iter++) {
      iterations = iter;
      latest = likelihood.evaluate(newBeta);
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
      latest = likelihood.evaluate(beta);
      best = latest.logLik();
      chol = new CholeskySolver(latest.information(), options.tolerChol());
      warnings.add("ran out of iterations and did not converge");
    }
    return new Outcome(beta, latest, chol, logLikNull, best, scoreTest, iterations, converged, warnings);
  }
}
