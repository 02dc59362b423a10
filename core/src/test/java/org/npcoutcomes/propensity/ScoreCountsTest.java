package org.npcoutcomes.propensity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** C-statistic, common support and bins from distinct-score counts, checked by hand. */
class ScoreCountsTest {
  // scores 0.2 (reference), 0.5 (treated), 0.5 (reference), 0.8 (treated), 1.0 (treated)
  private final ScoreCounts counts = ScoreCounts.of(new double[] {0.5, 0.2, 0.8, 0.5, 1.0},
      new boolean[] {true, false, true, false, true});

  @Test
  void tiedScoresAreOneDistinctValue() {
    assertArrayEquals(new double[] {0.2, 0.5, 0.8, 1.0}, counts.score());
    assertArrayEquals(new long[] {0, 1, 1, 1}, counts.treated());
    assertArrayEquals(new long[] {1, 1, 0, 0}, counts.reference());
  }

  @Test
  void cStatisticCountsATieAsOneHalf() {
    // 3 treated x 2 reference pairs: 0.5 vs 0.2 wins, 0.5 vs 0.5 ties, 0.8 and 1.0 beat both: 5.5 of 6
    assertEquals(5.5 / 6, counts.cStatistic(), 1e-15);
  }

  @Test
  void unitsOutsideTheSharedRange() {
    // treated span [0.5, 1.0], reference [0.2, 0.5]: shared [0.5, 0.5]; 0.2, 0.8 and 1.0 lie outside
    assertEquals(3, counts.outsideCommonSupport());
  }

  @Test
  void binsCloseTheLastOneAtOne() {
    long[][] bins = counts.bins(0.25);
    assertArrayEquals(new long[] {1, 0, 1, 0}, bins[0]);
    assertArrayEquals(new long[] {0, 0, 1, 2}, bins[1]);
  }
}
