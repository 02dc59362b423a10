package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.stats.ChiSquare;
import org.npcoutcomes.stats.CoxData;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxModel;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.CoxZph;
import org.npcoutcomes.stats.LogRank;
import org.npcoutcomes.stats.LogRankResult;
import org.npcoutcomes.stats.RestrictedMean;
import org.npcoutcomes.stats.Ties;
import org.npcoutcomes.stats.competing.CumulativeIncidence;
import org.npcoutcomes.stats.competing.FineGray;
import org.npcoutcomes.stats.competing.FineGrayFit;
import org.npcoutcomes.stats.competing.GrayTest;
import org.npcoutcomes.stats.competing.IncidenceCurve;

/**
 * The estimate families of one outcome in one population, on plain arrays: Kaplan–Meier per arm, log-rank
 * tests, one Cox model, the treatment x subgroup test, cumulative incidence and Fine–Gray. Each writes its
 * rows into an {@link AnalysisResult} and notes what it dropped or could not do in {@code messages}.
 */
public final class SurvivalAnalysis {
  /** Suffix of the stratified variant of a model. */
  public static final String STRATIFIED = "_stratified";
  /** Cox model of the matched population stratified on the matched set. */
  public static final String MATCHED_SET_STRATA = "matched_set_strata";

  private final AnalysisSpec spec;
  private final Ties ties;

  public SurvivalAnalysis(AnalysisSpec spec) {
    this.spec = spec;
    this.ties = Ties.parse(spec.ties());
  }

  /** Kaplan–Meier per arm (weighted in a weighted population), with RMST and its difference between arms. */
  void kaplanMeier(RowKey key, CohortArrays data, AnalysisResult out) {
    LogRankResult lr = null;
    if (data.weight == null && twoArms(data)) {
      CohortArrays all = data.withoutStrata();
      lr = LogRank.test(all.time, all.event, all.treated, null, 0.0);
    }
    RestrictedMean[] rmst = new RestrictedMean[2];
    CurveRows curves = new CurveRows(out.km, out.summary, out.atTime);
    for (int arm = 0; arm <= 1; arm++) {
      CohortArrays d = data.arm(arm);
      if (d.size() == 0) {
        continue;
      }
      rmst[arm] = curves.add(spec, key, label(arm), d.time, d.event, d.weight,
          lr == null ? Double.NaN : lr.observed()[arm], lr == null ? Double.NaN : lr.expected()[arm]);
    }
    if (rmst[0] != null && rmst[1] != null) {
      out.rmstDifference.add(rmstDifference(spec, key, rmst[1], rmst[0]));
    }
  }

  /** Log-rank and Peto–Peto tests, unstratified and (when strata are given) stratified. */
  void logRank(RowKey key, CohortArrays data, List<String> messages, AnalysisResult out) {
    if (data.weight != null) {
      messages.add("no log-rank test in a weighted population (the test is for unweighted counts)");
      return;
    }
    requireTwoArms(data);
    addLogRank(key.withModel("unstratified"), data.withoutStrata(), "", out);
    if (data.stratum != null) {
      CohortArrays known = complete(data, false, "stratified log-rank", messages);
      addLogRank(key.withModel("stratified"), known, String.join(",", spec.strata()), out);
    }
  }

  private void addLogRank(RowKey key, CohortArrays d, String strata, AnalysisResult out) {
    for (double rho : new double[] {0, 1}) {
      LogRankResult r = LogRank.test(d.time, d.event, d.treated, d.stratumCodes(), rho);
      out.logRank.add(new AnalysisResult.LogRankRow(key.analysisId(), key.outcome(), key.population(), key.model(),
          rho == 0 ? "log-rank" : "peto-peto", strata, r.chisq(), r.df(), r.pValue()));
    }
  }

