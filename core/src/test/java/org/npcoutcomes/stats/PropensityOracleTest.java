package org.npcoutcomes.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.npcoutcomes.propensity.LogisticFit;
import org.npcoutcomes.propensity.LogisticRegression;
import org.npcoutcomes.propensity.MatchOrder;
import org.npcoutcomes.propensity.MatchedSet;
import org.npcoutcomes.propensity.NearestNeighborMatcher;
import org.npcoutcomes.propensity.PropensityWeights;

/**
 * Propensity model (R's glm binomial), greedy nearest-neighbour matching and IPT weights against the
 * oracle. The matching reference is the corrected step-by-step port of MatchIt's nearest-neighbour
 * matcher in oracle.R (not the installed MatchIt 4.5.1, whose caliper does not bind; see the oracle's
 * README), with caliper 0.1 on the score scale.
 */
class PropensityOracleTest {
  static Stream<OracleCase> cases() {
    return OracleCase.all();
  }

  /** Complete-case cohort: covariates (without the treatment column), treatment, ids. */
  private record Cohort(double[][] x, double[] y, boolean[] treated, int[] id, String[] terms) {}

  private static Cohort cohort(OracleCase c) {
    OracleCase.Arrays d = c.arrays(true, false);
    int n = d.time().length;
    int p = d.terms().length - 1;
    double[][] x = new double[n][p];
    double[] y = new double[n];
    boolean[] treated = new boolean[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(d.x()[i], 1, x[i], 0, p);
      y[i] = d.treated()[i];
      treated[i] = d.treated()[i] == 1;
    }
    return new Cohort(x, y, treated, d.id(), java.util.Arrays.copyOfRange(d.terms(), 1, p + 1));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void logisticRegressionEqualsGlm(OracleCase c) {
    Cohort k = cohort(c);
    LogisticFit fit = LogisticRegression.fit(k.x(), k.y(), k.terms());
    JsonNode r = c.r.get("propensity");
    JsonNode coefficients = r.get("coefficients");
    assertAllClose(coefficients.get("coef"), fit.coef(), c + " coef");
    assertAllClose(coefficients.get("se"), fit.se(), c + " se");
    assertAllClose(coefficients.get("z"), fit.z(), c + " z");
    assertAllClose(coefficients.get("p"), fit.pValue(), c + " p");
    assertClose(number(r.get("deviance")), fit.deviance(), c + " deviance");
    assertClose(number(r.get("null_deviance")), fit.nullDeviance(), c + " null deviance");
    assertClose(number(r.get("aic")), fit.aic(), c + " aic");
    assertEquals((int) number(r.get("iterations")), fit.iterations(), c + " iterations");
    Map<Integer, Integer> row = index(r.get("scores").get("id"));
    for (int i = 0; i < k.id().length; i++) {
      int j = row.get(k.id()[i]);
      assertClose(number(r.get("scores").get("ps").get(j)), fit.fitted()[i], c + " ps of id " + k.id()[i]);
      assertClose(number(r.get("scores").get("linear_predictor").get(j)), fit.linearPredictor()[i], c + " lp");
    }
  }

  private static Map<Integer, Integer> index(JsonNode ids) {
    Map<Integer, Integer> row = new HashMap<>();
    for (int j = 0; j < ids.size(); j++) {
      row.put(ids.get(j).asInt(), j);
    }
    return row;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void greedyMatchingEqualsTheReferenceMatcher(OracleCase c) {
    Cohort k = cohort(c);
    JsonNode scores = c.r.get("propensity").get("scores");
    Map<Integer, Integer> row = index(scores.get("id"));
    double[] ps = new double[k.id().length];
    for (int i = 0; i < ps.length; i++) {
      ps[i] = number(scores.get("ps").get(row.get(k.id()[i])));
    }
    for (String order : List.of("largest", "data")) {
      MatchedSet set = new NearestNeighborMatcher(1, number(c.spec.get("caliper")), false, MatchOrder.parse(order), 0)
          .match(k.treated(), ps, null);
      JsonNode r = at(c.r, "matching", order);
      JsonNode pairs = r.get("pairs");
      List<String> expected = new ArrayList<>();
      for (int j = 0; j < pairs.get("subclass").size(); j++) {
        expected.add(pairs.get("subclass").get(j).asText() + ":" + pairs.get("treated_id").get(j).asText() + "-"
            + pairs.get("control_id").get(j).asText());
      }
      List<String> ours = new ArrayList<>();
      for (MatchedSet.Pair p : set.pairs()) {
        ours.add(p.subclass() + ":" + k.id()[p.treated()] + "-" + k.id()[p.controls().get(0)]);
        assertTrue(Math.abs(ps[p.treated()] - ps[p.controls().get(0)]) <= 0.1, "caliper binds");
      }
      assertEquals(expected, ours, c + " " + order + " pairs");
      JsonNode counts = r.get("counts");
      assertEquals(counts.get("treated_matched").asInt(), set.treatedMatched());
      assertEquals(counts.get("treated_unmatched").asInt(), set.treatedUnmatched());
      assertEquals(counts.get("control_matched").asInt(), set.controlsMatched());
      assertEquals(counts.get("control_unmatched").asInt(), set.controlsUnmatched());
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void inverseProbabilityWeights(OracleCase c) {
    JsonNode w = at(c.r, "iptw", "weights");
    int n = w.get("id").size();
    boolean[] treated = new boolean[n];
    double[] ps = new double[n];
    for (int i = 0; i < n; i++) {
      treated[i] = w.get("treat").get(i).asInt() == 1;
      ps[i] = number(w.get("ps").get(i));
    }
    assertAllClose(w.get("ate"), PropensityWeights.weights(treated, ps, PropensityWeights.Estimand.ATE, false), "ate");
    assertAllClose(w.get("ate_stabilized"),
        PropensityWeights.weights(treated, ps, PropensityWeights.Estimand.ATE, true), "stabilized ate");
    assertAllClose(w.get("att"), PropensityWeights.weights(treated, ps, PropensityWeights.Estimand.ATT, false), "att");
  }
}
