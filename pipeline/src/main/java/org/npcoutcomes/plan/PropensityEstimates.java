package org.npcoutcomes.plan;

import java.util.List;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.propensity.Balance;
import org.npcoutcomes.propensity.BalanceTotals;
import org.npcoutcomes.propensity.LogisticFit;
import org.npcoutcomes.propensity.ScoreCounts;

/**
 * The propensity model of a cohort and what follows from it, written once against {@link PropensityData}
 * whether its units are in memory or aggregated by Spark: the logistic model with its fit diagnostics, the
 * C-statistic and common support, the score distribution, and covariate balance before and after each
 * weighting with the weighted populations' effective sizes. A model whose scores are unusable (not
 * converged, separation) gets its rows and unadjusted balance but defines no adjusted population.
 */
final class PropensityEstimates {
  /** Width of the bins of the score distribution mart. */
  static final double BIN = 0.05;

  private final AnalysisSpec spec;

  PropensityEstimates(AnalysisSpec spec) {
    this.spec = spec;
  }

  /**
   * @param coef the coefficients the scores are computed from (an aliased term, NA in glm, as 0)
   * @param unusable why no adjusted population may be built on the model, or null
   */
  record Fitted(LogisticFit fit, double[] coef, double cStatistic, String unusable) {}

  Fitted run(String id, PropensityData data, List<String> messages, AnalysisResult out) {
    LogisticFit fit = data.fit();
    double[] coef = java.util.Arrays.stream(fit.coef()).map(b -> Double.isNaN(b) ? 0 : b).toArray();
    ScoreCounts scores = data.scores(coef);
    double cStatistic = scores.cStatistic();
    PropensityFlags flags = PropensityFlags.of(fit, cStatistic);
    TaskStatus.flag(messages, flags.warnings());
    long n = data.units();
    long treated = data.treated();
    for (int k = 0; k < fit.terms().length; k++) {
      out.propensityModel.add(new AnalysisResult.PropensityModelRow(id, Population.OVERALL, "logistic", k,
          fit.terms()[k], fit.coef()[k], fit.se()[k], fit.z()[k], fit.pValue()[k], n, treated, fit.deviance(),
          fit.nullDeviance(), fit.aic(), fit.iterations(), fit.converged(), cStatistic, data.model().references(),
          flags.line()));
    }
    long[][] bins = scores.bins(BIN);
    for (int a = 0; a <= 1; a++) {
      for (int b = 0; b < bins[a].length; b++) {
        out.scoreBins.add(new AnalysisResult.ScoreBinRow(id, Population.OVERALL, "logistic",
            a == 1 ? spec.treatedArm() : spec.referenceArm(), b * BIN, (b + 1) * BIN, bins[a][b]));
      }
    }
    String unusable = flags.unusable();
    List<String> estimands = unusable == null ? spec.propensity().estimands() : List.of();
    BalanceColumns columns = data.columns();
    BalanceTotals totals = data.balance(coef, estimands);
    Balance.Moments[][] unadjusted = moments(totals, 0, columns.size());
    balanceRows(id, Population.OVERALL, columns, unadjusted, unadjusted, false, out);
    out.adjustment.add(new AnalysisResult.AdjustmentRow(id, Population.OVERALL, "unadjusted", treated,
        n - treated, treated, n - treated, cStatistic, 0, 0, scores.outsideCommonSupport()));
    if (unusable != null) {
      // no matches, weights or patient scores from a model whose scores are 0 or 1 or still moving
      messages.add(TaskStatus.WARNING + unusable + ": no matched or weighted population");
      return new Fitted(fit, coef, cStatistic, unusable);
    }
    for (int e = 0; e < estimands.size(); e++) {
      String estimand = estimands.get(e);
      String population = PropensityAnalysis.weightedPopulation(estimand);
      balanceRows(id, population, columns, moments(totals, e + 1, columns.size()), unadjusted,
          estimand.equals("att"), out);
      out.adjustment.add(new AnalysisResult.AdjustmentRow(id, population, estimand, treated, n - treated,
          totals.effectiveSampleSize(e + 1, true), totals.effectiveSampleSize(e + 1, false), cStatistic, 0, 0, 0));
    }
    return new Fitted(fit, coef, cStatistic, null);
  }

  /** Moments per column and arm {treated, reference} under one weighting scheme. */
  static Balance.Moments[][] moments(BalanceTotals totals, int scheme, int columns) {
    Balance.Moments[][] out = new Balance.Moments[columns][];
    for (int c = 0; c < columns; c++) {
      out[c] = new Balance.Moments[] {totals.moments(scheme, true, c), totals.moments(scheme, false, c)};
    }
    return out;
  }

  /** Standardized mean differences (and variance ratios of continuous columns) of one population. */
  static void balanceRows(String id, String population, BalanceColumns columns, Balance.Moments[][] adjusted,
      Balance.Moments[][] unadjusted, boolean treatedSd, AnalysisResult out) {
    for (int c = 0; c < adjusted.length; c++) {
      double smd = Balance.smd(adjusted[c][0], adjusted[c][1], unadjusted[c], treatedSd);
      Double ratio = columns.binary(c) ? null : Balance.varianceRatio(adjusted[c][0], adjusted[c][1]);
      out.balance.add(new AnalysisResult.BalanceRow(id, population, "logistic", columns.variable().get(c),
          columns.level().get(c), smd, ratio, Math.abs(smd) < 0.1));
    }
  }
}
