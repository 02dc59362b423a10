package org.npcoutcomes.propensity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EValueTest {
  @Test
  void publishedExample() {
    // VanderWeele & Ding (Ann Intern Med 2017): RR 3.9 (95% CI 1.8 to 8.7) -> E-values 7.26 and 3.0
    EValue.Result r = EValue.forHazardRatio(3.9, 1.8, 8.7, false);
    assertEquals(7.26, r.estimate(), 0.005);
    assertEquals(3.00, r.limit(), 0.005);
  }

  @Test
  void protectiveEffectsUseTheInverseAndTheUpperLimit() {
    // HR 0.5 = RR 2 inverted: 2 + sqrt(2); upper limit 0.8 -> 1.25 + sqrt(1.25 * 0.25)
    EValue.Result r = EValue.forHazardRatio(0.5, 0.3, 0.8, false);
    assertEquals(2 + Math.sqrt(2), r.estimate(), 1e-12);
    assertEquals(1.25 + Math.sqrt(0.3125), r.limit(), 1e-12);
  }

  @Test
  void aConfidenceIntervalThroughOneGivesOne() {
    assertEquals(1.0, EValue.forHazardRatio(0.9, 0.7, 1.1, false).limit());
  }

  @Test
  void commonOutcomeConversion() {
    // HR 0.5 with a common outcome: RR = (1 - 0.5^sqrt(0.5)) / (1 - 0.5^sqrt(2)) = 0.6201368... (computed apart)
    assertEquals(0.620136837873846, EValue.toRiskRatio(0.5, true), 1e-12);
  }
}
