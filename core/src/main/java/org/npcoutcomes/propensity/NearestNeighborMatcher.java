package org.npcoutcomes.propensity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Greedy 1:k nearest-neighbour matching on a distance (the propensity score, or its logit), as MatchIt's
 * {@code method = "nearest"} documents it: all units sorted by distance; treated units take turns in the
 * chosen order; each takes the nearest still-available control on its left or right in that order (the
 * left one on a tie); a control farther than the caliper is not eligible, and only the nearest available
 * control on each side is examined. With ratio k the treated units take turns k times. Without replacement
 * a matched control is no longer available. Optional exact-match keys restrict controls to the same key.
 */
public final class NearestNeighborMatcher {
  private final int ratio;
  private final double caliper;
  private final boolean replace;
  private final MatchOrder order;
  private final long seed;

  /**
   * @param caliper maximum distance, on the scale of the distances given; infinite for none
   */
  public NearestNeighborMatcher(int ratio, double caliper, boolean replace, MatchOrder order, long seed) {
    if (ratio < 1) {
      throw new IllegalArgumentException("ratio must be at least 1");
    }
    this.ratio = ratio;
    this.caliper = caliper;
    this.replace = replace;
    this.order = order;
    this.seed = seed;
  }

  /**
   * @param exactKey per unit, the values it must share with its controls (null when not matching exactly)
   */
  public MatchedSet match(boolean[] treated, double[] distance, String[] exactKey) {
    int n = treated.length;
    Integer[] sorted = new Integer[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = i;
    }
    Arrays.sort(sorted, Comparator.comparingDouble(i -> distance[i])); // stable, as R's sort.list
    int[] position = new int[n];
    for (int k = 0; k < n; k++) {
      position[sorted[k]] = k;
    }
    boolean[] available = new boolean[n];
    List<Integer> treatedUnits = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      available[k] = !treated[sorted[k]];
    }
    for (int i = 0; i < n; i++) {
      if (treated[i]) {
        treatedUnits.add(i);
      }
    }
    List<Integer> turns = turnOrder(treatedUnits, distance);
    List<List<Integer>> controls = new ArrayList<>();
    for (int t = 0; t < treatedUnits.size(); t++) {
      controls.add(new ArrayList<>());
    }
    java.util.Map<Integer, Integer> indexOfTreated = new java.util.HashMap<>();
    for (int t = 0; t < treatedUnits.size(); t++) {
      indexOfTreated.put(treatedUnits.get(t), t);
    }
    for (int round = 0; round < ratio; round++) {
      for (int unit : turns) {
        int ii = position[unit];
        String key = exactKey == null ? null : exactKey[unit];
        int left = nearest(ii, -1, sorted, available, distance, exactKey, key);
        int right = nearest(ii, +1, sorted, available, distance, exactKey, key);
        int chosen;
        if (left >= 0 && right >= 0) {
          chosen = Math.abs(distance[sorted[left]] - distance[unit]) <= Math.abs(distance[sorted[right]] - distance[unit])
              ? left : right;
        } else {
          chosen = left >= 0 ? left : right;
        }
        if (chosen < 0) {
          continue;
        }
        if (!replace) {
          available[chosen] = false;
        }
        controls.get(indexOfTreated.get(unit)).add(sorted[chosen]);
      }
    }
    List<MatchedSet.Pair> pairs = new ArrayList<>();
    java.util.Set<Integer> usedControls = new java.util.HashSet<>();
    int subclass = 0;
    for (int t = 0; t < treatedUnits.size(); t++) {
      if (!controls.get(t).isEmpty()) {
        pairs.add(new MatchedSet.Pair(++subclass, treatedUnits.get(t), List.copyOf(controls.get(t))));
        usedControls.addAll(controls.get(t));
      }
    }
    int controlsTotal = n - treatedUnits.size();
    return new MatchedSet(pairs, pairs.size(), treatedUnits.size() - pairs.size(), usedControls.size(),
        controlsTotal - usedControls.size());
  }

  /** The nearest available control in one direction of the sorted order, if within the caliper. */
  private int nearest(int from, int step, Integer[] sorted, boolean[] available, double[] distance, String[] exactKey,
      String key) {
    for (int k = from + step; k >= 0 && k < sorted.length; k += step) {
      if (available[k] && (exactKey == null || Objects.equals(exactKey[sorted[k]], key))) {
        return Math.abs(distance[sorted[from]] - distance[sorted[k]]) <= caliper ? k : -1;
      }
    }
    return -1;
  }

  private List<Integer> turnOrder(List<Integer> treatedUnits, double[] distance) {
    List<Integer> turns = new ArrayList<>(treatedUnits);
    switch (order) {
      case LARGEST -> turns.sort(Comparator.comparingDouble((Integer i) -> distance[i]).reversed());
      case SMALLEST -> turns.sort(Comparator.comparingDouble(i -> distance[i]));
      case RANDOM -> {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = turns.size() - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          Integer tmp = turns.get(i);
          turns.set(i, turns.get(j));
          turns.set(j, tmp);
        }
      }
      default -> { }
    }
    return turns;
  }
}
