package org.npcoutcomes.stats;

import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.at;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kaplan–Meier with inverse-probability weights against R's survfit(weights = w): with non-integer weights
 * survival 3.5-3 reports the infinitesimal-jackknife standard error, and so do we.
 */
class WeightedKaplanMeierTest {
  static java.util.stream.Stream<OracleCase> cases() {
    return OracleCase.all();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void weightedCurvesWithJackknifeErrors(OracleCase c) {
    OracleCase.Arrays d = c.arrays(true, false);
    for (String w : List.of("ate", "att")) {
      double[] all = c.iptwWeights(d, w);
      for (int arm = 0; arm <= 1; arm++) {
        int a = arm;
        int[] idx = java.util.stream.IntStream.range(0, d.time().length).filter(i -> d.treated()[i] == a).toArray();
        double[] time = new double[idx.length];
        boolean[] event = new boolean[idx.length];
        double[] weight = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
          time[k] = d.time()[idx[k]];
          event[k] = d.event()[idx[k]];
          weight[k] = all[idx[k]];
        }
        KaplanMeierCurve km = KaplanMeier.fit(time, event, weight, ConfidenceType.LOG_LOG, 0.95);
        boolean fractional = java.util.Arrays.stream(weight).anyMatch(x -> x != Math.rint(x));
        JsonNode table = at(c.r, "iptw", "km_" + w, arm == 1 ? "treated" : "reference", "table");
        String what = c + " km_" + w + " arm " + arm;
        assertAllClose(table.get("n.risk"), km.nRisk(), what + " n.risk");
        assertAllClose(table.get("surv"), km.survival(), what + " surv");
        // with fractional weights survfit uses the robust SE and keeps it on the survival scale (logse = FALSE),
        // so its $std.err (the fixture's std.err_logS column) is the SE of S; with weights all 1 (the treated arm
        // under ATT) it is Greenwood's SE of -log S
        assertAllClose(table.get("std.err_logS"), fractional ? km.stdErr() : km.logSe(), what + " std.err");
        assertAllClose(table.get("lower_loglog"), km.lower(), what + " lower");
      }
    }
  }
}