  /**
   * One Cox model of treatment: crude, multivariable or screened, unstratified or stratified ({@code _stratified}),
   * weighted with a robust SE in a weighted population, clustered on the matched set in the matched one (or
   * stratified on it). Returns the rows it used.
   */
  CohortArrays cox(RowKey key, CohortArrays data, List<String> messages, AnalysisResult out) {
    requireTwoArms(data);
    String model = key.model();
    boolean stratified = model.endsWith(STRATIFIED);
    String base = stratified ? model.substring(0, model.length() - STRATIFIED.length()) : model;
    CohortArrays rows = stratified ? data : data.withoutStrata();
    if (model.equals(MATCHED_SET_STRATA)) {
      CohortArrays d = rows;
      DesignMatrix design = DesignMatrix.build(d, spec, false);
      CoxData coxData = new CoxData(d.time, d.event, design.x(), design.terms(), null, d.cluster, null);
      report(key, coxData, design, CoxOptions.defaults(ties), messages, out);
      return d;
    }
    List<String> covariates = switch (base) {
      case "crude" -> List.of();
      case "multivariable" -> spec.covariateColumns();
      case "screened" -> screen(rows, messages);
      default -> throw new IllegalArgumentException("unknown model " + model);
    };
    CohortArrays used = rows.subset(rows.complete(spec, covariates));
    if (used.size() < rows.size()) {
      messages.add((rows.size() - used.size()) + " rows dropped for missing values");
    }
    DesignMatrix design = DesignMatrix.build(used, spec, true, covariates);
    CoxData coxData = new CoxData(used.time, used.event, design.x(), design.terms(), used.weight,
        used.stratumCodes(), used.cluster);
    boolean robust = used.weight != null || used.cluster != null;
    report(key, coxData, design, CoxOptions.defaults(ties).withRobust(robust), messages, out);
    return used;
  }

