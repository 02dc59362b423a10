package org.npcoutcomes.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertAllClose;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;
import static org.npcoutcomes.testing.OracleFixture.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.OracleFixture;

/**
 * Profile log partial likelihoods of the treatment coefficient against R's coxph (survival 3.5-3, Efron ties):
 * per site of a simulated four-site cohort (site D has 6 events), crude (coxph with init = beta and
 * iter.max = 0) and multivariable (sex and age fitted with offset(beta * treat)); d1 and d2 against R's
 * five-point differences of its profile; the crude site profiles summed against the stratified fit
 * coxph(Surv(time, status) ~ treat + strata(site)); a site with no treated events (a monotone profile).
 * Fixture: fixtures/profile/sites.*, written by core/src/test/r/likelihood_profile.R.
 */
class CoxProfileOracleTest {
  private static final CsvTable DATA = CsvTable.load("/fixtures/profile/sites.csv");
  private static final JsonNode R = OracleFixture.load("/fixtures/profile/sites.json");
  private static final CoxOptions EFRON = CoxOptions.defaults(Ties.EFRON);

  /** The rows of one site as a Cox model's data: treat, then (multivariable) sex=M and age. */
  private static CoxData site(String site, boolean multivariable, boolean censorTreatedEvents) {
    String[] sites = DATA.strings("site");
    String[] sex = DATA.strings("sex");
    double[] time = DATA.doubles("time");
    double[] status = DATA.doubles("status");
    double[] treat = DATA.doubles("treat");
    double[] age = DATA.doubles("age");
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < sites.length; i++) {
      if (sites[i].equals(site)) {
        rows.add(i);
      }
    }
    int n = rows.size();
    double[] t = new double[n];
    boolean[] event = new boolean[n];
    double[][] x = new double[n][multivariable ? 3 : 1];
    for (int k = 0; k < n; k++) {
      int i = rows.get(k);
      t[k] = time[i];
      event[k] = status[i] == 1 && !(censorTreatedEvents && treat[i] == 1);
      x[k][0] = treat[i];
      if (multivariable) {
        x[k][1] = sex[i].equals("M") ? 1 : 0;
        x[k][2] = age[i];
      }
    }
    String[] terms = multivariable ? new String[] {"treat", "sex=M", "age"} : new String[] {"treat"};
    return new CoxData(t, event, x, terms, null, null, null);
  }

  private static List<ProfilePoint> profile(CoxData data, JsonNode r, String what) {
    CoxFit fit = CoxModel.fit(data, EFRON);
    double[] grid = ProfileGrid.around(fit.coef()[0], fit.se()[0]);
    assertEquals(r.get("beta").size(), grid.length, what + " grid size");
    assertAllClose(r.get("beta"), grid, what + " grid");
    return CoxModel.profile(data, EFRON, fit, 0, grid);
  }

  @ParameterizedTest
  @CsvSource({"A, crude", "A, multivariable", "B, crude", "B, multivariable", "C, crude", "C, multivariable",
      "D, crude", "D, multivariable"})
  void siteProfileMatchesR(String site, String model) {
    JsonNode r = at(R, "sites", site, model);
    String what = site + " " + model;
    CoxData data = site(site, model.equals("multivariable"), false);
    CoxFit fit = CoxModel.fit(data, EFRON);
    assertClose(number(r.get("coef")), fit.coef()[0], what + " coef");
    assertClose(number(r.get("se")), fit.se()[0], what + " se");
    assertTrue(r.get("local").asBoolean(), what + " has a finite estimate");
    List<ProfilePoint> ours = profile(data, r, what);
    assertAllClose(r.get("log_lik"), ours.stream().mapToDouble(ProfilePoint::logLik).toArray(), what + " log_lik");
    assertAllClose(r.get("d1"), ours.stream().mapToDouble(ProfilePoint::d1).toArray(), what + " d1");
    assertAllClose(r.get("d2"), ours.stream().mapToDouble(ProfilePoint::d2).toArray(), what + " d2");
    // at the estimate itself (a local grid point) the profile is the fit's maximum, with zero slope
    ProfilePoint peak = ours.stream().filter(p -> p.beta() == fit.coef()[0]).findFirst().orElseThrow();
    assertClose(fit.logLik(), peak.logLik(), what + " maximum");
    assertClose(-1 / (fit.se()[0] * fit.se()[0]), peak.d2(), what + " curvature at the maximum");
  }

  @Test
  void crudeSiteProfilesSumToTheStratifiedLikelihood() {
    JsonNode stratified = at(R, "stratified");
    double[] lattice = ProfileGrid.lattice();
    assertAllClose(stratified.get("beta"), lattice, "lattice");
    double[] sum = new double[lattice.length];
    for (String site : List.of("A", "B", "C", "D")) {
      CoxData data = site(site, false, false);
      List<ProfilePoint> points = CoxModel.profile(data, EFRON, CoxModel.fit(data, EFRON), 0, lattice);
      for (int k = 0; k < lattice.length; k++) {
        assertEquals(lattice[k], points.get(k).beta());
        sum[k] += points.get(k).logLik();
      }
    }
    assertAllClose(stratified.get("log_lik"), sum, "summed site profiles");
  }

  @Test
  void noTreatedEventsGivesAMonotoneProfileOnTheLatticeAlone() {
    JsonNode r = at(R, "D_monotone", "crude");
    assertTrue(!r.get("local").asBoolean());
    CoxData data = site("D", false, true);
    List<ProfilePoint> ours = profile(data, r, "monotone");
    assertArrayEquals(ProfileGrid.lattice(), ours.stream().mapToDouble(ProfilePoint::beta).toArray());
    assertAllClose(r.get("log_lik"), ours.stream().mapToDouble(ProfilePoint::logLik).toArray(), "monotone log_lik");
    assertAllClose(r.get("d1"), ours.stream().mapToDouble(ProfilePoint::d1).toArray(), "monotone d1");
    assertAllClose(r.get("d2"), ours.stream().mapToDouble(ProfilePoint::d2).toArray(), "monotone d2");
    for (double d1 : numbers(r.get("d1"))) {
      assertTrue(d1 < 0, "the likelihood keeps rising as the hazard ratio falls");
    }
  }
}
