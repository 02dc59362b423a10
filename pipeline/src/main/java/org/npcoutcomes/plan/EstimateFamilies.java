package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.plan.ModelRequest.Strata;
import org.npcoutcomes.stats.ChiSquare;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.CoxZph;
import org.npcoutcomes.stats.KaplanMeierCurve;
import org.npcoutcomes.stats.LogRankResult;
import org.npcoutcomes.stats.RestrictedMean;
import org.npcoutcomes.stats.Ties;
import org.npcoutcomes.stats.competing.CumulativeIncidence;
import org.npcoutcomes.stats.competing.FineGray;
import org.npcoutcomes.stats.competing.FineGrayFit;
import org.npcoutcomes.stats.competing.GrayTest;
import org.npcoutcomes.stats.competing.IncidenceCurve;

/**
 * Every estimate family of one outcome in one population, written once against {@link PopulationSource}
 * whether its rows are in memory or aggregated by Spark: Kaplan–Meier per arm with RMST, log-rank and
 * Peto–Peto tests, Cox models (crude, multivariable, screened; stratified; on matched sets) with their
 * concordance, likelihood profile and proportional-hazards test, the treatment x subgroup test, cumulative
 * incidence with Gray's test, and Fine–Gray. One set of guards ({@link FamilyGuards}) runs first; each family
 * writes its rows into an {@link AnalysisResult}, notes what it dropped or could not do in {@code messages},
 * and returns the rows and events it used.
 */
final class EstimateFamilies {
  /** Suffix of the stratified variant of a model. */
  static final String STRATIFIED = "_stratified";
  /** Cox model of the matched population stratified on the matched set. */
  static final String MATCHED_SET_STRATA = "matched_set_strata";

  private final AnalysisSpec spec;
  private final Ties ties;

  EstimateFamilies(AnalysisSpec spec) {
    this.spec = spec;
    this.ties = Ties.parse(spec.ties());
  }

  /** Rows and events an estimate used. */
  record Used(long rows, long events) {}

  /** Checks the population, then runs the task's family on it. */
  Used run(AnalysisTask task, PopulationSource source, List<String> messages, AnalysisResult out) {
    ArmCounts counts = source.counts();
    FamilyGuards.check(task.family(), counts, spec, messages);
    RowKey key = RowKey.of(task);
    return switch (task.family()) {
      case KAPLAN_MEIER -> kaplanMeier(key, source, out);
      case LOG_RANK -> logRank(key, source, messages, out);
      case COX -> cox(key, source, messages, out);
      case INTERACTION -> interaction(key, source, task.model(), messages, out);
      case CUMULATIVE_INCIDENCE -> cumulativeIncidence(key, source.competing(), out);
      case FINE_GRAY -> fineGray(key, source.competing(), messages, out);
      default -> throw new IllegalStateException("no estimate family " + task.family());
    };
  }

  /** Kaplan–Meier per arm (weighted in a weighted population), with RMST and its difference between arms. */
  private Used kaplanMeier(RowKey key, PopulationSource source, AnalysisResult out) {
    PopulationData data = source.rows(ModelRequest.crude(Strata.NONE));
    SortedMap<Integer, KaplanMeierCurve> curves = data.kaplanMeier(spec.confType(), spec.confLevel());
    LogRankResult lr = !source.weighted() && curves.size() == 2 ? data.logRank(0) : null;
    ArmCounts counts = data.counts();
    RestrictedMean[] rmst = new RestrictedMean[2];
    CurveRows rows = new CurveRows(out.km, out.summary, out.atTime);
    for (Map.Entry<Integer, KaplanMeierCurve> c : curves.entrySet()) {
      int arm = c.getKey();
      rmst[arm] = rows.add(spec, key, label(arm), c.getValue(), counts.rows()[arm], counts.events()[arm],
          source.weighted(), lr == null ? Double.NaN : lr.observed()[arm],
          lr == null ? Double.NaN : lr.expected()[arm]);
    }
    if (rmst[0] != null && rmst[1] != null) {
      out.rmstDifference.add(rmstDifference(spec, key, rmst[1], rmst[0]));
    }
    return new Used(counts.totalRows(), counts.totalEvents());
  }

  /** Log-rank and Peto–Peto tests, unstratified and (when strata are given) stratified. */
  private Used logRank(RowKey key, PopulationSource source, List<String> messages, AnalysisResult out) {
    if (source.weighted()) {
      messages.add("no log-rank test in a weighted population (the test is for unweighted counts)");
      return new Used(0, 0);
    }
    Used used = null;
    for (Strata strata : spec.stratified() ? List.of(Strata.NONE, Strata.DECLARED) : List.of(Strata.NONE)) {
      PopulationData data = rows(source, ModelRequest.crude(strata), "stratified log-rank", messages);
      RowKey k = key.withModel(strata == Strata.NONE ? "unstratified" : "stratified");
      for (double rho : new double[] {0, 1}) {
        LogRankResult r = data.logRank(rho);
        out.logRank.add(new AnalysisResult.LogRankRow(k.analysisId(), k.outcome(), k.population(), k.model(),
            rho == 0 ? "log-rank" : "peto-peto", strata == Strata.NONE ? "" : String.join(",", spec.strata()),
            r.chisq(), r.df(), r.pValue()));
      }
      if (used == null) {
        used = new Used(data.counts().totalRows(), data.counts().totalEvents());
      }
    }
    return used;
  }

