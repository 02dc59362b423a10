package org.npcoutcomes.stats.competing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.OracleFixture;

/**
 * Fine–Gray regression against cmprsk::crr on survival::mgus2 (fixtures/competing from
 * core/src/test/r/competing_risks.R), and the sorted-sweep fit against the direct transcription of crr
 * ({@link QuadraticFineGray}) on random data with heavy ties.
 */
class FineGrayTest {
  private static final String[] TERMS = {"male", "age", "dxyr"};

  /** Rows, in input order, of a competing-risks data set with covariates. */
  private record Data(double[] time, int[] status, double[][] x) {}

  @Test
  void mgus2EqualsCrr() {
    CsvTable csv = CsvTable.load("/fixtures/competing/mgus2.csv");
    JsonNode r = OracleFixture.load("/fixtures/competing/mgus2.json").get("crr");
    String[] sex = csv.strings("sex");
    double[] age = csv.doubles("age");
    double[] year = csv.doubles("dxyr");
    double[][] x = new double[sex.length][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[] {"M".equals(sex[i]) ? 1 : 0, age[i], year[i]};
    }
    double[] time = csv.doubles("etime");
    int[] status = java.util.Arrays.stream(csv.doubles("cause")).mapToInt(v -> (int) v).toArray();
    for (int failCode = 1; failCode <= 2; failCode++) {
      JsonNode expected = r.get("failcode" + failCode);
      assertEqualsCrr(expected, FineGray.fit(time, status, x, TERMS, failCode), "failcode " + failCode);
      assertEqualsCrr(expected, QuadraticFineGray.fit(time, status, x, TERMS, failCode),
          "reference, failcode " + failCode);
    }
  }

  /**
   * Patients censored and failing at time 0, as in a landmark population: crr reads the censoring
   * distribution there after the censorings at 0 (fixtures/competing/time_zero.*, r/crr_time_zero.R).
   */
  @Test
  void censoringsAtTimeZeroAsCrrReadsThem() {
    CsvTable csv = CsvTable.load("/fixtures/competing/time_zero.csv");
    JsonNode r = OracleFixture.load("/fixtures/competing/time_zero.json");
    double[] time = csv.doubles("time");
    int[] status = java.util.Arrays.stream(csv.doubles("status")).mapToInt(v -> (int) v).toArray();
    double[] treated = csv.doubles("x");
    double[][] x = new double[time.length][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[] {treated[i]};
    }
    for (int failCode = 1; failCode <= 2; failCode++) {
      JsonNode expected = r.get("failcode" + failCode);
      FineGrayFit fit = FineGray.fit(time, status, x, new String[] {"x"}, failCode);
      assertRelative(number(expected.get("coef")), fit.coef()[0], 1e-6, "failcode " + failCode + " coef");
      assertRelative(number(expected.get("se")), fit.se()[0], 1e-6, "failcode " + failCode + " se");
      assertClose(number(expected.get("loglik")), fit.logLik(), "failcode " + failCode + " loglik");
      assertClose(number(expected.get("loglik_null")), fit.logLikNull(), "failcode " + failCode + " loglik null");
    }
  }

  private static void assertEqualsCrr(JsonNode expected, FineGrayFit fit, String what) {
    assertEquals(expected.get("converged").asBoolean(), fit.converged(), what + " converged");
    for (int k = 0; k < TERMS.length; k++) {
      // relative, as assertClose's absolute floor of 1e-6 would let through most of a coefficient below 0.01
      assertRelative(number(expected.get("coef").get(k)), fit.coef()[k], 1e-6, what + " " + TERMS[k] + " coef");
      assertRelative(number(expected.get("se").get(k)), fit.se()[k], 1e-6, what + " " + TERMS[k] + " se");
    }
    assertClose(number(expected.get("loglik")), fit.logLik(), what + " loglik");
    assertClose(number(expected.get("loglik_null")), fit.logLikNull(), what + " loglik null");
  }

  @Test
  void sweepEqualsDirectTranscriptionOnTiedData() {
    for (int seed = 1; seed <= 4; seed++) {
      Data d = data(new Random(seed), 1500, seed % 2 == 0, true);
      String[] terms = seed % 2 == 0 ? new String[] {"binary", "continuous", "year"}
          : new String[] {"binary", "continuous"};
      for (int failCode = 1; failCode <= 2; failCode++) {
        String what = "seed " + seed + " failcode " + failCode;
        assertSameFit(QuadraticFineGray.fit(d.time(), d.status(), d.x(), terms, failCode),
            FineGray.fit(d.time(), d.status(), d.x(), terms, failCode), what);
      }
    }
  }

