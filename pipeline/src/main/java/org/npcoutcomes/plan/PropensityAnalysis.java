package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PropensitySpec;
import org.npcoutcomes.design.LevelOrder;
import org.npcoutcomes.propensity.Balance;
import org.npcoutcomes.propensity.CStatistic;
import org.npcoutcomes.propensity.LogisticFit;
import org.npcoutcomes.propensity.LogisticRegression;
import org.npcoutcomes.propensity.MatchOrder;
import org.npcoutcomes.propensity.MatchedSet;
import org.npcoutcomes.propensity.NearestNeighborMatcher;
import org.npcoutcomes.propensity.PropensityWeights;

/**
 * The propensity part of an analysis, on complete cases of the whole cohort: a logistic propensity model,
 * greedy nearest-neighbour matching and inverse-probability / overlap weights, with covariate balance before
 * and after each adjustment. It defines the matched and weighted populations ({@link Adjustments}) that the
 * survival tasks then analyse like any other population.
 */
final class PropensityAnalysis {
  private final AnalysisSpec spec;
  private final PropensitySpec ps;

  /** Width of the bins of the score distribution mart. */
  private static final double BIN = 0.05;

  PropensityAnalysis(AnalysisSpec spec) {
    this.spec = spec;
    this.ps = spec.propensity();
  }

  /** Columns of the balance design: every level of each categorical covariate as 0/1, then continuous ones. */
  private record Columns(List<String> variable, List<String> level, List<double[]> values, List<Boolean> binary) {}

  /** The covariates of the propensity model: its own list, or the analysis covariates. */
  static List<String> covariates(AnalysisSpec spec) {
    return spec.propensity().covariates().isEmpty() ? spec.covariateColumns() : spec.propensity().covariates();
  }

  /** @param messages the task's messages, which get the model's warnings as flags */
  Adjustments run(String id, CohortArrays cc, AnalysisResult out, List<String> messages) {
    List<String> names = covariates(spec);
    Columns balanceColumns = new Columns(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<double[]> modelColumns = new ArrayList<>();
    List<String> modelTerms = new ArrayList<>();
    Map<String, List<String>> categoricalLevels = new LinkedHashMap<>();
    for (String name : names) {
      int c = spec.categorical().indexOf(name);
      if (c >= 0) {
        List<String> levels = cc.levels(spec, c);
        categoricalLevels.put(name, levels);
        for (int l = 0; l < levels.size(); l++) {
          double[] dummy = new double[cc.size()];
          for (int i = 0; i < dummy.length; i++) {
            dummy[i] = levels.get(l).equals(cc.categorical[c][i]) ? 1 : 0;
          }
          balanceColumns.variable().add(name);
          balanceColumns.level().add(levels.get(l));
          balanceColumns.values().add(dummy);
          balanceColumns.binary().add(true);
          if (l > 0) {
            modelColumns.add(dummy);
            modelTerms.add(name + "=" + levels.get(l));
          }
        }
      } else {
        int k = spec.continuous().indexOf(name);
        if (k < 0) {
          throw new InvalidConfigException("analyze.propensity.covariates", name + " is not an analysis covariate");
        }
        balanceColumns.variable().add(name);
        balanceColumns.level().add("");
        balanceColumns.values().add(cc.continuous[k]);
        balanceColumns.binary().add(false);
        modelColumns.add(cc.continuous[k]);
        modelTerms.add(name);
      }
    }
    int n = cc.size();
    double[][] x = new double[n][modelColumns.size()];
    double[] y = new double[n];
    boolean[] treated = new boolean[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < modelColumns.size(); j++) {
        x[i][j] = modelColumns.get(j)[i];
      }
      y[i] = cc.treated[i];
      treated[i] = cc.treated[i] == 1;
    }
    LogisticFit model = LogisticRegression.fit(x, y, modelTerms.toArray(new String[0]));
    double[] score = model.fitted();
    double cStatistic = CStatistic.of(score, treated);
    PropensityFlags flags = PropensityFlags.of(model, cStatistic);
    TaskStatus.flag(messages, flags.warnings());
    modelRows(id, model, treated, cStatistic, LevelOrder.describeReferences(categoricalLevels), flags.line(),
        out);
    Balance.Moments[][] unadjusted = moments(balanceColumns, treated, null);
    addBalance(out, id, Population.OVERALL, balanceColumns, treated, null, unadjusted, false);
    out.adjustment.add(new AnalysisResult.AdjustmentRow(id, Population.OVERALL, "unadjusted", count(treated, true),
        count(treated, false), count(treated, true), count(treated, false), cStatistic, 0, 0,
        outsideCommonSupport(score, treated)));
    distribution(id, score, treated, out);
    if (flags.unusable() != null) {
      // no matches, weights or patient scores from a model whose scores are 0 or 1 or still moving
      messages.add(TaskStatus.WARNING + flags.unusable() + ": no matched or weighted population");
      return Adjustments.unusable(flags.unusable());
    }
    int[] subclass = new int[n];
    List<int[]> matched = ps.matching()
        ? match(id, cc, treated, score, model, balanceColumns, unadjusted, cStatistic, subclass, out) : List.of();
    scores(id, cc, treated, model, subclass, out);
    Map<String, double[]> weights = new LinkedHashMap<>();
    for (String estimand : ps.estimands()) {
      weight(id, treated, score, estimand, balanceColumns, unadjusted, cStatistic, weights, out);
    }
    int[] matchedRows = new int[matched.size()];
    int[] matchedSet = new int[matched.size()];
    for (int k = 0; k < matchedRows.length; k++) {
      matchedRows[k] = cc.source[matched.get(k)[0]];
      matchedSet[k] = matched.get(k)[1];
    }
    return new Adjustments(ps.matching() ? matchedRows : null, matchedSet, cc.source.clone(), weights, null);
  }

