package org.npcoutcomes.stats.competing;

import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.OracleFixture;

/**
 * Cumulative incidence curves and their variances against cmprsk::cuminc on survival::mgus2 (plasma-cell
 * malignancy with death competing, by sex); fixtures/competing from core/src/test/r/competing_risks.R.
 */
class CumulativeIncidenceTest {
  @Test
  void curvesVariancesAndTimepointsEqualCuminc() {
    CsvTable data = CsvTable.load("/fixtures/competing/mgus2.csv");
    JsonNode r = OracleFixture.load("/fixtures/competing/mgus2.json");
    String[] sex = data.strings("sex");
    double[] time = data.doubles("etime");
    double[] cause = data.doubles("cause");
    double[] times = OracleFixture.numbers(r.get("times"));
    for (String group : List.of("F", "M")) {
      int[] idx = java.util.stream.IntStream.range(0, sex.length).filter(i -> sex[i].equals(group)).toArray();
      double[] t = new double[idx.length];
      int[] s = new int[idx.length];
      for (int k = 0; k < idx.length; k++) {
        t[k] = time[idx[k]];
        s[k] = (int) cause[idx[k]];
      }
      for (int c = 1; c <= 2; c++) {
        IncidenceCurve curve = CumulativeIncidence.estimate(t, s, c);
        JsonNode expected = r.get("curves").get(group + " " + c);
        String what = group + " cause " + c;
        assertAllClose(expected.get("time"), curve.time(), what + " time");
        assertAllClose(expected.get("est"), curve.estimate(), what + " estimate");
        assertAllClose(expected.get("var"), curve.variance(), what + " variance");
        double[][] at = curve.at(times);
        assertAllClose(expected.get("at_times_est"), at[0], what + " at times");
        assertAllClose(expected.get("at_times_var"), at[1], what + " variance at times");
      }
    }
    int[] group = java.util.Arrays.stream(sex).mapToInt(g -> g.equals("F") ? 0 : 1).toArray();
    int[] status = java.util.Arrays.stream(cause).mapToInt(v -> (int) v).toArray();
    for (int c = 1; c <= 2; c++) {
      GrayTest.Result gray = GrayTest.test(time, status, group, c, null);
      assertAllClose(new double[] {number(r.get("gray").get("stat").get(c - 1))}, new double[] {gray.statistic()},
          "Gray statistic cause " + c);
      assertAllClose(new double[] {number(r.get("gray").get("pv").get(c - 1))}, new double[] {gray.pValue()},
          "Gray p cause " + c);
    }
  }
}
