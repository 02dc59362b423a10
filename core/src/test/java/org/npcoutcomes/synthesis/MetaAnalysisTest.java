package org.npcoutcomes.synthesis;

import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;
import static org.npcoutcomes.testing.OracleFixture.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.testing.OracleFixture;

/**
 * Every model against metafor 3.8-1 (fixtures/synthesis/meta.json from core/src/test/r/synthesis.R): k = 2,
 * a homogeneous set where every estimator gives τ² = 0, and the 13 BCG trials (k ≥ 10).
 */
class MetaAnalysisTest {
  static final JsonNode META = OracleFixture.load("/fixtures/synthesis/meta.json");
  private static final List<String> CASES = List.of("k2", "homogeneous", "bcg");

  static void assertFit(JsonNode r, PooledEstimate f, String what) {
    assertClose(number(r.get("estimate")), f.estimate(), what + " estimate");
    assertClose(number(r.get("se")), f.se(), what + " se");
    assertClose(number(r.get("statistic")), f.statistic(), what + " statistic");
    assertClose(number(r.get("pval")), f.pValue(), what + " p");
    assertClose(number(r.get("ci_lb")), f.lower(), what + " ci.lb");
    assertClose(number(r.get("ci_ub")), f.upper(), what + " ci.ub");
    assertClose(number(r.get("pi_lb")), f.predictionLower(), what + " pi.lb");
    assertClose(number(r.get("pi_ub")), f.predictionUpper(), what + " pi.ub");
    assertClose(number(r.get("tau2")), f.tau2(), what + " tau2");
    assertClose(number(r.get("I2")), f.i2(), what + " I2");
    assertClose(number(r.get("H2")), f.h2(), what + " H2");
    assertClose(number(r.get("QE")), f.q(), what + " Q");
    assertClose(number(r.get("QEp")), f.qP(), what + " Q p");
    assertAllClose(r.get("weights"), f.weights(), what + " weights");
  }

  @Test
  void everyMethodAndTestEqualsMetafor() {
    for (String name : CASES) {
      JsonNode c = META.get(name);
      double[] y = numbers(c.get("yi"));
      double[] v = numbers(c.get("vi"));
      for (TauEstimator m : TauEstimator.values()) {
        for (IntervalTest t : IntervalTest.values()) {
          String key = m.name() + "_" + t.label();
          assertFit(at(c, "fits", key), MetaAnalysis.fit(y, v, m, t, 0.95), name + " " + key);
        }
      }
    }
  }

  @Test
  void homogeneousStudiesGiveTauSquaredZeroForEveryEstimator() {
    JsonNode c = META.get("homogeneous");
    for (TauEstimator m : TauEstimator.values()) {
      double tau2 = MetaAnalysis.fit(numbers(c.get("yi")), numbers(c.get("vi")), m, IntervalTest.Z, 0.95).tau2();
      assertClose(0, tau2, 0, m + " tau2");
      assertClose(number(at(c, "fits", m.name() + "_z", "tau2")), tau2, m + " tau2 as metafor");
    }
  }

  @Test
  void qProfileIntervalEqualsConfint() {
    for (String name : CASES) {
      JsonNode c = META.get(name);
      TauSquaredInterval ci = MetaAnalysis.fit(numbers(c.get("yi")), numbers(c.get("vi")), TauEstimator.REML,
          IntervalTest.Z, 0.95).tau2Interval();
      assertAllClose(at(c, "tau2_ci", "tau2"), new double[] {ci.tau2Lower(), ci.tau2Upper()}, name + " tau2 CI");
      assertAllClose(at(c, "tau2_ci", "I2"), new double[] {ci.i2Lower(), ci.i2Upper()}, name + " I2 CI");
      assertAllClose(at(c, "tau2_ci", "H2"), new double[] {ci.h2Lower(), ci.h2Upper()}, name + " H2 CI");
    }
  }