  /** Label of the weighted population of an estimand. */
  static String weightedPopulation(String estimand) {
    return PropensityWeights.Estimand.parse(estimand) == PropensityWeights.Estimand.OVERLAP ? "overlap"
        : "iptw_" + estimand;
  }

  private void modelRows(String id, LogisticFit model, boolean[] treated, double cStatistic, String references,
      String warning, AnalysisResult out) {
    for (int k = 0; k < model.terms().length; k++) {
      out.propensityModel.add(new AnalysisResult.PropensityModelRow(id, Population.OVERALL, "logistic", k,
          model.terms()[k], model.coef()[k], model.se()[k], model.z()[k], model.pValue()[k], treated.length,
          count(treated, true), model.deviance(), model.nullDeviance(), model.aic(), model.iterations(),
          model.converged(), cStatistic, references, warning));
    }
  }

  /** Matches; fills each unit's matched set (0 = unmatched) and returns {row, set} per matched entry. */
  private List<int[]> match(String id, CohortArrays cc, boolean[] treated, double[] score, LogisticFit model,
      Columns columns, Balance.Moments[][] unadjusted, double cStatistic, int[] subclassOf, AnalysisResult out) {
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
    int m = rows.size();
    boolean[] matchedTreated = new boolean[m];
    for (int k = 0; k < m; k++) {
      matchedTreated[k] = treated[rows.get(k)[0]];
    }
    Columns matched = new Columns(columns.variable(), columns.level(), new ArrayList<>(), columns.binary());
    for (double[] column : columns.values()) {
      double[] v = new double[m];
      for (int k = 0; k < m; k++) {
        v[k] = column[rows.get(k)[0]];
      }
      matched.values().add(v);
    }
    addBalance(out, id, Population.MATCHED, matched, matchedTreated, null, unadjusted, true);
    out.adjustment.add(new AnalysisResult.AdjustmentRow(id, Population.MATCHED, "nearest",
        count(matchedTreated, true), count(matchedTreated, false), count(matchedTreated, true),
        count(matchedTreated, false), cStatistic, set.treatedUnmatched(), set.controlsUnmatched(), 0));
    return rows;
  }

