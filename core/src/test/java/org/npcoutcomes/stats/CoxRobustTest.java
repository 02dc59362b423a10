package org.npcoutcomes.stats;

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

/**
 * Weighted Cox models with the robust sandwich variance (R: coxph(..., weights = w, robust = TRUE)) and
 * the matched-pair model clustered on the pair (+ cluster(subclass)), against the oracle's iptw and
 * matching blocks. Weights and pairs are taken from the fixture, so only the Cox fit is under test here.
 */
class CoxRobustTest {
  static Stream<OracleCase> cases() {
    return OracleCase.all();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void weightedRobust(OracleCase c) {
    OracleCase.Arrays d = c.arrays(true, false);
    double[][] x = new double[d.time().length][1];
    for (int i = 0; i < x.length; i++) {
      x[i][0] = d.treated()[i];
    }
    for (String w : List.of("ate", "ate_stabilized", "att")) {
      double[] weight = c.iptwWeights(d, w);
      for (String ties : List.of("efron", "breslow")) {
        String key = "cox_" + w + (ties.equals("breslow") ? "_breslow" : "");
        CoxFit fit = CoxModel.fit(new CoxData(d.time(), d.event(), x, new String[] {"treat"}, weight, null, null),
            CoxOptions.defaults(Ties.parse(ties)).withRobust(true));
        check(c + " " + key, at(c.r, "iptw", key), fit);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchedPairsClusteredOnThePair(OracleCase c) {
    OracleCase.Arrays d = c.arrays(true, false);
    JsonNode pairs = at(c.r, "matching", "largest", "pairs");
    Map<Integer, Integer> subclass = new HashMap<>();
    for (int k = 0; k < pairs.get("subclass").size(); k++) {
      int s = pairs.get("subclass").get(k).asInt();
      subclass.put(pairs.get("treated_id").get(k).asInt(), s);
      subclass.put(pairs.get("control_id").get(k).asInt(), s);
    }
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < d.id().length; i++) {
      if (subclass.containsKey(d.id()[i])) {
        keep.add(i);
      }
    }
    int n = keep.size();
    double[] time = new double[n];
    boolean[] event = new boolean[n];
    double[][] x = new double[n][1];
    int[] cluster = new int[n];
    for (int k = 0; k < n; k++) {
      int i = keep.get(k);
      time[k] = d.time()[i];
      event[k] = d.event()[i];
      x[k][0] = d.treated()[i];
      cluster[k] = subclass.get(d.id()[i]);
    }
    CoxFit fit = CoxModel.fit(new CoxData(time, event, x, new String[] {"treat"}, null, null, cluster),
        CoxOptions.defaults(Ties.EFRON));
    check(c + " matched cluster", at(c.r, "matching", "largest", "cox_matched_robust_cluster_pair"), fit);
  }

  private static void check(String what, JsonNode r, CoxFit fit) {
    JsonNode coefficients = r.get("coefficients");
    CoxCoefficient ours = fit.coefficients(0.95).get(0);
    assertClose(number(coefficients.get("coef").get(0)), ours.coef(), what + " coef");
    assertClose(number(coefficients.get("se").get(0)), ours.robustSe(), what + " robust se");
    assertClose(number(coefficients.get("se_naive").get(0)), ours.se(), what + " naive se");
    assertAllClose(coefficients.get("lower95"), new double[] {ours.lower()}, what + " lower");
    assertAllClose(coefficients.get("p"), new double[] {ours.pValue()}, what + " p");
    assertClose(number(at(r, "wald_test", "statistic")), fit.wald().statistic(), what + " wald");
  }
}