  private void report(RowKey key, CoxData coxData, DesignMatrix design, CoxOptions options, List<String> messages,
      AnalysisResult out) {
    CoxFit fit = CoxModel.fit(coxData, options);
    TaskStatus.flag(messages, fit.warnings());
    out.hazard.addAll(HazardRows.hazard(key, fit, spec));
    out.modelFit.add(HazardRows.modelFit(key, fit, coxData, design.references()));
    ProfileRows.add(key, fit, grid -> CoxModel.profile(coxData, options, fit, 0, grid), messages, out);
    List<CoxZph.Result> zph = attempt(messages, "proportional-hazards test",
        () -> CoxZph.test(coxData, options, fit, design.variables(), design.variableColumns()));
    if (zph != null) {
      zph.forEach(z -> out.phTest.add(new AnalysisResult.PhTestRow(key.analysisId(), key.outcome(), key.population(),
          key.model(), z.term(), z.chisq(), z.df(), z.pValue())));
    }
  }

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
          rows.event, design.x(), design.terms(), rows.weight, rows.stratumCodes(), rows.cluster),
          CoxOptions.defaults(ties).withRobust(rows.weight != null || rows.cluster != null)));
      if (fit != null && fit.likelihoodRatio().pValue() < spec.screeningP()) {
        kept.add(name);
      }
    }
    return kept;
  }

  /**
   * Likelihood-ratio test of treatment by subgroup: Cox treat * sg against treat + sg on the rows with the
   * subgroup known (stratified when strata are given), df = the interaction terms that could be estimated.
   */
  void interaction(RowKey key, CohortArrays data, String variableName, List<String> messages, AnalysisResult out) {
    requireTwoArms(data);
    int variable = spec.subgroups().indexOf(variableName);
    CohortArrays stratifiable = complete(data, false, "interaction test", messages);
    String[] values = stratifiable.subgroup[variable];
    boolean[] known = new boolean[values.length];
    for (int i = 0; i < known.length; i++) {
      known[i] = values[i] != null;
    }
    CohortArrays rows = stratifiable.subset(known);
    String[] sg = rows.subgroup[variable];
    List<String> levels = spec.levels().arrange(variableName, java.util.Arrays.asList(sg));
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
    out.interaction.add(new AnalysisResult.InteractionRow(key.analysisId(), key.outcome(), key.population(),
        key.model(), variableName, rows.size(), chisq, df, df == 0 ? Double.NaN : ChiSquare.upperTail(chisq, df)));
  }

  /** Cumulative incidence of the event and of the competing events per arm, and Gray's test between arms. */
  void cumulativeIncidence(RowKey key, CompetingRows data, AnalysisResult out) {
    requireCause(data);
    for (int arm = 0; arm <= 1; arm++) {
      CompetingRows d = data.arm(arm);
      if (d.rows() == 0) {
        continue;
      }
      for (int c = 1; c <= 2; c++) {
        IncidenceCurve curve = CumulativeIncidence.estimate(d.time(), d.status(), d.patients(), c);
        for (int k = 0; k < curve.time().length; k++) {
          out.incidence.add(new AnalysisResult.IncidenceRow(key.analysisId(), key.outcome(), key.population(),
              key.model(), label(arm), causeLabel(c), k, curve.time()[k], curve.estimate()[k], curve.variance()[k]));
        }
      }
    }
    if (data.bothArms()) {
      for (int c = 1; c <= 2; c++) {
        GrayTest.Result r = GrayTest.test(data.time(), data.status(), data.treated(), data.patients(), c, null);
        out.grayTest.add(new AnalysisResult.GrayTestRow(key.analysisId(), key.outcome(), key.population(),
            key.model(), causeLabel(c), r.statistic(), r.df(), r.pValue()));
      }
    }
  }

  /** Fine–Gray subdistribution hazard ratio of treatment for the event, competing events as such. */
  void fineGray(RowKey key, CompetingRows data, AnalysisResult out) {
    requireCause(data);
    if (!data.bothArms()) {
      throw new SkippedException(FamilyGuards.ONE_ARM);
    }
    double[][] x = new double[data.rows()][1];
    for (int i = 0; i < x.length; i++) {
      x[i][0] = data.treated()[i];
    }
    String term = spec.treatmentColumn() + "=" + spec.treatedArm();
    FineGrayFit fit = FineGray.fit(data.time(), data.status(), data.patients(), x, new String[] {term}, 1);
    double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - spec.confLevel()) / 2);
    double coef = fit.coef()[0];
    double se = fit.se()[0];
    out.hazard.add(new AnalysisResult.HazardRow(key.analysisId(), key.outcome(), key.population(), key.model(), 0,
        term, coef, se, null, Math.exp(coef), Math.exp(coef - z * se), Math.exp(coef + z * se), fit.test(0)[1],
        data.patientCount(), data.events(), "fine-gray", fit.converged(), fit.converged() ? null : "did not converge",
        null, null));
  }

  private static String causeLabel(int c) {
    return c == 1 ? "event" : "competing";
  }

  /** A source without cause of death (NCDB) has no competing-risk analysis; that is no failure. */
  private static void requireCause(CompetingRows data) {
    if (!data.anyEventOrCompeting()) {
      throw new SkippedException("no event or competing event: no cumulative incidence or Fine-Gray model");
    }
  }

  private static boolean twoArms(CohortArrays data) {
    boolean[] seen = new boolean[2];
    for (int t : data.treated) {
      seen[t] = true;
    }
    return seen[0] && seen[1];
  }

  private static void requireTwoArms(CohortArrays data) {
    if (!twoArms(data)) {
      throw new SkippedException(FamilyGuards.ONE_ARM);
    }
  }

  private String label(int arm) {
    return arm == 1 ? spec.treatedArm() : spec.referenceArm();
  }

  static AnalysisResult.RmstDifferenceRow rmstDifference(AnalysisSpec spec, RowKey key, RestrictedMean treated,
      RestrictedMean reference) {
    double difference = treated.estimate() - reference.estimate();
    double se = Math.sqrt(treated.stdErr() * treated.stdErr() + reference.stdErr() * reference.stdErr());
    NormalDistribution normal = new NormalDistribution();
    double z = normal.inverseCumulativeProbability(1 - (1 - spec.confLevel()) / 2);
    double p = se > 0 ? 2 * normal.cumulativeProbability(-Math.abs(difference / se)) : Double.NaN;
    return new AnalysisResult.RmstDifferenceRow(key.analysisId(), key.outcome(), key.population(), key.model(),
        treated.tau(), difference, se, difference - z * se, difference + z * se, p);
  }

  /** The rows an analysis can use (R's na.omit on its own columns), noting how many it dropped. */
  private static CohortArrays complete(CohortArrays data, boolean covariates, String what, List<String> messages) {
    CohortArrays kept = data.subset(data.complete(covariates));
    if (kept.size() < data.size()) {
      messages.add(what + ": " + (data.size() - kept.size()) + " rows dropped for missing values");
    }
    return kept;
  }

  interface Step<T> {
    T run();
  }

  static <T> T attempt(List<String> messages, String what, Step<T> step) {
    try {
      return step.run();
    } catch (RuntimeException e) {
      messages.add("failed " + what + ": " + e.getMessage());
      return null;
    }
  }

  /** A task that has nothing to compute on its rows (one arm, no events of a kind): reported, not failed. */
  static final class SkippedException extends RuntimeException {
    SkippedException(String message) {
      super(message, null, false, false);
    }
  }
}