  /** Units whose score lies outside the range both arms share. */
  private static long outsideCommonSupport(double[] score, boolean[] treated) {
    double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int i = 0; i < score.length; i++) {
      int a = treated[i] ? 1 : 0;
      lo[a] = Math.min(lo[a], score[i]);
      hi[a] = Math.max(hi[a], score[i]);
    }
    double low = Math.max(lo[0], lo[1]);
    double high = Math.min(hi[0], hi[1]);
    long outside = 0;
    for (double s : score) {
      outside += s < low || s > high ? 1 : 0;
    }
    return outside;
  }

  private void distribution(String id, double[] score, boolean[] treated, AnalysisResult out) {
    int bins = (int) Math.round(1 / BIN);
    long[][] counts = new long[2][bins];
    for (int i = 0; i < score.length; i++) {
      counts[treated[i] ? 1 : 0][Math.min(bins - 1, (int) Math.floor(score[i] / BIN))]++;
    }
    for (int a = 0; a <= 1; a++) {
      for (int b = 0; b < bins; b++) {
        out.scoreBins.add(new AnalysisResult.ScoreBinRow(id, Population.OVERALL, "logistic",
            a == 1 ? spec.treatedArm() : spec.referenceArm(), b * BIN, (b + 1) * BIN, counts[a][b]));
      }
    }
  }

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

  private void weight(String id, boolean[] treated, double[] score, String estimand, Columns columns,
      Balance.Moments[][] unadjusted, double cStatistic, Map<String, double[]> weights, AnalysisResult out) {
    PropensityWeights.Estimand e = PropensityWeights.Estimand.parse(estimand);
    double[] w = PropensityWeights.weights(treated, score, e, ps.stabilize());
    if (!ps.truncate().isEmpty()) {
      w = PropensityWeights.truncate(w, ps.truncate().get(0), ps.truncate().get(1));
    }
    String label = weightedPopulation(estimand);
    weights.put(label, w);
    addBalance(out, id, label, columns, treated, w, unadjusted, e == PropensityWeights.Estimand.ATT);
    out.adjustment.add(new AnalysisResult.AdjustmentRow(id, label, estimand, count(treated, true),
        count(treated, false), PropensityWeights.effectiveSampleSize(w, treated, true),
        PropensityWeights.effectiveSampleSize(w, treated, false), cStatistic, 0, 0, 0));
  }

  private static Balance.Moments[][] moments(Columns columns, boolean[] treated, double[] weight) {
    Balance.Moments[][] out = new Balance.Moments[columns.values().size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new Balance.Moments[] {Balance.moments(columns.values().get(j), treated, true, weight),
          Balance.moments(columns.values().get(j), treated, false, weight)};
    }
    return out;
  }

  private static void addBalance(AnalysisResult out, String id, String population, Columns columns,
      boolean[] treated, double[] weight, Balance.Moments[][] unadjusted, boolean treatedSd) {
    Balance.Moments[][] adjusted = moments(columns, treated, weight);
    for (int j = 0; j < adjusted.length; j++) {
      double smd = Balance.smd(adjusted[j][0], adjusted[j][1], unadjusted[j], treatedSd);
      Double ratio = columns.binary().get(j) ? null : Balance.varianceRatio(adjusted[j][0], adjusted[j][1]);
      out.balance.add(new AnalysisResult.BalanceRow(id, population, "logistic", columns.variable().get(j),
          columns.level().get(j), smd, ratio, Math.abs(smd) < 0.1));
    }
  }

  private static long count(boolean[] treated, boolean arm) {
    long n = 0;
    for (boolean t : treated) {
      n += t == arm ? 1 : 0;
    }
    return n;
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
