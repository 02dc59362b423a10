package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.stats.CoxData;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxModel;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.CoxZph;
import org.npcoutcomes.stats.competing.CumulativeIncidence;
import org.npcoutcomes.stats.competing.FineGray;
import org.npcoutcomes.stats.competing.FineGrayFit;
import org.npcoutcomes.stats.competing.GrayTest;
import org.npcoutcomes.stats.competing.IncidenceCurve;
import org.npcoutcomes.stats.ChiSquare;
import org.npcoutcomes.stats.LogRank;
import org.npcoutcomes.stats.LogRankResult;
import org.npcoutcomes.stats.RestrictedMean;
import org.npcoutcomes.stats.Ties;

/**
 * The survival analyses of one task on plain arrays: Kaplan–Meier per arm, the log-rank test and Cox
 * models of treatment (crude and multivariable). One failing piece (for example a subgroup with a
 * single arm) is reported in the task's messages without losing the others.
 */
public final class SurvivalAnalysis {
  private final AnalysisSpec spec;
  private final Ties ties;
  /** The cause of interest and the competing causes, as the cohort arrays hold causes. */
  private final String causeEvent;
  private final List<String> causeCompeting;

  public SurvivalAnalysis(AnalysisSpec spec) {
    this.spec = spec;
    this.ties = Ties.parse(spec.ties());
    this.causeEvent = CohortArrays.Builder.normalise(spec.causeEvent());
    this.causeCompeting = spec.causeCompeting().stream().map(CohortArrays.Builder::normalise).toList();
  }

  /** A known cause as a competing-risks status: 1 the cause of interest, 2 a competing one, 0 censored. */
  private int causeStatus(String cause) {
    return cause.equals(causeEvent) ? 1 : causeCompeting.contains(cause) ? 2 : 0;
  }

