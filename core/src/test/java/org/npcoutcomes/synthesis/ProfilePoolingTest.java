package org.npcoutcomes.synthesis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;
import static org.npcoutcomes.testing.OracleFixture.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.testing.OracleFixture;

/**
 * Pooling sites' Cox profile likelihoods equals R's coxph stratified by site on the stacked rows, and pooling
 * the same sites' normal approximations does not when sites have under 10 events
 * (fixtures/synthesis/profile_pooling.json from core/src/test/r/profile_pooling.R).
 */
class ProfilePoolingTest {
  private static final JsonNode FIXTURE = OracleFixture.load("/fixtures/synthesis/profile_pooling.json");

  private static List<LikelihoodProfile> profiles() {
    List<LikelihoodProfile> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = FIXTURE.get("profiles").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = e.getValue();
      out.add(new LikelihoodProfile(e.getKey(), numbers(p.get("beta")), numbers(p.get("loglik")),
          numbers(p.get("d1")), numbers(p.get("d2"))));
    }
    return out;
  }

  @Test
  void pooledProfilesEqualTheStratifiedCoxFit() {
    ProfilePooling.Result r = ProfilePooling.pool(profiles(), 0.95);
    JsonNode s = FIXTURE.get("stratified");
    assertClose(number(s.get("coef")), r.estimate(), "pooled estimate vs coxph + strata(site)");
    assertClose(number(s.get("loglik")), r.maxLogLik(), "maximum of the summed profiles vs its log partial likelihood");
    assertClose(number(s.get("lr_lb")), r.lower(), "likelihood-ratio lower bound");
    assertClose(number(s.get("lr_ub")), r.upper(), "likelihood-ratio upper bound");
    assertFalse(r.atGridEdge());
  }

  @Test
  void normalApproximationOfSmallSitesDiffersVisibly() {
    List<LikelihoodProfile> profiles = profiles();
    ProfilePooling.NormalApproximation normal = ProfilePooling.normalApproximation(profiles, 0.95);
    // Each site's own maximum and curvature are its coxph fit; pooled by inverse variance they are metafor's.
    for (int i = 0; i < profiles.size(); i++) {
      JsonNode site = at(FIXTURE, "separate", profiles.get(i).site());
      assertClose(number(site.get("coef")), normal.siteEstimates()[i], profiles.get(i).site() + " coef");
      assertClose(number(site.get("se")), normal.siteSe()[i], profiles.get(i).site() + " se");
    }
    JsonNode n = FIXTURE.get("normal_approximation");
    assertClose(number(n.get("estimate")), normal.estimate(), "normal approximation pooled");
    assertClose(number(n.get("ci_lb")), normal.lower(), "normal approximation lower");
    assertClose(number(n.get("ci_ub")), normal.upper(), "normal approximation upper");

    int small = 0;
    for (LikelihoodProfile p : profiles) {
      small += at(FIXTURE, "profiles", p.site(), "events").asInt() < 10 ? 1 : 0;
    }
    assertTrue(small >= 1, "the fixture has sites with under 10 events");
    ProfilePooling.Result pooled = ProfilePooling.pool(profiles, 0.95);
    double stratified = number(at(FIXTURE, "stratified", "coef"));
    // The normal approximation misses the stratified estimate by far more than any rounding: 0.066 on the
    // log scale here (hazard ratio 0.62 against 0.58), and its interval crosses 1 where the exact one does not.
    assertTrue(Math.abs(normal.estimate() - stratified) > 0.05, "normal approximation is visibly off");
    assertTrue(Math.abs(pooled.estimate() - stratified) < 1e-6, "profile pooling is not");
    assertTrue(normal.upper() > 0 && pooled.upper() < 0, "only the normal approximation's interval crosses 0");
  }

  @Test
  void interpolationIsExactForQuinticsAndRejectsPointsOffTheGrid() {
    // ℓ(b) = −(b − 0.3)⁴ − b⁵/50 has a quintic interpolant equal to itself.
    double[] grid = {-1, -0.4, 0.5, 1.2};
    double[] f = new double[4];
    double[] d1 = new double[4];
    double[] d2 = new double[4];
    for (int i = 0; i < 4; i++) {
      double b = grid[i];
      f[i] = -Math.pow(b - 0.3, 4) - Math.pow(b, 5) / 50;
      d1[i] = -4 * Math.pow(b - 0.3, 3) - Math.pow(b, 4) / 10;
      d2[i] = -12 * Math.pow(b - 0.3, 2) - 0.4 * Math.pow(b, 3);
    }
    LikelihoodProfile p = new LikelihoodProfile("quintic", grid, f, d1, d2);
    for (double b = -1; b <= 1.2; b += 0.013) {
      assertClose(-Math.pow(b - 0.3, 4) - Math.pow(b, 5) / 50, p.valueAt(b), 1e-12, "value at " + b);
      assertClose(-12 * Math.pow(b - 0.3, 2) - 0.4 * Math.pow(b, 3), p.secondDerivativeAt(b), 1e-10,
          "curvature at " + b);
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> p.valueAt(1.3));
  }
}
