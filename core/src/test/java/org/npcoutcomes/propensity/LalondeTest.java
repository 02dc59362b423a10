package org.npcoutcomes.propensity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.OracleFixture;

/**
 * MatchIt::lalonde (the classic propensity-score data set): the glm propensity model, greedy 1:1 matching
 * with caliper 0.1 on the score (reference: the step-by-step port of MatchIt's matcher in oracle.R, not the
 * installed MatchIt, whose caliper does not bind) and standardized mean differences before and after
 * matching. Fixture: fixtures/lalonde, written by core/src/test/r/oracle.R from lalonde.spec.json.
 */
class LalondeTest {
  private static final CsvTable DATA = CsvTable.load("/fixtures/lalonde/lalonde.csv");
  private static final JsonNode R = OracleFixture.load("/fixtures/lalonde/lalonde.oracle.json");
  private static final String[][] CATEGORICAL = {{"race", "hispan", "white"}, {"married", "1"}, {"nodegree", "1"}};
  private static final String[] CONTINUOUS = {"age", "educ", "re74", "re75"};

  private static double[][] design() {
    List<double[]> columns = new ArrayList<>();
    for (String[] c : CATEGORICAL) {
      String[] values = DATA.strings(c[0]);
      for (int l = 1; l < c.length; l++) {
        String level = c[l];
        columns.add(java.util.Arrays.stream(values).mapToDouble(v -> v.equals(level) ? 1 : 0).toArray());
      }
    }
    for (String c : CONTINUOUS) {
      columns.add(DATA.doubles(c));
    }
    double[][] x = new double[DATA.rowCount()][columns.size()];
    for (int j = 0; j < columns.size(); j++) {
      for (int i = 0; i < x.length; i++) {
        x[i][j] = columns.get(j)[i];
      }
    }
    return x;
  }

  @Test
  void propensityModelMatchingAndBalance() {
    double[] y = DATA.doubles("treat");
    boolean[] treated = treatedFlags(y);
    LogisticFit fit = LogisticRegression.fit(design(), y,
        new String[] {"racehispan", "racewhite", "married1", "nodegree1", "age", "educ", "re74", "re75"});
    JsonNode coefficients = R.get("propensity").get("coefficients");
    assertAllClose(coefficients.get("coef"), fit.coef(), "glm coef");
    assertAllClose(coefficients.get("se"), fit.se(), "glm se");
    assertClose(number(R.get("propensity").get("deviance")), fit.deviance(), "deviance");
    for (String order : List.of("largest", "data")) {
      MatchedSet set = new NearestNeighborMatcher(1, 0.1, false, MatchOrder.parse(order), 0)
          .match(treated, fit.fitted(), null);
      JsonNode pairs = R.get("matching").get(order).get("pairs");
      assertEquals(pairs.get("subclass").size(), set.pairs().size(), order + " pairs");
      for (int k = 0; k < set.pairs().size(); k++) {
        MatchedSet.Pair p = set.pairs().get(k);
        assertEquals(pairs.get("treated_id").get(k).asInt(), p.treated() + 1, order + " treated of pair " + k);
        assertEquals(pairs.get("control_id").get(k).asInt(), p.controls().get(0) + 1, order + " control of pair " + k);
      }
    }
    JsonNode before = R.get("balance_before").get("smd");
    double[] age = DATA.doubles("age");
    Balance.Moments[] m = {Balance.moments(age, treated, true, null), Balance.moments(age, treated, false, null)};
    int ageRow = OracleRows.indexOf(before.get("variable"), "age");
    assertClose(number(before.get("smd_pooled").get(ageRow)), Balance.smd(m[0], m[1], m, false), "age SMD before");
  }

  private static boolean[] treatedFlags(double[] y) {
    boolean[] t = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      t[i] = y[i] == 1;
    }
    return t;
  }

  /** Position of a value in a JSON array. */
  private static final class OracleRows {
    static int indexOf(JsonNode array, String value) {
      for (int k = 0; k < array.size(); k++) {
        if (array.get(k).asText().equals(value)) {
          return k;
        }
      }
      throw new AssertionError("no " + value);
    }
  }
}
