package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.PropensitySpec;
import org.npcoutcomes.design.ModelTerms;
import org.npcoutcomes.propensity.BalanceTotals;
import org.npcoutcomes.propensity.LogisticFit;
import org.npcoutcomes.propensity.LogisticRegression;
import org.npcoutcomes.propensity.MatchOrder;
import org.npcoutcomes.propensity.MatchedSet;
import org.npcoutcomes.propensity.NearestNeighborMatcher;
import org.npcoutcomes.propensity.PropensityWeights;
import org.npcoutcomes.propensity.ScoreCounts;

/**
 * The propensity part of an analysis held in memory, on complete cases of the whole cohort: the model,
 * balance and weighted populations of {@link PropensityEstimates}, and what needs the units themselves:
 * greedy nearest-neighbour matching with the matched sample's balance, truncated weights and the patients'
 * scores. It defines the matched and weighted populations ({@link Adjustments}) that the survival tasks then
 * analyse like any other population.
 */
final class PropensityAnalysis {
  private final AnalysisSpec spec;
  private final PropensitySpec ps;

  PropensityAnalysis(AnalysisSpec spec) {
    this.spec = spec;
    this.ps = spec.propensity();
  }

  /** The covariates of the propensity model: its own list, or the analysis covariates. */
  static List<String> covariates(AnalysisSpec spec) {
    return spec.propensity().covariates().isEmpty() ? spec.covariateColumns() : spec.propensity().covariates();
  }

  /** Label of the weighted population of an estimand. */
  static String weightedPopulation(String estimand) {
    return PropensityWeights.Estimand.parse(estimand) == PropensityWeights.Estimand.OVERLAP ? "overlap"
        : "iptw_" + estimand;
  }

  /** @param messages the task's messages, which get the model's warnings as flags */
  Adjustments run(String id, CohortArrays cc, AnalysisResult out, List<String> messages) {
    Units units = new Units(cc);
    PropensityEstimates.Fitted fitted = new PropensityEstimates(spec).run(id, units, messages, out);
    if (fitted.unusable() != null) {
      return Adjustments.unusable(fitted.unusable());
    }
    LogisticFit model = fitted.fit();
    double[] score = model.fitted();
    int n = cc.size();
    int[] subclass = new int[n];
    List<int[]> matched = ps.matching() ? match(id, cc, units, score, model, fitted.cStatistic(), subclass, out)
        : List.of();
    scores(id, cc, units.treated, model, subclass, out);
    // as a reader expects them: unadjusted, matched, then each weighting
    out.balance.sort(java.util.Comparator.comparingInt(r -> displayRank(r.population())));
    out.adjustment.sort(java.util.Comparator.comparingInt(r -> displayRank(r.population())));
    Map<String, double[]> weights = new LinkedHashMap<>();
    for (String estimand : ps.estimands()) {
      weights.put(weightedPopulation(estimand), units.weights(fitted.coef(), estimand));
    }
    int[] matchedRows = new int[matched.size()];
    int[] matchedSet = new int[matched.size()];
    for (int k = 0; k < matchedRows.length; k++) {
      matchedRows[k] = cc.source[matched.get(k)[0]];
      matchedSet[k] = matched.get(k)[1];
    }
    return new Adjustments(ps.matching() ? matchedRows : null, matchedSet, cc.source.clone(), weights, null);
  }

  private static int displayRank(String population) {
    return population.equals(Population.OVERALL) ? 0 : population.equals(Population.MATCHED) ? 1 : 2;
  }

  /** The complete cases as the propensity estimates read them. */
  private final class Units implements PropensityData {
    final boolean[] treated;
    private final double[][] x;
    private final ModelTerms model;
    private final BalanceColumns columns;
    /** [unit][balance column] */
    private final double[][] values;

    Units(CohortArrays cc) {
      List<String> names = covariates(spec);
      Map<String, List<String>> levels = new LinkedHashMap<>();
      for (String name : names) {
        int c = spec.categorical().indexOf(name);
        if (c >= 0) {
          levels.put(name, cc.levels(spec, c));
        }
      }
      columns = BalanceColumns.of(spec, names, levels);
      DesignMatrix design = DesignMatrix.build(cc, spec, false, names);
      model = design.model();
      x = design.x();
      int n = cc.size();
      treated = new boolean[n];
      values = new double[n][];
      for (int i = 0; i < n; i++) {
        int row = i;
        treated[i] = cc.treated[i] == 1;
        values[i] = columns.values(k -> cc.categorical[k][row], k -> cc.continuous[k][row]);
      }
    }

    @Override
    public long units() {
      return treated.length;
    }

    @Override
    public long treated() {
      long t = 0;
      for (boolean b : treated) {
        t += b ? 1 : 0;
      }
      return t;
    }

    @Override
    public ModelTerms model() {
      return model;
    }

    @Override
    public LogisticFit fit() {
      double[] y = new double[treated.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = treated[i] ? 1 : 0;
      }
      return LogisticRegression.fit(x, y, model.terms());
    }

    double[] score(double[] coef) {
      double[] out = new double[x.length];
      for (int i = 0; i < out.length; i++) {
        double eta = coef[0];
        for (int j = 0; j < x[i].length; j++) {
          eta += coef[j + 1] * x[i][j];
        }
        out[i] = 1 / (1 + Math.exp(-eta));
      }
      return out;
    }

