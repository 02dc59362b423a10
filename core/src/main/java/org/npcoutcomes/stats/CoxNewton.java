package org.npcoutcomes.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * coxfit6's Newton-Raphson from zero (or a given start) on any {@link CoxLikelihood}: step-halving when the
 * likelihood falls or is not finite, converged when the relative change of the log likelihood is at most
 * {@code eps}. The iteration is a {@link Search} taking one likelihood evaluation at a time, so that many
 * searches (the points of a likelihood profile) can share each pass over rows held on a cluster.
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
    Search search = new Search(start, options);
    for (double[] at = search.next(); at != null; at = search.next()) {
      search.take(likelihood.evaluate(at));
    }
    return search.outcome();
  }

  /**
   * The iteration as a state machine: {@link #next} says where the likelihood is wanted (null once the
   * search has ended), {@link #take} takes the step there.
   */
  static final class Search {
    private final CoxOptions options;
    private final int p;
    private double[] beta;
    private double[] newBeta;
    private CoxStep latest;
    private CholeskySolver chol;
    private double logLikNull;
    private double best;
    private double scoreTest;
    private int halving;
    private int iterations;
    private boolean started;
    private boolean converged;
    /** Out of iterations: the likelihood is wanted once more, back at the best beta. */
    private boolean finalEvaluation;
    private boolean done;
    private final List<String> warnings = new ArrayList<>();

    Search(double[] start, CoxOptions options) {
      this.options = options;
      this.p = start.length;
      this.beta = start.clone();
    }

    double[] next() {
      if (done) {
        return null;
      }
      return !started || finalEvaluation ? beta.clone() : newBeta.clone();
    }

    void take(CoxStep step) {
      latest = step;
      chol = new CholeskySolver(step.information(), options.tolerChol());
      if (!started) {
        started = true;
        logLikNull = step.logLik();
        double[] first = chol.solve(step.score());
        for (int j = 0; j < p; j++) {
          scoreTest += step.score()[j] * first[j];
        }
        best = logLikNull;
        newBeta = new double[p];
        for (int j = 0; j < p; j++) {
          newBeta[j] = beta[j] + first[j];
        }
        finalEvaluation = options.maxIterations() < 1;
        return;
      }
      if (finalEvaluation) {
        best = step.logLik();
        warnings.add("ran out of iterations and did not converge");
        done = true;
        return;
      }
      iterations++;
      boolean finite = Double.isFinite(step.logLik()) && Arrays.stream(step.score()).allMatch(Double::isFinite);
      if (finite && Math.abs(1 - best / step.logLik()) <= options.eps()) {
        best = step.logLik();
        beta = newBeta.clone();
        converged = true;
        done = true;
        return;
      }
      if (!finite || step.logLik() < best) {
        halving++;
        for (int j = 0; j < p; j++) {
          newBeta[j] = (newBeta[j] + halving * beta[j]) / (halving + 1.0);
        }
      } else {
        halving = 0;
        best = step.logLik();
        double[] delta = chol.solve(step.score());
        for (int j = 0; j < p; j++) {
          beta[j] = newBeta[j];
          newBeta[j] = newBeta[j] + delta[j];
        }
      }
      finalEvaluation = iterations >= options.maxIterations();
    }

    /** The result once {@link #next} has returned null; {@code last} is the step at {@code beta}. */
    Outcome outcome() {
      if (!done) {
        throw new IllegalStateException("the Newton iteration has not ended");
      }
      return new Outcome(beta, latest, chol, logLikNull, best, scoreTest, iterations, converged,
          List.copyOf(warnings));
    }
  }
}
