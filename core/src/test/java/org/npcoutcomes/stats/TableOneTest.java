package org.npcoutcomes.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.OracleFixture;

/** Table 1 rows on survival::veteran against R (t.test, chisq.test, and the oracle's pooled-SD SMDs). */
class TableOneTest {
  private static final JsonNode R = OracleFixture.load("/fixtures/oracle/veteran.oracle.json");
  private static final CsvTable DATA = CsvTable.load("/fixtures/oracle/veteran.csv");

  @Test
  void categoricalCountsPercentTestAndSmd() {
    String[] trt = DATA.strings("trt");
    String[] prior = DATA.strings("prior");
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (int i = 0; i < trt.length; i++) {
      counts.computeIfAbsent(prior[i], k -> new long[2])[trt[i].equals("2") ? 1 : 0]++;
    }
    List<TableOne.Row> rows = TableOne.categorical("prior", counts, "1", "2");
    assertEquals(4, rows.size());
    TableOne.Row ten = rows.stream().filter(r -> r.level().equals("10") && r.arm().equals("2")).findFirst()
        .orElseThrow();
    JsonNode t1 = R.get("table1_tests").get("categorical").get("prior");
    assertEquals(t1.get("counts").get("treated").get(1).asLong(), ten.n());
    assertClose(100.0 * 19 / 68, ten.percent(), "percent");
    assertClose(number(t1.get("paper_rule").get("p")), ten.pValue(), "p");
    assertEquals("chisq_yates", ten.test());
    JsonNode smd = R.get("balance_before").get("smd");
    assertClose(number(smd.get("smd_pooled_binary_p1mp").get(1)), ten.smd(), "smd of prior=10");
  }

  @Test
  void continuousMeansWelchAndSmd() {
    String[] trt = DATA.strings("trt");
    double[] karno = DATA.doubles("karno");
    double[] ref = java.util.stream.IntStream.range(0, trt.length).filter(i -> trt[i].equals("1"))
        .mapToDouble(i -> karno[i]).toArray();
    double[] treated = java.util.stream.IntStream.range(0, trt.length).filter(i -> trt[i].equals("2"))
        .mapToDouble(i -> karno[i]).toArray();
    List<TableOne.Row> rows = TableOne.continuous("karno", ref, treated, "1", "2");
    JsonNode c = R.get("table1_tests").get("continuous").get("karno");
    assertClose(number(c.get("mean_reference")), rows.get(0).mean(), "mean");
    assertClose(number(c.get("sd_treated")), rows.get(1).sd(), "sd");
    assertClose(number(c.get("welch_t").get("p")), rows.get(0).pValue(), "welch p");
    assertClose(number(R.get("balance_before").get("smd").get("smd_pooled").get(2)), rows.get(0).smd(), "smd");
  }
}
