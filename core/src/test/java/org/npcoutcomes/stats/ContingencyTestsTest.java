package org.npcoutcomes.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.testing.OracleFixture;

/**
 * Table 1 tests against R's chisq.test / fisher.test (fixtures/contingency/contingency.json from
 * core/src/test/r/contingency.R, and the table1_tests blocks of the oracle cases) and against the p-values
 * of a published metastatic NPC Table 1, reproduced from its counts alone (fixtures/oracle/paper_table1.json).
 */
class ContingencyTestsTest {
  private static long[][] table(JsonNode rows) {
    long[][] t = new long[rows.size()][];
    for (int i = 0; i < t.length; i++) {
      JsonNode r = rows.get(i);
      t[i] = new long[r.size()];
      for (int j = 0; j < r.size(); j++) {
        t[i][j] = r.get(j).asLong();
      }
    }
    return t;
  }

  private static long[][] levelsByArm(JsonNode reference, JsonNode treated) {
    long[][] t = new long[reference.size()][2];
    for (int i = 0; i < t.length; i++) {
      t[i][0] = reference.get(i).asLong();
      t[i][1] = treated.get(i).asLong();
    }
    return t;
  }

  @Test
  void chiSquareAndFisherEqualR() {
    JsonNode all = OracleFixture.load("/fixtures/contingency/contingency.json");
    for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode r = e.getValue();
      long[][] t = table(r.get("counts"));
      ContingencyTests.Result yates = ContingencyTests.chiSquare(t, true);
      ContingencyTests.Result pearson = ContingencyTests.chiSquare(t, false);
      assertClose(number(r.get("yates_statistic")), yates.statistic(), e.getKey() + " yates statistic");
      assertClose(number(r.get("yates_p")), yates.pValue(), e.getKey() + " yates p");
      assertClose(number(r.get("pearson_statistic")), pearson.statistic(), e.getKey() + " pearson statistic");
      assertClose(number(r.get("pearson_p")), pearson.pValue(), e.getKey() + " pearson p");
      assertEquals(number(r.get("df")), pearson.df(), e.getKey() + " df");
      assertClose(number(r.get("fisher_p")), ContingencyTests.fisher(t).pValue(), e.getKey() + " fisher p");
    }
  }

  @Test
  void oracleCasesTable1Tests() {
    for (String name : List.of("lung", "veteran")) {
      JsonNode categorical = OracleFixture.load("/fixtures/oracle/" + name + ".oracle.json").get("table1_tests")
          .get("categorical");
      for (Iterator<Map.Entry<String, JsonNode>> it = categorical.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode r = e.getValue();
        long[][] t = levelsByArm(r.get("counts").get("reference"), r.get("counts").get("treated"));
        String what = name + " " + e.getKey();
        assertClose(number(r.get("pearson").get("p")), ContingencyTests.chiSquare(t, false).pValue(), what);
        assertClose(number(r.get("yates").get("p")), ContingencyTests.chiSquare(t, true).pValue(), what);
        assertClose(number(r.get("fisher").get("p")), ContingencyTests.fisher(t).pValue(), what + " fisher");
        assertClose(number(r.get("expected_min")), ContingencyTests.minExpected(t), what + " min expected");
        ContingencyTests.Result rule = ContingencyTests.tableOneRule(t);
        assertClose(number(r.get("paper_rule").get("p")), rule.pValue(), what + " rule");
        String method = r.get("paper_rule").get("method").asText();
        assertEquals(method.equals("fisher") ? "fisher" : method.equals("yates") ? "chisq_yates" : "chisq",
            rule.test(), what + " rule test");
      }
    }
  }

  @Test
  void publishedTableOneIsReproducedFromItsCounts() {
    JsonNode rows = OracleFixture.load("/fixtures/oracle/paper_table1.json").get("rows");
    for (JsonNode row : rows) {
      JsonNode counts = row.get("counts");
      Iterator<JsonNode> arms = counts.elements();
      long[][] t = levelsByArm(arms.next(), arms.next());
      ContingencyTests.Result rule = ContingencyTests.tableOneRule(t);
      String variable = row.get("variable").asText();
      String published = row.get("published_p").asText();
      if (published.startsWith("<")) {
        assertTrue(rule.pValue() < Double.parseDouble(published.substring(1)), variable);
      } else {
        assertEquals(published, String.format(Locale.ROOT, "%.3f", rule.pValue()), variable);
      }
      String method = row.get("rule_expected_lt5_gives").asText();
      assertClose(number(row.get("computed_p").get(method)), rule.pValue(), variable + " " + method);
    }
  }

  @Test
  void issueExamples() {
    assertEquals("0.590", String.format(Locale.ROOT, "%.3f",
        ContingencyTests.tableOneRule(new long[][] {{102, 81}, {90, 82}}).pValue()));
    assertEquals("0.012", String.format(Locale.ROOT, "%.3f",
        ContingencyTests.tableOneRule(new long[][] {{7, 8}, {33, 13}, {95, 72}, {57, 70}}).pValue()));
  }
}
