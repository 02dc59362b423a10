package org.npcoutcomes.propensity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Matcher options on small cases worked out by hand. */
class NearestNeighborMatcherTest {
  //                                  0     1     2     3     4     5     6     7
  private static final boolean[] T = {true, false, false, true, false, false, true, false};
  private static final double[] PS = {0.50, 0.48, 0.53, 0.30, 0.31, 0.90, 0.70, 0.20};

  @Test
  void largestFirstTakesTheNearestAvailableControlWithinTheCaliper() {
    // unit 6 (0.70) first: the nearest available control on its left is 2 (0.17 away) and on its right 5
    // (0.20 away), both beyond the caliper, so it stays unmatched. Unit 0 (0.50): 1 (0.02) beats 2 (0.03).
    // Unit 3 (0.30): 4 (0.01) beats 7 (0.10).
    MatchedSet set = new NearestNeighborMatcher(1, 0.1, false, MatchOrder.LARGEST, 0).match(T, PS, null);
    assertEquals(List.of(new MatchedSet.Pair(1, 0, List.of(1)), new MatchedSet.Pair(2, 3, List.of(4))), set.pairs());
    assertEquals(1, set.treatedUnmatched());
    assertEquals(3, set.controlsUnmatched());
  }

  @Test
  void twoControlsEachInTwoRounds() {
    // round 1 (largest first): 6 -> 2 (0.17, no caliper), 0 -> 1, 3 -> 4; round 2: 6 -> 5 (0.20),
    // 0 -> nearest available on the left is 7 (0.30) and on the right 5 is taken, so 7; 3 -> none left.
    MatchedSet set = new NearestNeighborMatcher(2, Double.POSITIVE_INFINITY, false, MatchOrder.LARGEST, 0)
        .match(T, PS, null);
    assertEquals(List.of(new MatchedSet.Pair(1, 0, List.of(1, 7)), new MatchedSet.Pair(2, 3, List.of(4)),
        new MatchedSet.Pair(3, 6, List.of(2, 5))), set.pairs());
  }

  @Test
  void withReplacementAControlServesSeveralTreated() {
    boolean[] t = {true, true, false};
    double[] ps = {0.40, 0.42, 0.41};
    MatchedSet set = new NearestNeighborMatcher(1, 0.1, true, MatchOrder.DATA, 0).match(t, ps, null);
    assertEquals(List.of(new MatchedSet.Pair(1, 0, List.of(2)), new MatchedSet.Pair(2, 1, List.of(2))), set.pairs());
    assertEquals(1, set.controlsMatched());
  }

  @Test
  void exactKeysRestrictTheControls() {
    // unit 0 may only take a control with key "b": 5 is the only one, and it is 0.40 away (no caliper)
    String[] key = {"b", "a", "a", "a", "a", "b", "a", "a"};
    MatchedSet set = new NearestNeighborMatcher(1, Double.POSITIVE_INFINITY, false, MatchOrder.DATA, 0)
        .match(T, PS, key);
    assertEquals(List.of(5), set.pairs().get(0).controls());
  }
}
