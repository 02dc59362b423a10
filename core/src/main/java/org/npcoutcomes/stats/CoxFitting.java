package org.npcoutcomes.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * A Cox fit from its likelihood, however that is computed: the Newton iteration, then coefficients and
 * variances back on the original scale, R's monotone-likelihood and collinearity warnings, the robust
 * sandwich when asked for, and the likelihood-ratio, Wald and score tests.
 */
public final class CoxFitting {
  private CoxFitting() {}

  /** @param meat the robust sandwich's middle, or null for the model-based variance only */
  public static CoxFit fit(CoxLikelihood likelihood, CoxDesignSummary design, CoxOptions options,
      CoxRobustMeat meat) {
    int p = design.terms().length;
    CoxNewton.Outcome o = CoxNewton.maximise(likelihood, p, options);
    CholeskySolver chol = o.chol();
    double[] scale = design.scaling().scale();
    String[] terms = design.terms();
    List<String> warnings = new ArrayList<>(o.warnings());
    double[][] inverse = chol.inverse();
    double[] coef = new double[p];
    double[] se = new double[p];
    double[] u = new double[p];
    double[][] variance = new double[p][p];
    for (int j = 0; j < p; j++) {
      coef[j] = chol.isRedundant(j) ? Double.NaN : o.beta()[j] * scale[j];
      u[j] = o.last().score()[j] / scale[j];
      for (int k = 0; k < p; k++) {
        variance[j][k] = inverse[j][k] * scale[j] * scale[k];
      }
      se[j] = chol.isRedundant(j) ? Double.NaN : Math.sqrt(variance[j][j]);
    }
    if (o.converged()) {
      // R's check for a coefficient drifting to infinity (monotone likelihood): score times variance
      double tolerInf = Math.sqrt(options.eps());
      List<String> infinite = new ArrayList<>();
      for (int j = 0; j < p; j++) {
        double s = 0;
        for (int k = 0; k < p; k++) {
          s += u[k] * variance[k][j];
        }
        if (Math.abs(s) > options.eps() && Math.abs(s) > tolerInf * Math.abs(coef[j])) {
          infinite.add(terms[j]);
        }
      }
      if (!infinite.isEmpty()) {
        warnings.add("log-likelihood converged before " + String.join(", ", infinite)
            + "; coefficient may be infinite (monotone likelihood)");
      }
    }
    int df = 0;
    for (int j = 0; j < p; j++) {
      if (chol.isRedundant(j)) {
        warnings.add(terms[j] + " is collinear with other terms and was left out");
      } else {
        df++;
      }
    }
    double[] robustSe = null;
    double[][] reported = variance;
    if (meat != null && df == p) {
      reported = sandwich(variance, meat.at(o.beta()), scale);
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
    double lr = 2 * (o.logLik() - o.logLikNull());
    return new CoxFit(terms.clone(), coef, se, robustSe, reported, o.logLikNull(), o.logLik(), o.iterations(),
        o.converged(), new HypothesisTest(lr, df, ChiSquare.upperTail(lr, df)),
        new HypothesisTest(wald, df, ChiSquare.upperTail(wald, df)),
        new HypothesisTest(o.scoreTest(), df, ChiSquare.upperTail(o.scoreTest(), df)),
        null, design.n(), design.events(), List.copyOf(warnings));
  }

  /**
   * V M V with M taken to the original scale: residuals of the original covariates are those of the
   * internal ones divided by the scale.
   */
  private static double[][] sandwich(double[][] variance, double[][] internalMeat, double[] scale) {
    int p = scale.length;
    double[][] vm = new double[p][p];
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < p; k++) {
        double s = 0;
        for (int l = 0; l < p; l++) {
          s += variance[j][l] * internalMeat[l][k] / (scale[l] * scale[k]);
        }
        vm[j][k] = s;
      }
    }
    double[][] out = new double[p][p];
    for (int j = 0; j < p; j++) {
      for (int k = j; k < p; k++) {
        double s = 0;
        for (int l = 0; l < p; l++) {
          s += vm[j][l] * variance[l][k];
        }
        out[j][k] = s;
        out[k][j] = s; // symmetric by construction; rounding would make it only nearly so
      }
    }
    return out;
  }

  private static double[] finite(double[] v) {
    double[] out = v.clone();
    for (int j = 0; j < out.length; j++) {
      out[j] = Double.isNaN(out[j]) ? 0 : out[j];
    }
    return out;
  }
}