  public AnalysisResult run(AnalysisTask task, CohortArrays data) {
    String id = task.analysisId();
    List<String> messages = new ArrayList<>();
    List<AnalysisResult.KmRow> km = new ArrayList<>();
    List<AnalysisResult.SummaryRow> summary = new ArrayList<>();
    List<AnalysisResult.AtTimeRow> atTime = new ArrayList<>();
    List<AnalysisResult.LogRankRow> logRank = new ArrayList<>();
    List<AnalysisResult.HazardRow> hazard = new ArrayList<>();
    List<AnalysisResult.ModelFitRow> modelFit = new ArrayList<>();
    List<AnalysisResult.PhTestRow> phTest = new ArrayList<>();
    List<AnalysisResult.InteractionRow> interaction = new ArrayList<>();
    List<AnalysisResult.BalanceRow> balance = new ArrayList<>();
    List<AnalysisResult.AdjustmentRow> adjustment = new ArrayList<>();
    List<AnalysisResult.ScoreBinRow> scoreBins = new ArrayList<>();
    List<AnalysisResult.ScoreRow> scores = new ArrayList<>();
    List<AnalysisResult.PairRow> pairs = new ArrayList<>();
    List<AnalysisResult.IncidenceRow> incidence = new ArrayList<>();
    List<AnalysisResult.GrayTestRow> grayTest = new ArrayList<>();
    boolean anyCause = java.util.Arrays.stream(data.cause).anyMatch(c -> c != null && causeStatus(c) > 0);
    if (!spec.causeColumn().isEmpty() && !anyCause) {
      // A source without cause of death (NCDB) has no competing-risk analysis, which is no failure.
      messages.add("no death with a known cause: no cumulative incidence or Fine-Gray model");
    } else if (!spec.causeColumn().isEmpty()) {
      attempt(messages, "cumulative incidence",
          () -> incidence.addAll(cumulativeIncidence(id, data, messages, grayTest)));
      attempt(messages, "Fine-Gray model", () -> hazard.addAll(fineGray(id, data)));
    }
    if (data.nDroppedMissing > 0) {
      messages.add(data.nDroppedMissing + " rows dropped for missing time, status or treatment");
    }
    if (data.nOtherTreatment > 0) {
      messages.add(data.nOtherTreatment + " rows in neither arm left out");
    }
    int[] armSize = new int[2];
    for (int t : data.treated) {
      armSize[t]++;
    }
    LogRankResult lr = null;
    boolean twoArms = armSize[0] > 0 && armSize[1] > 0;
    CohortArrays stratifiable = complete(data, false, "log-rank and crude Cox", messages);
    if (twoArms) {
      lr = attempt(messages, "log-rank", () -> LogRank.test(stratifiable.time, stratifiable.event,
          stratifiable.treated, stratifiable.stratumCodes(), 0.0));
      LogRankResult peto = attempt(messages, "Peto-Peto", () -> LogRank.test(stratifiable.time,
          stratifiable.event, stratifiable.treated, stratifiable.stratumCodes(), 1.0));
      String strata = String.join(",", spec.strata());
      if (lr != null) {
        logRank.add(new AnalysisResult.LogRankRow(id, "log-rank", strata, lr.chisq(), lr.df(), lr.pValue()));
      }
      if (peto != null) {
        logRank.add(new AnalysisResult.LogRankRow(id, "peto-peto", strata, peto.chisq(), peto.df(), peto.pValue()));
      }
      CoxRows rows = new CoxRows(hazard, modelFit, phTest);
      if (task.isOverall() && !spec.covariateColumns().isEmpty()) {
        PropensityAnalysis.Output adjusted = attempt(messages, "propensity adjustment", () ->
            new PropensityAnalysis(spec, ties).run(id, data.subset(data.complete(true))));
        if (adjusted != null) {
          hazard.addAll(adjusted.hazard());
          modelFit.addAll(adjusted.modelFit());
          balance.addAll(adjusted.balance());
          adjustment.addAll(adjusted.adjustment());
          scoreBins.addAll(adjusted.scoreBins());
          scores.addAll(adjusted.scores());
          pairs.addAll(adjusted.pairs());
          km.addAll(adjusted.curves().km());
          summary.addAll(adjusted.curves().summary());
          atTime.addAll(adjusted.curves().atTime());
        }
      }
      if (task.isOverall()) {
        for (int v = 0; v < spec.subgroups().size(); v++) {
          int variable = v;
          AnalysisResult.InteractionRow row = attempt(messages, "interaction test of " + spec.subgroups().get(v),
              () -> interaction(id, stratifiable, variable));
          if (row != null) {
            interaction.add(row);
          }
        }
      }
      cox(id, "crude", stratifiable, false, messages, rows);
      if (!spec.covariateColumns().isEmpty()) {
        cox(id, "multivariable", complete(data, true, "multivariable Cox", messages), true, messages, rows);
        List<String> kept = screen(data, messages);
        CohortArrays screenedRows = data.subset(data.complete(spec, kept));
        DesignMatrix screened = DesignMatrix.build(screenedRows, spec, true, kept);
        fitAndReport(id, "screened", screenedRows, screened, messages, rows);
      }
    } else {
      messages.add("only one arm present: no log-rank test or hazard ratio");
    }
    RestrictedMean[] rmst = new RestrictedMean[2];
    for (int arm = 0; arm <= 1; arm++) {
      if (armSize[arm] == 0) {
        continue;
      }
      String label = arm == 1 ? spec.treatedArm() : spec.referenceArm();
      double observed = lr == null ? Double.NaN : lr.observed()[arm];
      double expected = lr == null ? Double.NaN : lr.expected()[arm];
      ArmData d = select(data, arm);
      rmst[arm] = new CurveRows(km, summary, atTime).add(spec, id, label, d.time, d.event, null, observed, expected);
    }
    List<AnalysisResult.RmstDifferenceRow> rmstDifference = new ArrayList<>();
    if (rmst[0] != null && rmst[1] != null) {
      rmstDifference.add(rmstDifference(id, rmst[1], rmst[0]));
    }
    long events = 0;
    for (boolean e : data.event) {
      events += e ? 1 : 0;
    }
    String status = messages.stream().anyMatch(m -> m.startsWith("failed")) ? "partial" : "ok";
    AnalysisResult.Info info = new AnalysisResult.Info(id, task.subgroupVariable(), task.subgroupLevel(), data.nRows,
        data.nDroppedMissing, data.size(), events, status, String.join("; ", messages));
    return new AnalysisResult(info, km, summary, atTime, logRank, hazard, modelFit, rmstDifference, phTest,
        interaction, balance, adjustment, scoreBins, scores, pairs, incidence, grayTest);
  }

