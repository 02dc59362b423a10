package org.npcoutcomes.plan;

import java.util.List;
import org.npcoutcomes.design.ModelTerms;
import org.npcoutcomes.propensity.BalanceTotals;
import org.npcoutcomes.propensity.LogisticFit;
import org.npcoutcomes.propensity.ScoreCounts;

/**
 * The units a propensity model is fitted on (complete cases of the analysis covariates), wherever they are
 * held: in memory ({@link PropensityAnalysis}) or where the cohort's rows are ({@link AggregatedPropensity}).
 * {@link PropensityEstimates} is written once against it.
 */
interface PropensityData {
  long units();

  long treated();

  /** The score's design (no treatment column). */
  ModelTerms model();

  /** {@code glm(treated ~ covariates, binomial)} on the units. */
  LogisticFit fit();

  /** Each distinct score under {@code coef} (intercept first, aliased terms 0) with its units per arm. */
  ScoreCounts scores(double[] coef);

  /** The columns balance is reported on (the levels those among the units). */
  BalanceColumns columns();

  /**
   * Balance totals of {@link #columns} over the units: scheme 0 unweighted, then one per estimand with its
   * weights under {@code coef} (as its weighted population is analysed).
   */
  BalanceTotals balance(double[] coef, List<String> estimands);
}
