package org.npcoutcomes.propensity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Balance totals summed unit by unit and merged across parts equal the two-pass moments of
 * {@link Balance#moments} on the same units, also for a covariate far from zero (year of diagnosis, or a
 * value near 1e8, whose raw second moment would leave the variance wrong by more than 100%), to rounding.
 */
class BalanceTotalsTest {
  @Test
  void mergedTotalsKeepTheTwoPassPrecision() {
    SplittableRandom random = new SplittableRandom(3);
    int n = 5000;
    double[][] x = new double[2][n];
    boolean[] treated = new boolean[n];
    double[] weight = new double[n];
    for (int i = 0; i < n; i++) {
      x[0][i] = 2010 + random.nextInt(12);
      x[1][i] = 1e8 + random.nextDouble();
      treated[i] = random.nextBoolean();
      weight[i] = i % 50 == 0 ? 0 : 0.2 + 3 * random.nextDouble();
    }
    // three parts, merged as Spark's treeAggregate would
    BalanceTotals[] parts = {new BalanceTotals(2, 2), new BalanceTotals(2, 2), new BalanceTotals(2, 2)};
    for (int i = 0; i < n; i++) {
      parts[i % 3].add(new double[] {x[0][i], x[1][i]}, treated[i], new double[] {1, weight[i]});
    }
    BalanceTotals totals = parts[0].merge(parts[1].merge(parts[2]));
    for (int c = 0; c < 2; c++) {
      for (boolean arm : new boolean[] {false, true}) {
        Balance.Moments plain = Balance.moments(x[c], treated, arm, null);
        Balance.Moments weighted = Balance.moments(x[c], treated, arm, weight);
        assertClose(plain.mean(), totals.moments(0, arm, c).mean(), 1e-13);
        assertClose(plain.variance(), totals.moments(0, arm, c).variance(), 1e-7);
        assertClose(weighted.mean(), totals.moments(1, arm, c).mean(), 1e-13);
        assertClose(weighted.variance(), totals.moments(1, arm, c).variance(), 1e-7);
      }
    }
  }

  private static void assertClose(double expected, double actual, double relative) {
    assertEquals(expected, actual, relative * Math.abs(expected));
  }
}