  private AnalysisResult.RmstDifferenceRow rmstDifference(String id, RestrictedMean treated, RestrictedMean reference) {
    double difference = treated.estimate() - reference.estimate();
    double se = Math.sqrt(treated.stdErr() * treated.stdErr() + reference.stdErr() * reference.stdErr());
    NormalDistribution normal = new NormalDistribution();
    double z = normal.inverseCumulativeProbability(1 - (1 - spec.confLevel()) / 2);
    double p = se > 0 ? 2 * normal.cumulativeProbability(-Math.abs(difference / se)) : Double.NaN;
    return new AnalysisResult.RmstDifferenceRow(id, treated.tau(), difference, se, difference - z * se,
        difference + z * se, p);
  }

  /**
   * Likelihood-ratio test of treatment by subgroup: Cox treat * sg against treat + sg on the rows with the
   * subgroup known, df = the interaction terms that could be estimated.
   */
  private AnalysisResult.InteractionRow interaction(String id, CohortArrays data, int variable) {
    String[] values = data.subgroup[variable];
    boolean[] known = new boolean[values.length];
    for (int i = 0; i < known.length; i++) {
      known[i] = values[i] != null;
    }
    CohortArrays rows = data.subset(known);
    String[] sg = rows.subgroup[variable];
    List<String> levels = CohortArrays.levels(sg);
    int d = levels.size() - 1;
    double[][] main = new double[rows.size()][1 + d];
    double[][] full = new double[rows.size()][1 + 2 * d];
    String[] mainTerms = new String[1 + d];
    String[] fullTerms = new String[1 + 2 * d];
    mainTerms[0] = "treat";
    fullTerms[0] = "treat";
    for (int l = 1; l <= d; l++) {
      mainTerms[l] = "sg=" + levels.get(l);
      fullTerms[l] = mainTerms[l];
      fullTerms[d + l] = "treat:" + mainTerms[l];
    }
    for (int i = 0; i < rows.size(); i++) {
      main[i][0] = rows.treated[i];
      full[i][0] = rows.treated[i];
      for (int l = 1; l <= d; l++) {
        double dummy = levels.get(l).equals(sg[i]) ? 1 : 0;
        main[i][l] = dummy;
        full[i][l] = dummy;
        full[i][d + l] = dummy * rows.treated[i];
      }
    }
    CoxOptions options = CoxOptions.defaults(ties);
    CoxFit withoutInteraction = CoxModel.fit(new CoxData(rows.time, rows.event, main, mainTerms, null,
        rows.stratumCodes(), null), options);
    CoxFit withInteraction = CoxModel.fit(new CoxData(rows.time, rows.event, full, fullTerms, null,
        rows.stratumCodes(), null), options);
    int df = 0;
    for (int l = 1; l <= d; l++) {
      df += Double.isNaN(withInteraction.coef()[d + l]) ? 0 : 1;
    }
    double chisq = 2 * (withInteraction.logLik() - withoutInteraction.logLik());
    return new AnalysisResult.InteractionRow(id, spec.subgroups().get(variable), rows.size(), chisq, df,
        df == 0 ? Double.NaN : ChiSquare.upperTail(chisq, df));
  }