  @Test
  void revManI2IsFromQ() {
    // (Q - df)/Q by hand from metafor's Q: the bcg set (Q = 152.23, df = 12) and the homogeneous one (Q < df).
    JsonNode bcg = META.get("bcg");
    double q = number(at(bcg, "fits", "REML_z", "QE"));
    PooledEstimate f = MetaAnalysis.fit(numbers(bcg.get("yi")), numbers(bcg.get("vi")), TauEstimator.REML,
        IntervalTest.Z, 0.95);
    assertClose(100 * (q - 12) / q, f.i2FromQ(), "bcg RevMan I2");
    JsonNode h = META.get("homogeneous");
    assertClose(0, MetaAnalysis.fit(numbers(h.get("yi")), numbers(h.get("vi")), TauEstimator.DL,
        IntervalTest.Z, 0.95).i2FromQ(), 0, "homogeneous RevMan I2");
  }

  @Test
  void leaveOneOutEqualsMetafor() {
    for (String name : CASES) {
      JsonNode c = META.get(name);
      double[] y = numbers(c.get("yi"));
      double[] v = numbers(c.get("vi"));
      for (String key : List.of("EE_z", "EE_knha", "REML_z", "REML_knha", "DL_z", "DL_knha")) {
        String[] mt = key.split("_");
        List<PooledEstimate> fits = LeaveOneOut.fits(y, v, TauEstimator.valueOf(mt[0]),
            IntervalTest.parse(mt[1]), 0.95);
        JsonNode r = at(c, "leave1out", key);
        String what = name + " leave1out " + key;
        assertAllClose(r.get("estimate"), fits.stream().mapToDouble(PooledEstimate::estimate).toArray(), what);
        assertAllClose(r.get("se"), fits.stream().mapToDouble(PooledEstimate::se).toArray(), what + " se");
        assertAllClose(r.get("pval"), fits.stream().mapToDouble(PooledEstimate::pValue).toArray(), what + " p");
        assertAllClose(r.get("ci_lb"), fits.stream().mapToDouble(PooledEstimate::lower).toArray(), what + " lb");
        assertAllClose(r.get("ci_ub"), fits.stream().mapToDouble(PooledEstimate::upper).toArray(), what + " ub");
        assertAllClose(r.get("Q"), fits.stream().mapToDouble(PooledEstimate::q).toArray(), what + " Q");
        assertAllClose(r.get("Qp"), fits.stream().mapToDouble(PooledEstimate::qP).toArray(), what + " Qp");
        assertAllClose(r.get("I2"), fits.stream().mapToDouble(PooledEstimate::i2).toArray(), what + " I2");
        assertAllClose(r.get("H2"), fits.stream().mapToDouble(PooledEstimate::h2).toArray(), what + " H2");
        if (!r.get("tau2").isNull()) { // metafor leaves τ² out of common-effect leave1out
          assertAllClose(r.get("tau2"), fits.stream().mapToDouble(PooledEstimate::tau2).toArray(), what + " tau2");
        }
      }
    }
  }

  @Test
  void eggerTestEqualsRegtest() {
    for (String name : CASES) {
      JsonNode c = META.get(name);
      if (!c.has("egger")) {
        continue;
      }
      JsonNode r = c.get("egger");
      EggerTest e = EggerTest.of(numbers(c.get("yi")), numbers(c.get("vi")), 0.95);
      String what = String.format(Locale.ROOT, "%s egger", name);
      assertClose(number(r.get("statistic")), e.statistic(), what + " t");
      assertClose(number(r.get("pval")), e.pValue(), what + " p");
      assertClose(number(r.get("df")), e.df(), what + " df");
      assertClose(number(r.get("slope")), e.slope(), what + " slope");
      assertClose(number(r.get("limit")), e.limitEstimate(), what + " limit estimate");
      assertClose(number(r.get("limit_lb")), e.limitLower(), what + " limit lb");
      assertClose(number(r.get("limit_ub")), e.limitUpper(), what + " limit ub");
    }
  }
}
