package org.npcoutcomes.stats;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A fitted Cox model. {@code variance} is the one R reports as {@code fit$var} (the robust one when the
 * model is robust); {@code se} is always model-based, {@code robustSe} null unless robust.
 */
public record CoxFit(String[] terms, double[] coef, double[] se, double[] robustSe, double[][] variance,
    double logLikNull, double logLik, int iterations, boolean converged, HypothesisTest likelihoodRatio,
    HypothesisTest wald, HypothesisTest score, Concordance concordance, int n, double events, List<String> warnings) {

  /** Coefficients with hazard ratios and Wald CIs, using the robust SE when there is one, as R does. */
  public List<CoxCoefficient> coefficients(double confLevel) {
    NormalDistribution normal = new NormalDistribution();
    double z = normal.inverseCumulativeProbability(1 - (1 - confLevel) / 2);
    List<CoxCoefficient> out = new ArrayList<>();
    for (int j = 0; j < coef.length; j++) {
      double useSe = robustSe == null ? se[j] : robustSe[j];
      double stat = coef[j] / useSe;
      double p = 2 * normal.cumulativeProbability(-Math.abs(stat));
      out.add(new CoxCoefficient(terms[j], coef[j], se[j], robustSe == null ? Double.NaN : robustSe[j],
          Math.exp(coef[j]), Math.exp(coef[j] - z * useSe), Math.exp(coef[j] + z * useSe), stat, p));
    }
    return out;
  }
}
