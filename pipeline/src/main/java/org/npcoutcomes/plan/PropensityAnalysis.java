package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PropensitySpec;
import org.npcoutcomes.propensity.Balance;
import org.npcoutcomes.propensity.CStatistic;
import org.npcoutcomes.propensity.LogisticFit;
import org.npcoutcomes.propensity.LogisticRegression;
import org.npcoutcomes.propensity.MatchOrder;
import org.npcoutcomes.propensity.MatchedSet;
import org.npcoutcomes.propensity.NearestNeighborMatcher;
import org.npcoutcomes.propensity.PropensityWeights;
import org.npcoutcomes.stats.CoxData;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxModel;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.Ties;

/**
 * Propensity-adjusted hazard ratios of treatment on complete cases: a logistic propensity model, greedy
 * nearest-neighbour matching (Cox with a robust SE clustered on the matched set, and Cox stratified on
 * it) and inverse-probability / overlap weighting (weighted Cox, robust SE), with covariate balance
 * before and after each adjustment.
 */
final class PropensityAnalysis {
  private final AnalysisSpec spec;
  private final PropensitySpec ps;
  private final Ties ties;

  /** What the adjustments produced. */
  record Output(List<AnalysisResult.HazardRow> hazard, List<AnalysisResult.ModelFitRow> modelFit,
      List<AnalysisResult.BalanceRow> balance, List<AnalysisResult.AdjustmentRow> adjustment,
      List<AnalysisResult.ScoreBinRow> scoreBins, List<AnalysisResult.ScoreRow> scores,
      List<AnalysisResult.PairRow> pairs, CurveRows curves) {}

  /** Width of the bins of the score distribution mart. */
  private static final double BIN = 0.05;

  PropensityAnalysis(AnalysisSpec spec, Ties ties) {
    this.spec = spec;
    this.ps = spec.propensity();
    this.ties = ties;
  }

  /** Columns of the balance design: every level of each categorical covariate as 0/1, then continuous ones. */
  private record Columns(List<String> variable, List<String> level, List<double[]> values, List<Boolean> binary) {}

