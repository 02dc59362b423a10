package org.npcoutcomes.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** cox.zph(fit, transform = "km") per term, per coefficient and global, against R on lung and veteran. */
class CoxZphTest {
  static Stream<OracleCase> cases() {
    return OracleCase.all();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void proportionalHazardsTests(OracleCase c) {
    for (String ties : List.of("efron", "breslow")) {
      check(c, "treatment_only_" + ties, c.arrays(false, false), ties);
      check(c, "multivariable_" + ties, c.arrays(true, false), ties);
      check(c, "stratified_treatment_only_" + ties, c.arrays(false, true), ties);
    }
  }

  private static void check(OracleCase c, String key, OracleCase.Arrays d, String ties) {
    CoxData data = new CoxData(d.time(), d.event(), d.x(), d.terms(), null, d.stratum(), null);
    CoxOptions options = CoxOptions.defaults(Ties.parse(ties));
    CoxFit fit = CoxModel.fit(data, options);
    // terms: treat, each categorical covariate (all its dummies), each continuous covariate
    List<String> names = new ArrayList<>(List.of("treat"));
    List<int[]> groups = new ArrayList<>(List.of(new int[] {0}));
    int column = 1;
    if (d.terms().length > 1) {
      for (String cat : OracleCase.strings(c.spec.get("categorical"))) {
        int levels = OracleCase.strings(c.r.get("cohorts").get("factor_levels").get(cat)).size() - 1;
        int[] cols = new int[levels];
        for (int k = 0; k < levels; k++) {
          cols[k] = column++;
        }
        names.add(cat);
        groups.add(cols);
      }
      for (String cont : OracleCase.strings(c.spec.get("continuous"))) {
        names.add(cont);
        groups.add(new int[] {column++});
      }
    }
    compare(c + " " + key + " terms", at(c.r, "cox_zph", key, "terms"), CoxZph.test(data, options, fit, names, groups));
    List<String> perCoefficient = List.of(d.terms());
    List<int[]> single = new ArrayList<>();
    for (int j = 0; j < d.terms().length; j++) {
      single.add(new int[] {j});
    }
    compare(c + " " + key + " by coefficient", at(c.r, "cox_zph", key, "by_coefficient"),
        CoxZph.test(data, options, fit, perCoefficient, single));
  }

  private static void compare(String what, JsonNode r, List<CoxZph.Result> ours) {
    assertEquals(r.get("term").size(), ours.size(), what + " rows");
    for (int k = 0; k < ours.size(); k++) {
      assertClose(number(r.get("chisq").get(k)), ours.get(k).chisq(), what + " chisq " + ours.get(k).term());
      assertClose(number(r.get("df").get(k)), ours.get(k).df(), what + " df " + ours.get(k).term());
      assertClose(number(r.get("p").get(k)), ours.get(k).pValue(), what + " p " + ours.get(k).term());
    }
  }
}
