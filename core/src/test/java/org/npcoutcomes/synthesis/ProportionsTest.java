package org.npcoutcomes.synthesis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;
import static org.npcoutcomes.testing.OracleFixture.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proportions against metafor 3.8-1: escalc PLO (½ added to studies with no events or only events) and PFT,
 * rma on each with the back-transforms of predict (transf.ilogit, transf.ipft.hm), and rma.glmm(measure =
 * "PLO"); a set of 11 studies with one zero-event and one all-event study, and a set of 2.
 */
class ProportionsTest {

  private static long[] longs(JsonNode node) {
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asLong();
    }
    return out;
  }

  @Test
  void effectSizesEqualEscalc() {
    for (String name : List.of("proportions", "proportions_k2")) {
      JsonNode c = MetaAnalysisTest.META.get(name);
      long[] x = longs(c.get("events"));
      long[] n = longs(c.get("totals"));
      ProportionEffects plo = ProportionEffects.of(x, n, ProportionTransform.LOGIT);
      assertAllClose(at(c, "plo", "yi"), plo.y(), name + " PLO yi");
      assertAllClose(at(c, "plo", "vi"), plo.v(), name + " PLO vi");
      ProportionEffects pft = ProportionEffects.of(x, n, ProportionTransform.FREEMAN_TUKEY);
      assertAllClose(at(c, "pft", "yi"), pft.y(), name + " PFT yi");
      assertAllClose(at(c, "pft", "vi"), pft.v(), name + " PFT vi");
    }
    ProportionEffects plo = ProportionEffects.of(new long[] {0, 5, 20}, new long[] {20, 10, 20},
        ProportionTransform.LOGIT);
    assertTrue(plo.corrected()[0], "zero events: corrected");
    assertFalse(plo.corrected()[1], "5 of 10: not corrected");
    assertTrue(plo.corrected()[2], "all events: corrected");
  }

  @Test
  void pooledProportionsEqualRmaWithBackTransforms() {
    for (String name : List.of("proportions", "proportions_k2")) {
      JsonNode c = MetaAnalysisTest.META.get(name);
      long[] x = longs(c.get("events"));
      long[] n = longs(c.get("totals"));
      for (ProportionTransform t : List.of(ProportionTransform.LOGIT, ProportionTransform.FREEMAN_TUKEY)) {
        ProportionEffects e = ProportionEffects.of(x, n, t);
        for (TauEstimator m : List.of(TauEstimator.EE, TauEstimator.REML, TauEstimator.DL)) {
          String key = (t == ProportionTransform.LOGIT ? "plo_" : "pft_") + m.name();
          JsonNode r = c.get(key);
          PooledEstimate f = MetaAnalysis.fit(e.y(), e.v(), m, IntervalTest.Z, 0.95);
          MetaAnalysisTest.assertFit(r, f, name + " " + key);
          assertClose(number(r.get("pred")), e.toProportion(f.estimate()), name + " " + key + " pred");
          assertClose(number(r.get("pred_ci_lb")), e.toProportion(f.lower()), name + " " + key + " ci.lb");
          assertClose(number(r.get("pred_ci_ub")), e.toProportion(f.upper()), name + " " + key + " ci.ub");
          assertClose(number(r.get("pred_pi_lb")), e.toProportion(f.predictionLower()), name + " " + key + " pi.lb");
          assertClose(number(r.get("pred_pi_ub")), e.toProportion(f.predictionUpper()), name + " " + key + " pi.ub");
          if (r.has("study")) {
            double[] study = new double[x.length];
            for (int i = 0; i < study.length; i++) {
              study[i] = e.toProportion(e.y()[i], i);
            }
            assertAllClose(r.get("study"), study, name + " " + key + " studies back-transformed");
          }
        }
      }
    }
  }

  private static final double GLMM_SE_TOL = 2e-6;

  @Test
  void randomInterceptLogisticEqualsRmaGlmm() {
    for (String name : List.of("proportions", "proportions_k2")) {
      JsonNode c = MetaAnalysisTest.META.get(name);
      RandomInterceptLogistic.Fit f = RandomInterceptLogistic.fit(longs(c.get("events")),
          longs(c.get("totals")), RandomInterceptLogistic.DEFAULT_POINTS, 0.95);
      JsonNode r = c.get("glmm");
      String what = name + " glmm";
      assertClose(number(r.get("estimate")), f.estimate(), what + " estimate");
      // R's fit with lme4's penalised IRLS run to 1e-12 (its modes, where the adaptive quadrature is centred, are
      // then exact): the estimate, τ², I², H² and the tests equal ours to 1e-6. lme4 takes the SE from a
      // finite-difference Hessian of its deviance, ours is analytic: the SE and the interval built on it agree to
      // 2e-6.
      assertClose(number(r.get("se")), f.se(), GLMM_SE_TOL, what + " se");
      assertClose(number(r.get("statistic")), f.statistic(), GLMM_SE_TOL, what + " z");
      assertClose(number(r.get("pval")), f.pValue(), what + " p");
      assertClose(number(r.get("ci_lb")), f.lower(), GLMM_SE_TOL, what + " ci.lb");
      assertClose(number(r.get("ci_ub")), f.upper(), GLMM_SE_TOL, what + " ci.ub");
      assertClose(number(r.get("tau2")), f.tau2(), what + " tau2");
      assertClose(number(r.get("I2")), f.i2(), what + " I2");
      assertClose(number(r.get("H2")), f.h2(), what + " H2");
      assertClose(number(r.get("QE_LRT")), f.qLrt(), what + " QE.LRT");
      assertClose(number(r.get("QEp_LRT")), f.qLrtP(), what + " QEp.LRT");
      // metafor's default lme4 optimizer stops early; the same model, looser agreement.
      JsonNode d = c.get("glmm_default");
      assertClose(number(d.get("estimate")), f.estimate(), 1e-3, what + " default estimate");
      assertClose(number(d.get("tau2")), f.tau2(), 1e-3, what + " default tau2");
    }
  }
}