    @Override
    public ScoreCounts scores(double[] coef) {
      return ScoreCounts.of(score(coef), treated);
    }

    @Override
    public BalanceColumns columns() {
      return columns;
    }

    /** An estimand's weights, truncated at the configured quantiles. */
    double[] weights(double[] coef, String estimand) {
      double[] w = PropensityWeights.weights(treated, score(coef), PropensityWeights.Estimand.parse(estimand),
          ps.stabilize());
      return ps.truncate().isEmpty() ? w : PropensityWeights.truncate(w, ps.truncate().get(0), ps.truncate().get(1));
    }

    @Override
    public BalanceTotals balance(double[] coef, List<String> estimands) {
      double[][] w = new double[estimands.size()][];
      for (int e = 0; e < w.length; e++) {
        w[e] = weights(coef, estimands.get(e));
      }
      BalanceTotals totals = new BalanceTotals(1 + w.length, columns.size());
      double[] unit = new double[1 + w.length];
      for (int i = 0; i < treated.length; i++) {
        unit[0] = 1;
        for (int e = 0; e < w.length; e++) {
          unit[e + 1] = w[e][i];
        }
        totals.add(values[i], treated[i], unit);
      }
      return totals;
    }

    /** Unweighted balance totals of some units (a unit may repeat). */
    BalanceTotals balanceOf(List<int[]> rows) {
      BalanceTotals totals = new BalanceTotals(1, columns.size());
      double[] one = {1};
      for (int[] r : rows) {
        totals.add(values[r[0]], treated[r[0]], one);
      }
      return totals;
    }
  }

  /** Matches; fills each unit's matched set (0 = unmatched) and returns {row, set} per matched entry. */
  private List<int[]> match(String id, CohortArrays cc, Units units, double[] score, LogisticFit model,
      double cStatistic, int[] subclassOf, AnalysisResult out) {
    boolean[] treated = units.treated;
    double[] distance = ps.caliperOnLogitSd() ? model.linearPredictor() : score;
    double caliper = ps.caliperOnLogitSd() ? ps.caliper() * sd(model.linearPredictor()) : ps.caliper();
    String[] exact = null;
    if (!ps.exact().isEmpty()) {
      exact = new String[cc.size()];
      for (int i = 0; i < exact.length; i++) {
        StringBuilder key = new StringBuilder();
        for (String v : ps.exact()) {
          key.append(cc.categorical[spec.categorical().indexOf(v)][i]).append('\u0001');
        }
        exact[i] = key.toString();
      }
    }
    MatchedSet set = new NearestNeighborMatcher(ps.ratio(), caliper, ps.replace(), MatchOrder.parse(ps.order()),
        ps.seed()).match(treated, distance, exact);
    List<int[]> rows = new ArrayList<>(); // {row, subclass}
    for (MatchedSet.Pair p : set.pairs()) {
      rows.add(new int[] {p.treated(), p.subclass()});
      subclassOf[p.treated()] = p.subclass();
      for (int c : p.controls()) {
        rows.add(new int[] {c, p.subclass()});
        subclassOf[c] = p.subclass();
        out.pairs.add(new AnalysisResult.PairRow(id, Population.MATCHED, "nearest", p.subclass(), cc.id[p.treated()],
            cc.id[c], Math.abs(distance[p.treated()] - distance[c])));
      }
    }
    long matchedTreated = rows.stream().filter(r -> treated[r[0]]).count();
    long matchedReference = rows.size() - matchedTreated;
    BalanceTotals unadjustedTotals = units.balance(new double[0], List.of());
    int columns = units.columns().size();
    PropensityEstimates.balanceRows(id, Population.MATCHED, units.columns(),
        PropensityEstimates.moments(units.balanceOf(rows), 0, columns),
        PropensityEstimates.moments(unadjustedTotals, 0, columns), true, out);
    out.adjustment.add(new AnalysisResult.AdjustmentRow(id, Population.MATCHED, "nearest", matchedTreated,
        matchedReference, matchedTreated, matchedReference, cStatistic, set.treatedUnmatched(),
        set.controlsUnmatched(), 0));
    return rows;
  }

  /** The patients' scores, weights and matched sets (restricted: only with an id column). */
  private void scores(String id, CohortArrays cc, boolean[] treated, LogisticFit model, int[] subclass,
      AnalysisResult out) {
    if (spec.id().isEmpty()) {
      return;
    }
    double[] score = model.fitted();
    double[] ate = PropensityWeights.weights(treated, score, PropensityWeights.Estimand.ATE, ps.stabilize());
    double[] att = PropensityWeights.weights(treated, score, PropensityWeights.Estimand.ATT, false);
    double[] overlap = PropensityWeights.weights(treated, score, PropensityWeights.Estimand.OVERLAP, false);
    for (int i = 0; i < score.length; i++) {
      out.scores.add(new AnalysisResult.ScoreRow(id, Population.OVERALL, "logistic", cc.id[i],
          treated[i] ? spec.treatedArm() : spec.referenceArm(), score[i], model.linearPredictor()[i],
          subclass[i] == 0 ? null : subclass[i], ate[i], att[i], overlap[i]));
    }
  }

  private static double sd(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (v.length - 1));
  }
}
