package org.npcoutcomes.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;
import static org.npcoutcomes.testing.OracleFixture.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kaplan–Meier, log-rank and Cox against R (survival 3.5-3) on survival::lung and survival::veteran;
 * every figure at a relative 1e-6. Fixtures: fixtures/oracle, written by core/src/test/r/oracle.R.
 */
class SurvivalOracleTest {
  static Stream<OracleCase> cases() {
    return OracleCase.all();
  }

  private static double[] select(double[] v, int[] arm, int which) {
    return java.util.stream.IntStream.range(0, v.length).filter(i -> arm[i] == which).mapToDouble(i -> v[i])
        .toArray();
  }

  private static boolean[] select(boolean[] v, int[] arm, int which) {
    int[] idx = java.util.stream.IntStream.range(0, v.length).filter(i -> arm[i] == which).toArray();
    boolean[] out = new boolean[idx.length];
    for (int k = 0; k < idx.length; k++) {
      out[k] = v[idx[k]];
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void kaplanMeierAllConfidenceTypes(OracleCase c) {
    OracleCase.Arrays d = c.arrays(false, false);
    for (int arm = 0; arm <= 1; arm++) {
      JsonNode r = at(c.r, "kaplan_meier", arm == 1 ? "treated" : "reference");
      JsonNode table = r.get("table");
      double[] time = select(d.time(), d.treated(), arm);
      boolean[] event = select(d.event(), d.treated(), arm);
      for (ConfidenceType type : List.of(ConfidenceType.LOG_LOG, ConfidenceType.LOG)) {
        String suffix = type == ConfidenceType.LOG ? "log" : "loglog";
        KaplanMeierCurve km = KaplanMeier.fit(time, event, null, type, 0.95);
        String what = c + " arm " + arm + " " + suffix;
        assertAllClose(table.get("time"), km.time(), what + " time");
        assertAllClose(table.get("n.risk"), km.nRisk(), what + " n.risk");
        assertAllClose(table.get("n.event"), km.nEvent(), what + " n.event");
        assertAllClose(table.get("n.censor"), km.nCensor(), what + " n.censor");
        assertAllClose(table.get("surv"), km.survival(), what + " surv");
        assertAllClose(table.get("std.err_S"), km.stdErr(), what + " std.err");
        assertAllClose(table.get("std.err_logS"), km.logSe(), what + " std.err log");
        assertAllClose(table.get("lower_" + suffix), km.lower(), what + " lower");
        assertAllClose(table.get("upper_" + suffix), km.upper(), what + " upper");
        JsonNode median = r.get("median_" + suffix);
        assertClose(number(median.get("median")), km.median().median(), what + " median");
        assertClose(number(median.get("lower95")), km.median().lower(), what + " median lower");
        assertClose(number(median.get("upper95")), km.median().upper(), what + " median upper");
        JsonNode atTimes = r.get("at_times_" + suffix);
        List<SurvivalAtTime> s = km.at(numbers(atTimes.get("time")));
        assertAllClose(atTimes.get("surv"), s.stream().mapToDouble(SurvivalAtTime::survival).toArray(), what + " S(t)");
        assertAllClose(atTimes.get("std.err_S"), s.stream().mapToDouble(SurvivalAtTime::stdErr).toArray(), what);
        assertAllClose(atTimes.get("lower"), s.stream().mapToDouble(SurvivalAtTime::lower).toArray(), what);
        assertAllClose(atTimes.get("upper"), s.stream().mapToDouble(SurvivalAtTime::upper).toArray(), what);
        assertAllClose(atTimes.get("n.risk"), s.stream().mapToDouble(SurvivalAtTime::nRisk).toArray(), what);
        assertAllClose(atTimes.get("n.event_cumulative_in_interval"),
            s.stream().mapToDouble(SurvivalAtTime::nEvent).toArray(), what + " events in interval");
        double tau = number(c.spec.get("rmst_tau"));
        RestrictedMean rmst = km.rmst(tau);
        assertClose(number(at(r, "rmst_survival", "rmean")), rmst.estimate(), what + " rmst");
        assertClose(number(at(r, "rmst_survival", "se")), rmst.stdErr(), what + " rmst se");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void logRankFamily(OracleCase c) {
    OracleCase.Arrays plain = c.arrays(false, false);
    OracleCase.Arrays stratified = c.arrays(false, true);
    check(c, "logrank_rho0", LogRank.test(plain.time(), plain.event(), plain.treated(), null, 0));
    check(c, "peto_peto_rho1", LogRank.test(plain.time(), plain.event(), plain.treated(), null, 1));
    check(c, "stratified_rho0",
        LogRank.test(stratified.time(), stratified.event(), stratified.treated(), stratified.stratum(), 0));
    check(c, "stratified_rho1",
        LogRank.test(stratified.time(), stratified.event(), stratified.treated(), stratified.stratum(), 1));
  }

  private static void check(OracleCase c, String key, LogRankResult ours) {
    JsonNode r = at(c.r, "logrank", key);
    String what = c + " " + key;
    assertClose(number(r.get("chisq")), ours.chisq(), what + " chisq");
    assertEquals((int) number(r.get("df")), ours.df(), what + " df");
    assertClose(number(r.get("p")), ours.pValue(), what + " p");
    assertAllClose(r.get("observed"), ours.observed(), what + " observed");
    assertAllClose(r.get("expected"), ours.expected(), what + " expected");
    assertAllClose(r.get("n"), ours.n(), what + " n");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void coxModels(OracleCase c) {
    for (String ties : List.of("efron", "breslow")) {
      cox(c, "treatment_only_" + ties, c.arrays(false, false), ties);
      cox(c, "multivariable_" + ties, c.arrays(true, false), ties);
      cox(c, "stratified_treatment_only_" + ties, c.arrays(false, true), ties);
      cox(c, "stratified_multivariable_" + ties, c.arrays(true, true), ties);
    }
  }

  private static void cox(OracleCase c, String key, OracleCase.Arrays d, String ties) {
    JsonNode r = at(c.r, "cox", key);
    String what = c + " " + key;
    CoxFit fit = CoxModel.fit(new CoxData(d.time(), d.event(), d.x(), d.terms(), null, d.stratum(), null),
        CoxOptions.defaults(Ties.parse(ties)));
    JsonNode coefficients = r.get("coefficients");
    assertEquals(OracleCase.strings(coefficients.get("term")), List.of(d.terms()), what + " terms");
    List<CoxCoefficient> rows = fit.coefficients(0.95);
    assertAllClose(coefficients.get("coef"), rows.stream().mapToDouble(CoxCoefficient::coef).toArray(), what + " coef");
    assertAllClose(coefficients.get("se"), rows.stream().mapToDouble(CoxCoefficient::se).toArray(), what + " se");
    assertAllClose(coefficients.get("HR"), rows.stream().mapToDouble(CoxCoefficient::hazardRatio).toArray(), what);
    assertAllClose(coefficients.get("lower95"), rows.stream().mapToDouble(CoxCoefficient::lower).toArray(), what);
    assertAllClose(coefficients.get("upper95"), rows.stream().mapToDouble(CoxCoefficient::upper).toArray(), what);
    assertAllClose(coefficients.get("z"), rows.stream().mapToDouble(CoxCoefficient::z).toArray(), what + " z");
    assertAllClose(coefficients.get("p"), rows.stream().mapToDouble(CoxCoefficient::pValue).toArray(), what + " p");
    assertClose(number(r.get("loglik_null")), fit.logLikNull(), what + " loglik null");
    assertClose(number(r.get("loglik_final")), fit.logLik(), what + " loglik");
    assertEquals((int) number(r.get("iterations")), fit.iterations(), what + " iterations");
    assertEquals((int) number(r.get("n")), fit.n(), what + " n");
    assertClose(number(r.get("nevent")), fit.events(), what + " events");
    for (String test : List.of("lr_test", "wald_test", "score_test")) {
      HypothesisTest ours = switch (test) {
        case "lr_test" -> fit.likelihoodRatio();
        case "wald_test" -> fit.wald();
        default -> fit.score();
      };
      assertClose(number(at(r, test, "statistic")), ours.statistic(), what + " " + test);
      assertClose(number(at(r, test, "df")), ours.df(), what + " " + test + " df");
      assertClose(number(at(r, test, "p")), ours.pValue(), what + " " + test + " p");
    }
    assertTrue(fit.converged(), what + " converged");
    double[] risk = new double[d.time().length];
    for (int i = 0; i < risk.length; i++) {
      for (int j = 0; j < fit.coef().length; j++) {
        risk[i] += fit.coef()[j] * d.x()[i][j];
      }
    }
    ConcordanceIndex.Result ci = ConcordanceIndex.of(d.time(), d.event(), risk, null, d.stratum());
    JsonNode counts = at(r, "concordance", "counts");
    assertClose(number(counts.get("concordant")), ci.concordant(), what + " concordant pairs");
    assertClose(number(counts.get("discordant")), ci.discordant(), what + " discordant pairs");
    assertClose(number(counts.get("tied.x")), ci.tiedRisk(), what + " pairs tied on risk");
    assertClose(number(at(r, "concordance", "C")), ci.concordance(), what + " concordance");
    assertClose(number(at(r, "concordance", "se")), ci.stdErr(), what + " concordance se");
  }
}