  @Test
  void sweepEqualsDirectTranscriptionOnDistinctTimes() {
    Data d = data(new Random(5), 1000, true, false);
    String[] terms = {"binary", "continuous", "year"};
    for (int failCode = 1; failCode <= 2; failCode++) {
      assertSameFit(QuadraticFineGray.fit(d.time(), d.status(), d.x(), terms, failCode),
          FineGray.fit(d.time(), d.status(), d.x(), terms, failCode), "distinct times, failcode " + failCode);
    }
  }

  @Test
  void sweepEqualsDirectTranscriptionWhenTheLastTimeHasNoCensoring() {
    Data d = data(new Random(7), 800, false, true);
    int last = 0;
    for (int i = 0; i < d.time().length; i++) {
      last = d.time()[i] > d.time()[last] ? i : last;
    }
    for (int i = 0; i < d.time().length; i++) {
      if (d.time()[i] == d.time()[last] && d.status()[i] == 0) {
        d.status()[i] = 2;
      }
    }
    String[] terms = {"binary", "continuous"};
    assertSameFit(QuadraticFineGray.fit(d.time(), d.status(), d.x(), terms, 1),
        FineGray.fit(d.time(), d.status(), d.x(), terms, 1), "no censoring at the last time");
  }

  /** Distinct times, where the direct transcription's loops over all failures would take tens of minutes. */
  @Test
  void twoHundredThousandRowsFit() {
    Data d = data(new Random(11), 200_000, true, false);
    FineGrayFit fit = FineGray.fit(d.time(), d.status(), d.x(), new String[] {"binary", "continuous", "year"}, 1);
    assertTrue(fit.converged());
    for (double se : fit.se()) {
      assertTrue(se > 0 && Double.isFinite(se), "se " + se);
    }
  }

  /**
   * A binary and a continuous covariate that shift the cause and the time, optionally a calendar year whose
   * mean is far from zero relative to its spread, and times that are, if {@code tied}, whole months up to 60
   * (so most times hold failures of both causes and censorings).
   */
  private static Data data(Random random, int n, boolean withYear, boolean tied) {
    double[] time = new double[n];
    int[] status = new int[n];
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      double binary = random.nextBoolean() ? 1 : 0;
      double continuous = random.nextGaussian();
      double year = 1990 + random.nextInt(25);
      double rate = Math.exp(0.5 * binary - 0.3 * continuous);
      double t = -Math.log(random.nextDouble()) * 20 / rate;
      time[i] = tied ? Math.min(60, Math.ceil(t)) : t;
      double u = random.nextDouble();
      double pCause1 = 0.45 / (1 + Math.exp(-(0.8 * binary + 0.4 * continuous - 0.2)));
      status[i] = u < 0.25 ? 0 : u < 0.25 + pCause1 ? 1 : 2;
      x[i] = withYear ? new double[] {binary, continuous, year} : new double[] {binary, continuous};
    }
    return new Data(time, status, x);
  }

  private static void assertSameFit(FineGrayFit expected, FineGrayFit actual, String what) {
    double tol = 1e-9;
    assertEquals(expected.converged(), actual.converged(), what + " converged");
    assertRelative(expected.logLik(), actual.logLik(), tol, what + " loglik");
    assertRelative(expected.logLikNull(), actual.logLikNull(), tol, what + " loglik null");
    int p = expected.coef().length;
    for (int a = 0; a < p; a++) {
      assertRelative(expected.coef()[a], actual.coef()[a], tol, what + " coef " + a);
      assertRelative(expected.se()[a], actual.se()[a], tol, what + " se " + a);
      for (int c = 0; c < p; c++) {
        // a covariance relative to the product of the standard errors, as it may be near zero
        double scale = expected.se()[a] * expected.se()[c];
        double diff = Math.abs(expected.variance()[a][c] - actual.variance()[a][c]);
        if (!(diff <= tol * scale)) {
          fail(String.format("%s variance[%d][%d]: expected %.17g, got %.17g", what, a, c,
              expected.variance()[a][c], actual.variance()[a][c]));
        }
      }
    }
  }

  private static void assertRelative(double expected, double actual, double tol, String what) {
    if (!(Math.abs(expected - actual) <= tol * Math.abs(expected))) {
      fail(String.format("%s: expected %.17g, got %.17g (rel diff %.3g)", what, expected, actual,
          Math.abs(expected - actual) / Math.abs(expected)));
    }
  }
}