  Output run(String id, CohortArrays cc) {
    List<String> names = ps.covariates().isEmpty() ? spec.covariateColumns() : ps.covariates();
    Columns balanceColumns = new Columns(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<double[]> modelColumns = new ArrayList<>();
    List<String> modelTerms = new ArrayList<>();
    for (String name : names) {
      int c = spec.categorical().indexOf(name);
      if (c >= 0) {
        List<String> levels = cc.levels(c);
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
    Output out = new Output(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
        new CurveRows(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    Balance.Moments[][] unadjusted = moments(balanceColumns, treated, null);
    addBalance(out, id, "unadjusted", balanceColumns, treated, null, unadjusted, false);
    out.adjustment().add(new AnalysisResult.AdjustmentRow(id, "unadjusted", count(treated, true),
        count(treated, false), count(treated, true), count(treated, false), cStatistic, 0, 0,
        outsideCommonSupport(score, treated)));
    distribution(id, score, treated, out);
    int[] subclass = match(id, cc, treated, score, model, balanceColumns, unadjusted, cStatistic, out);
    scores(id, cc, treated, model, subclass, out);
    for (String estimand : ps.estimands()) {
      weight(id, cc, treated, score, estimand, balanceColumns, unadjusted, cStatistic, out);
    }
    return out;
  }

  /** Matches; returns the matched set of each unit (0 = unmatched). */
  private int[] match(String id, CohortArrays cc, boolean[] treated, double[] score, LogisticFit model,
      Columns columns, Balance.Moments[][] unadjusted, double cStatistic, Output out) {
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
    int[] subclassOf = new int[cc.size()];
    for (MatchedSet.Pair p : set.pairs()) {
      rows.add(new int[] {p.treated(), p.subclass()});
      subclassOf[p.treated()] = p.subclass();
      for (int c : p.controls()) {
        rows.add(new int[] {c, p.subclass()});
        subclassOf[c] = p.subclass();
        out.pairs().add(new AnalysisResult.PairRow(id, p.subclass(), cc.id[p.treated()], cc.id[c],
            Math.abs(distance[p.treated()] - distance[c])));
      }
    }
    int m = rows.size();
    double[] time = new double[m];
    boolean[] event = new boolean[m];
    double[][] x = new double[m][1];
    int[] subclass = new int[m];
    boolean[] matchedTreated = new boolean[m];
    for (int k = 0; k < m; k++) {
      int i = rows.get(k)[0];
      time[k] = cc.time[i];
      event[k] = cc.event[i];
      x[k][0] = cc.treated[i];
      matchedTreated[k] = treated[i];
      subclass[k] = rows.get(k)[1];
    }
    String[] terms = {spec.treatmentColumn() + "=" + spec.treatedArm()};
    CoxData clusteredData = new CoxData(time, event, x, terms, null, null, subclass);
    CoxFit clustered = CoxModel.fit(clusteredData, CoxOptions.defaults(ties).withRobust(true));
    out.hazard().addAll(HazardRows.hazard(id, "matched", clustered, spec));
    out.modelFit().add(HazardRows.modelFit(id, "matched", clustered, clusteredData));
    CoxData stratifiedData = new CoxData(time, event, x, terms, null, subclass, null);
    CoxFit stratified = CoxModel.fit(stratifiedData, CoxOptions.defaults(ties));
    out.hazard().addAll(HazardRows.hazard(id, "matched_stratified", stratified, spec));
    out.modelFit().add(HazardRows.modelFit(id, "matched_stratified", stratified, stratifiedData));
    Columns matched = new Columns(columns.variable(), columns.level(), new ArrayList<>(), columns.binary());
    for (double[] column : columns.values()) {
      double[] v = new double[m];
      for (int k = 0; k < m; k++) {
        v[k] = column[rows.get(k)[0]];
      }
      matched.values().add(v);
    }
    addBalance(out, id, "matched", matched, matchedTreated, null, unadjusted, true);
    curves(id + ":matched", time, event, matchedTreated, null, out);
    out.adjustment().add(new AnalysisResult.AdjustmentRow(id, "matched", count(matchedTreated, true),
        count(matchedTreated, false), count(matchedTreated, true), count(matchedTreated, false), cStatistic,
        set.treatedUnmatched(), set.controlsUnmatched(), 0));
    return subclassOf;
  }

  /** Kaplan–Meier per arm of an adjusted population (matched sample, or weighted). */
  private void curves(String id, double[] time, boolean[] event, boolean[] treated, double[] weight, Output out) {
    for (boolean arm : new boolean[] {false, true}) {
      int[] rows = java.util.stream.IntStream.range(0, time.length).filter(i -> treated[i] == arm).toArray();
      double[] t = new double[rows.length];
      boolean[] e = new boolean[rows.length];
      double[] w = weight == null ? null : new double[rows.length];
      for (int k = 0; k < rows.length; k++) {
        t[k] = time[rows[k]];
        e[k] = event[rows[k]];
        if (w != null) {
          w[k] = weight[rows[k]];
        }
      }
      if (rows.length > 0) {
        out.curves().add(spec, id, arm ? spec.treatedArm() : spec.referenceArm(), t, e, w, Double.NaN, Double.NaN);
      }
    }
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

  private void distribution(String id, double[] score, boolean[] treated, Output out) {
    int bins = (int) Math.round(1 / BIN);
    long[][] counts = new long[2][bins];
    for (int i = 0; i < score.length; i++) {
      counts[treated[i] ? 1 : 0][Math.min(bins - 1, (int) Math.floor(score[i] / BIN))]++;
    }
    for (int a = 0; a <= 1; a++) {
      for (int b = 0; b < bins; b++) {
        out.scoreBins().add(new AnalysisResult.ScoreBinRow(id, a == 1 ? spec.treatedArm() : spec.referenceArm(),
            b * BIN, (b + 1) * BIN, counts[a][b]));
      }
    }
  }

  private void scores(String id, CohortArrays cc, boolean[] treated, LogisticFit model, int[] subclass, Output out) {
    if (cc.id.length == 0 || cc.id[0] == null) {
      return;
    }
    double[] score = model.fitted();
    double[] ate = PropensityWeights.weights(treated, score, PropensityWeights.Estimand.ATE, ps.stabilize());
    double[] att = PropensityWeights.weights(treated, score, PropensityWeights.Estimand.ATT, false);
    double[] overlap = PropensityWeights.weights(treated, score, PropensityWeights.Estimand.OVERLAP, false);
    for (int i = 0; i < score.length; i++) {
      out.scores().add(new AnalysisResult.ScoreRow(id, cc.id[i], treated[i] ? spec.treatedArm() : spec.referenceArm(),
          score[i], model.linearPredictor()[i], subclass[i] == 0 ? null : subclass[i], ate[i], att[i], overlap[i]));
    }
  }

  private void weight(String id, CohortArrays cc, boolean[] treated, double[] score, String estimand, Columns columns,
      Balance.Moments[][] unadjusted, double cStatistic, Output out) {
    PropensityWeights.Estimand e = PropensityWeights.Estimand.parse(estimand);
    double[] w = PropensityWeights.weights(treated, score, e, ps.stabilize());
    if (!ps.truncate().isEmpty()) {
      w = PropensityWeights.truncate(w, ps.truncate().get(0), ps.truncate().get(1));
    }
    String label = e == PropensityWeights.Estimand.OVERLAP ? "overlap" : "iptw_" + estimand;
    double[][] x = new double[cc.size()][1];
    for (int i = 0; i < x.length; i++) {
      x[i][0] = cc.treated[i];
    }
    CoxData weighted = new CoxData(cc.time, cc.event, x,
        new String[] {spec.treatmentColumn() + "=" + spec.treatedArm()}, w, null, null);
    CoxFit fit = CoxModel.fit(weighted, CoxOptions.defaults(ties).withRobust(true));
    out.hazard().addAll(HazardRows.hazard(id, label, fit, spec));
    out.modelFit().add(HazardRows.modelFit(id, label, fit, weighted));
    addBalance(out, id, label, columns, treated, w, unadjusted, e == PropensityWeights.Estimand.ATT);
    curves(id + ":" + label, cc.time, cc.event, treated, w, out);
    out.adjustment().add(new AnalysisResult.AdjustmentRow(id, label, count(treated, true), count(treated, false),
        PropensityWeights.effectiveSampleSize(w, treated, true), PropensityWeights.effectiveSampleSize(w, treated, false),
        cStatistic, 0, 0, 0));
  }

  private static Balance.Moments[][] moments(Columns columns, boolean[] treated, double[] weight) {
    Balance.Moments[][] out = new Balance.Moments[columns.values().size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new Balance.Moments[] {Balance.moments(columns.values().get(j), treated, true, weight),
          Balance.moments(columns.values().get(j), treated, false, weight)};
    }
    return out;
  }

  private static void addBalance(Output out, String id, String adjustment, Columns columns, boolean[] treated,
      double[] weight, Balance.Moments[][] unadjusted, boolean treatedSd) {
    Balance.Moments[][] adjusted = moments(columns, treated, weight);
    for (int j = 0; j < adjusted.length; j++) {
      double smd = Balance.smd(adjusted[j][0], adjusted[j][1], unadjusted[j], treatedSd);
      Double ratio = columns.binary().get(j) ? null : Balance.varianceRatio(adjusted[j][0], adjusted[j][1]);
      out.balance().add(new AnalysisResult.BalanceRow(id, adjustment, columns.variable().get(j),
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
