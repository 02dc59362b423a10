package org.npcoutcomes.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The grid of a likelihood profile: the shared lattice, and the local points only for a finite estimate. */
class ProfileGridTest {
  @Test
  void latticeIsLogHazardRatioMinusThreeToThreeInSteps() {
    double[] lattice = ProfileGrid.lattice();
    assertEquals(121, lattice.length);
    assertEquals(-3.0, lattice[0]);
    assertEquals(0.0, lattice[60]);
    assertEquals(3.0, lattice[120]);
    assertEquals(0.05, lattice[61]);
    assertEquals(-0.65, lattice[47]);
  }

  @Test
  void aFiniteEstimateAddsSeventeenPointsAroundIt() {
    double[] grid = ProfileGrid.around(-0.512, 0.2);
    // -0.512 + 0.1 m for m = -8..8, none of them on the lattice
    assertEquals(121 + 17, grid.length);
    double[] sorted = grid.clone();
    Arrays.sort(sorted);
    assertArrayEquals(sorted, grid);
    assertTrue(Arrays.stream(grid).anyMatch(b -> b == -0.512), "the estimate itself");
    assertTrue(Arrays.stream(grid).anyMatch(b -> b == -0.512 + 0.2 * 8 / 2));
    assertTrue(Arrays.stream(grid).anyMatch(b -> b == -0.512 + 0.2 * -1 / 2));
  }

  @Test
  void anInfiniteOrUnknownEstimateGetsTheLatticeAlone() {
    double[] lattice = ProfileGrid.lattice();
    assertArrayEquals(lattice, ProfileGrid.around(-21.2, 23214.0), "monotone likelihood");
    assertArrayEquals(lattice, ProfileGrid.around(8.5, 0.5), "estimate + 4 SE beyond 10");
    assertArrayEquals(lattice, ProfileGrid.around(Double.NaN, 0.3), "no estimate");
    assertArrayEquals(lattice, ProfileGrid.around(0.2, Double.NaN), "no SE");
  }
}
