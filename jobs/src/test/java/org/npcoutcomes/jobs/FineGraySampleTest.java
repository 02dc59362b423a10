package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.stats.competing.FineGray;
import org.npcoutcomes.stats.competing.FineGrayFit;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.OracleFixture;

/**
 * Fine–Gray regression of treatment on the sample cohort against cmprsk::crr (fixtures/sample-cohort,
 * competing_risks.fine_gray_treatment_failcode1/2): cancer death with other-cause death competing, and the
 * reverse.
 */
class FineGraySampleTest {
  /** Patients with a known cause: time, cause and the design row that {@code design} builds. */
  private record Data(double[] time, int[] status, double[][] x) {}

  private static Data load(java.util.function.Function<Map<String, String>, double[]> design) {
    CsvTable cohort = CsvTable.load("/fixtures/sample-cohort/cohort.csv");
    List<Double> time = new ArrayList<>();
    List<Integer> status = new ArrayList<>();
    List<double[]> x = new ArrayList<>();
    for (Map<String, String> row : cohort.records()) {
      if (row.get("cause") != null) {
        time.add(Double.parseDouble(row.get("os_months")));
        status.add(Integer.parseInt(row.get("cause")));
        x.add(design.apply(row));
      }
    }
    return new Data(time.stream().mapToDouble(Double::doubleValue).toArray(),
        status.stream().mapToInt(Integer::intValue).toArray(), x.toArray(new double[0][]));
  }

  @Test
  void treatmentOnlyModelsEqualCrr() {
    JsonNode r = OracleFixture.load("/fixtures/sample-cohort/oracle.json").get("competing_risks");
    Data d = load(row -> new double[] {"CHT+RT".equals(row.get("arm")) ? 1 : 0});
    for (int failCode = 1; failCode <= 2; failCode++) {
      FineGrayFit fit = FineGray.fit(d.time(), d.status(), d.x(), new String[] {"treat"}, failCode);
      JsonNode expected = r.get("fine_gray_treatment_failcode" + failCode);
      String what = "failcode " + failCode;
      assertTrue(fit.converged(), what + " converged");
      assertClose(number(at(expected, "coefficients", "coef").get(0)), fit.coef()[0], what + " coef");
      assertClose(number(at(expected, "coefficients", "se").get(0)), fit.se()[0], what + " se");
      assertClose(number(at(expected, "coefficients", "p").get(0)), fit.test(0)[1], what + " p");
      assertClose(number(expected.get("loglik")), fit.logLik(), what + " loglik");
      assertClose(number(expected.get("loglik_null")), fit.logLikNull(), what + " loglik null");
    }
  }

  @Test
  void multivariableModelEqualsCrr() {
    JsonNode expected = OracleFixture.load("/fixtures/sample-cohort/oracle.json").get("competing_risks")
        .get("fine_gray_multivariable_failcode1");
    List<String> terms = new ArrayList<>();
    expected.get("coefficients").get("term").forEach(n -> terms.add(n.asText()));
    // in the fixture's level order (spec.json's levels: unknown last)
    String[][] dummies = {{"sex", "male"}, {"t_group", "T3-4"}, {"bone_mets", "yes"}, {"bone_mets", "unknown"},
        {"liver_mets", "yes"}, {"liver_mets", "unknown"}, {"mets_count", "1"}, {"mets_count", ">=2"},
        {"mets_count", "unknown"}};
    for (int k = 0; k < dummies.length; k++) {
      assertEquals(dummies[k][0] + dummies[k][1], terms.get(k + 1), "term " + (k + 1));
    }
    Data d = load(row -> {
      double[] design = new double[terms.size()];
      design[0] = "CHT+RT".equals(row.get("arm")) ? 1 : 0;
      for (int k = 0; k < dummies.length; k++) {
        design[k + 1] = dummies[k][1].equals(row.get(dummies[k][0])) ? 1 : 0;
      }
      design[terms.size() - 1] = Double.parseDouble(row.get("age"));
      return design;
    });
    FineGrayFit fit = FineGray.fit(d.time(), d.status(), d.x(), terms.toArray(new String[0]), 1);
    for (int k = 0; k < terms.size(); k++) {
      assertClose(number(expected.get("coefficients").get("coef").get(k)), fit.coef()[k], terms.get(k) + " coef");
      assertClose(number(expected.get("coefficients").get("se").get(k)), fit.se()[k], terms.get(k) + " se");
    }
  }
}