  /**
   * Cumulative incidence of the cause of interest and of the competing causes (pooled), per arm, on the rows
   * with a known cause; values that are neither count as censored.
   */
  private List<AnalysisResult.IncidenceRow> cumulativeIncidence(String id, CohortArrays data, List<String> messages,
      List<AnalysisResult.GrayTestRow> grayTest) {
    List<AnalysisResult.IncidenceRow> rows = new ArrayList<>();
    long unknown = java.util.Arrays.stream(data.cause).filter(java.util.Objects::isNull).count();
    if (unknown > 0) {
      messages.add("cumulative incidence: " + unknown + " rows without a cause left out");
    }
    List<Double> allTimes = new ArrayList<>();
    List<Integer> allStatus = new ArrayList<>();
    List<Integer> allArms = new ArrayList<>();
    for (int arm = 0; arm <= 1; arm++) {
      List<Double> times = new ArrayList<>();
      List<Integer> status = new ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        if (data.treated[i] == arm && data.cause[i] != null) {
          times.add(data.time[i]);
          status.add(causeStatus(data.cause[i]));
        }
      }
      if (times.isEmpty()) {
        continue;
      }
      double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
      int[] s = status.stream().mapToInt(Integer::intValue).toArray();
      allTimes.addAll(times);
      allStatus.addAll(status);
      for (int k = 0; k < times.size(); k++) {
        allArms.add(arm);
      }
      String label = arm == 1 ? spec.treatedArm() : spec.referenceArm();
      for (int c = 1; c <= 2; c++) {
        IncidenceCurve curve = CumulativeIncidence.estimate(t, s, c);
        String cause = c == 1 ? spec.causeEvent() : "competing";
        for (int k = 0; k < curve.time().length; k++) {
          rows.add(new AnalysisResult.IncidenceRow(id, label, cause, k, curve.time()[k], curve.estimate()[k],
              curve.variance()[k]));
        }
      }
    }
    if (allArms.contains(0) && allArms.contains(1)) {
      double[] t = allTimes.stream().mapToDouble(Double::doubleValue).toArray();
      int[] s = allStatus.stream().mapToInt(Integer::intValue).toArray();
      int[] g = allArms.stream().mapToInt(Integer::intValue).toArray();
      for (int c = 1; c <= 2; c++) {
        GrayTest.Result r = GrayTest.test(t, s, g, c, null);
        grayTest.add(new AnalysisResult.GrayTestRow(id, c == 1 ? spec.causeEvent() : "competing", r.statistic(),
            r.df(), r.pValue()));
      }
    }
    return rows;
  }

  /**
   * Fine–Gray subdistribution hazard ratio of treatment for the cause of interest (competing causes as
   * configured, other values censored), on the rows with a known cause.
   */
  private List<AnalysisResult.HazardRow> fineGray(String id, CohortArrays data) {
    boolean[] known = new boolean[data.size()];
    for (int i = 0; i < known.length; i++) {
      known[i] = data.cause[i] != null;
    }
    CohortArrays rows = data.subset(known);
    int[] status = new int[rows.size()];
    double[][] x = new double[rows.size()][1];
    long events = 0;
    for (int i = 0; i < status.length; i++) {
      status[i] = causeStatus(rows.cause[i]);
      events += status[i] == 1 ? 1 : 0;
      x[i][0] = rows.treated[i];
    }
    String term = spec.treatmentColumn() + "=" + spec.treatedArm();
    FineGrayFit fit = FineGray.fit(rows.time, status, x, new String[] {term}, 1);
    double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - spec.confLevel()) / 2);
    double coef = fit.coef()[0];
    double se = fit.se()[0];
    return List.of(new AnalysisResult.HazardRow(id, "fine_gray", 0, term, coef, se, null, Math.exp(coef),
        Math.exp(coef - z * se), Math.exp(coef + z * se), fit.test(0)[1], rows.size(), events, "fine-gray",
        fit.converged(), fit.converged() ? null : "did not converge", null, null));
  }

  /** Where the rows of each Cox model go. */
  private record CoxRows(List<AnalysisResult.HazardRow> hazard, List<AnalysisResult.ModelFitRow> modelFit,
      List<AnalysisResult.PhTestRow> phTest) {}

  /**
   * The univariable screen of published NPC studies: each covariate alone in a Cox model, on the rows where
   * it is known; those with a likelihood-ratio p below {@code screening-p} are kept.
   */
  private List<String> screen(CohortArrays data, List<String> messages) {
    List<String> kept = new ArrayList<>();
    for (String name : spec.covariateColumns()) {
      CohortArrays rows = data.subset(data.complete(spec, List.of(name)));
      DesignMatrix design = DesignMatrix.build(rows, spec, false, List.of(name));
      if (design.terms().length == 0) {
        continue;
      }
      CoxFit fit = attempt(messages, "univariable Cox of " + name, () -> CoxModel.fit(new CoxData(rows.time,
          rows.event, design.x(), design.terms(), null, rows.stratumCodes(), null), CoxOptions.defaults(ties)));
      if (fit != null && fit.likelihoodRatio().pValue() < spec.screeningP()) {
        kept.add(name);
      }
    }
    return kept;
  }

  private void cox(String id, String model, CohortArrays data, boolean adjusted, List<String> messages, CoxRows out) {
    fitAndReport(id, model, data, DesignMatrix.build(data, spec, adjusted), messages, out);
  }

  private void fitAndReport(String id, String model, CohortArrays data, DesignMatrix design, List<String> messages,
      CoxRows out) {
    CoxData coxData = new CoxData(data.time, data.event, design.x(), design.terms(), null, data.stratumCodes(), null);
    CoxOptions options = CoxOptions.defaults(ties);
    CoxFit fit = attempt(messages, model + " Cox model", () -> CoxModel.fit(coxData, options));
    if (fit == null) {
      return;
    }
    if (!fit.warnings().isEmpty()) {
      messages.add(model + ": " + String.join("; ", fit.warnings()));
    }
    out.hazard().addAll(HazardRows.hazard(id, model, fit, spec));
    out.modelFit().add(HazardRows.modelFit(id, model, fit, coxData));
    List<CoxZph.Result> zph = attempt(messages, model + " proportional-hazards test",
        () -> CoxZph.test(coxData, options, fit, design.variables(), design.variableColumns()));
    if (zph != null) {
      zph.forEach(z -> out.phTest().add(new AnalysisResult.PhTestRow(id, model, z.term(), z.chisq(), z.df(),
          z.pValue())));
    }
  }

  /** The rows an analysis can use (R's na.omit on its own columns), noting how many it dropped. */
  private static CohortArrays complete(CohortArrays data, boolean covariates, String what, List<String> messages) {
    CohortArrays kept = data.subset(data.complete(covariates));
    if (kept.size() < data.size()) {
      messages.add(what + ": " + (data.size() - kept.size()) + " rows dropped for missing values");
    }
    return kept;
  }

  private interface Step<T> {
    T run();
  }

  private static <T> T attempt(List<String> messages, String what, Step<T> step) {
    try {
      return step.run();
    } catch (RuntimeException e) {
      messages.add("failed " + what + ": " + e.getMessage());
      return null;
    }
  }

  private record ArmData(double[] time, boolean[] event) {}

  private static ArmData select(CohortArrays data, int arm) {
    int n = 0;
    for (int t : data.treated) {
      n += t == arm ? 1 : 0;
    }
    double[] time = new double[n];
    boolean[] event = new boolean[n];
    for (int i = 0, j = 0; i < data.size(); i++) {
      if (data.treated[i] == arm) {
        time[j] = data.time[i];
        event[j++] = data.event[i];
      }
    }
    return new ArmData(time, event);
  }
}