  /**
   * One Cox model of treatment: crude, multivariable or screened, unstratified or stratified ({@code _stratified}),
   * weighted with a robust SE in a weighted population, clustered on the matched set in the matched one (or
   * stratified on it).
   */
  private Used cox(RowKey key, PopulationSource source, List<String> messages, AnalysisResult out) {
    String model = key.model();
    ModelRequest request;
    if (model.equals(MATCHED_SET_STRATA)) {
      request = ModelRequest.crude(Strata.MATCHED_SET);
    } else {
      boolean stratified = model.endsWith(STRATIFIED);
      Strata strata = stratified ? Strata.DECLARED : Strata.NONE;
      String base = stratified ? model.substring(0, model.length() - STRATIFIED.length()) : model;
      List<String> covariates = switch (base) {
        case "crude" -> List.of();
        case "multivariable" -> spec.covariateColumns();
        case "screened" -> screen(source, strata, messages);
        default -> throw new IllegalArgumentException("unknown model " + model);
      };
      request = ModelRequest.of(covariates, strata);
    }
    PopulationData data = rows(source, request, "Cox model", messages);
    CoxOptions options = CoxOptions.defaults(ties).withRobust(data.robust());
    CoxFit fit = data.cox(options);
    TaskStatus.flag(messages, fit.warnings());
    out.hazard.addAll(HazardRows.hazard(key, fit, spec));
    out.modelFit.add(HazardRows.modelFit(key, fit, data.concordance(fit), data.terms().references()));
    ProfileRows.add(key, fit, grid -> data.coxProfile(options, fit, grid), messages, out);
    List<CoxZph.Result> zph = attempt(messages, "proportional-hazards test", () -> data.coxZph(options, fit));
    if (zph != null) {
      zph.forEach(z -> out.phTest.add(new AnalysisResult.PhTestRow(key.analysisId(), key.outcome(), key.population(),
          key.model(), z.term(), z.chisq(), z.df(), z.pValue())));
    }
    return new Used(fit.n(), Math.round(fit.events()));
  }

  /**
   * The univariable screen of published NPC studies: each covariate alone in a Cox model, on the rows where
   * it is known; those with a likelihood-ratio p below {@code screening-p} are kept.
   */
  private List<String> screen(PopulationSource source, Strata strata, List<String> messages) {
    List<String> kept = new ArrayList<>();
    for (String name : spec.covariateColumns()) {
      PopulationData data = source.rows(ModelRequest.alone(name, strata));
      if (data.terms().width() == 0) {
        continue;
      }
      CoxFit fit = attempt(messages, "univariable Cox of " + name,
          () -> data.cox(CoxOptions.defaults(ties).withRobust(data.robust())));
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
  private Used interaction(RowKey key, PopulationSource source, String variable, List<String> messages,
      AnalysisResult out) {
    Strata strata = spec.stratified() ? Strata.DECLARED : Strata.NONE;
    CoxFit[] fits = new CoxFit[2];
    for (int k = 0; k < 2; k++) {
      PopulationData data = rows(source, ModelRequest.subgroup(variable, k == 1, strata), "interaction test",
          k == 0 ? messages : new ArrayList<>());
      fits[k] = data.cox(CoxOptions.defaults(ties));
    }
    int d = (fits[1].coef().length - 1) / 2;
    int df = 0;
    for (int l = 1; l <= d; l++) {
      df += Double.isNaN(fits[1].coef()[d + l]) ? 0 : 1;
    }
    double chisq = 2 * (fits[1].logLik() - fits[0].logLik());
    out.interaction.add(new AnalysisResult.InteractionRow(key.analysisId(), key.outcome(), key.population(),
        key.model(), variable, fits[1].n(), chisq, df, df == 0 ? Double.NaN : ChiSquare.upperTail(chisq, df)));
    return new Used(fits[1].n(), Math.round(fits[1].events()));
  }

  /** Cumulative incidence of the event and of the competing events per arm, and Gray's test between arms. */
  private Used cumulativeIncidence(RowKey key, CompetingRows data, AnalysisResult out) {
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
    return new Used(data.patientCount(), data.events());
  }

  /** Fine–Gray subdistribution hazard ratio of treatment for the event, competing events as such. */
  private Used fineGray(RowKey key, CompetingRows data, List<String> messages, AnalysisResult out) {
    requireCause(data);
    if (!data.bothArms()) {
      throw new SkippedException(FamilyGuards.ONE_ARM);
    }
    double[][] x = new double[data.rows()][1];
    for (int i = 0; i < x.length; i++) {
      x[i][0] = data.treated()[i];
    }
    String term = DesignMatrix.treatmentTerm(spec);
    FineGrayFit fit = FineGray.fit(data.time(), data.status(), data.patients(), x, new String[] {term}, 1);
    double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - spec.confLevel()) / 2);
    double coef = fit.coef()[0];
    double se = fit.se()[0];
    out.hazard.add(new AnalysisResult.HazardRow(key.analysisId(), key.outcome(), key.population(), key.model(), 0,
        term, coef, se, null, Math.exp(coef), Math.exp(coef - z * se), Math.exp(coef + z * se), fit.test(0)[1],
        data.patientCount(), data.events(), "fine-gray", fit.converged(), fit.converged() ? null : "did not converge",
        null, null));
    if (!fit.converged()) {
      messages.add(TaskStatus.WARNING + "the Fine-Gray model did not converge");
    }
    return new Used(data.patientCount(), data.events());
  }

  /** The rows of one model, noting how many rows of the population it leaves out for missing values. */
  private static PopulationData rows(PopulationSource source, ModelRequest request, String what,
      List<String> messages) {
    PopulationData data = source.rows(request);
    long dropped = source.counts().totalRows() - data.counts().totalRows();
    if (dropped > 0) {
      messages.add(what + ": " + dropped + " rows dropped for missing values");
    }
    return data;
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
