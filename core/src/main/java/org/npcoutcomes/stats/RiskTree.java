package org.npcoutcomes.stats;

/**
 * Weights held at risk ranks 0..size-1, with the weight below, at and above a rank in O(log size): a
 * Fenwick tree, the counterpart of survival's balanced tree in concordance3.c.
 */
final class RiskTree {
  private final double[] prefix; // Fenwick sums, 1-based
  private final double[] atRank; // kept apart so ties are exact, not a difference of sums
  private double total;

  RiskTree(int size) {
    prefix = new double[size + 1];
    atRank = new double[size];
  }

  void add(int rank, double weight) {
    atRank[rank] += weight;
    total += weight;
    for (int k = rank + 1; k < prefix.length; k += k & -k) {
      prefix[k] += weight;
    }
  }

  /** Weight at ranks strictly below {@code rank}. */
  double below(int rank) {
    double s = 0;
    for (int k = rank; k > 0; k -= k & -k) {
      s += prefix[k];
    }
    return s;
  }

  double at(int rank) {
    return atRank[rank];
  }

  /** Weight at ranks strictly above {@code rank}. */
  double above(int rank) {
    return total - below(rank) - atRank[rank];
  }
}
