package org.npcoutcomes.privacy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Which unknowns of a homogeneous linear system are fixed by it: unknown {@code x} can be worked out from
 * the relations exactly when every solution of {@code A x = 0} has {@code x = 0} (its unit vector is in the
 * row space of {@code A}). The rows are brought to echelon form in exact arithmetic modulo the prime
 * 2^31 - 1, sparse, and two random solutions are drawn: an unknown zero in both is fixed (a free one is zero
 * in a random solution with probability 2^-31, which only withholds one cell more).
 */
final class NullSpace {
  static final long P = 2147483647L;

  private final int unknowns;
  private final List<int[]> pivotColumns = new ArrayList<>();
  private final List<long[]> pivotValues = new ArrayList<>();
  private final int[] pivotOf;

  NullSpace(int unknowns) {
    this.unknowns = unknowns;
    this.pivotOf = new int[unknowns];
    java.util.Arrays.fill(pivotOf, -1);
  }

  /** Adds the relation sum(coefficients[i] * x[columns[i]]) = 0. */
  void add(int[] columns, long[] coefficients) {
    TreeMap<Integer, Long> row = new TreeMap<>();
    for (int i = 0; i < columns.length; i++) {
      long v = Math.floorMod(coefficients[i], P);
      if (v != 0) {
        row.merge(columns[i], v, (a, b) -> (a + b) % P);
        if (row.get(columns[i]) == 0) {
          row.remove(columns[i]);
        }
      }
    }
    while (!row.isEmpty()) {
      Map.Entry<Integer, Long> first = row.firstEntry();
      int pivot = pivotOf[first.getKey()];
      if (pivot < 0) {
        break;
      }
      long factor = first.getValue();
      int[] pc = pivotColumns.get(pivot);
      long[] pv = pivotValues.get(pivot);
      for (int k = 0; k < pc.length; k++) {
        long next = Math.floorMod(row.getOrDefault(pc[k], 0L) - factor * pv[k] % P, P);
        if (next == 0) {
          row.remove(pc[k]);
        } else {
          row.put(pc[k], next);
        }
      }
    }
    if (row.isEmpty()) {
      return;
    }
    long inverse = inverse(row.firstEntry().getValue());
    int[] cols = new int[row.size()];
    long[] vals = new long[row.size()];
    int i = 0;
    for (Map.Entry<Integer, Long> e : row.entrySet()) {
      cols[i] = e.getKey();
      vals[i++] = e.getValue() * inverse % P;
    }
    pivotOf[cols[0]] = pivotColumns.size();
    pivotColumns.add(cols);
    pivotValues.add(vals);
  }

  /** The unknowns the relations fix. */
  BitSet fixed(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] a = solution(random);
    long[] b = solution(random);
    BitSet out = new BitSet(unknowns);
    for (int c = 0; c < unknowns; c++) {
      if (a[c] == 0 && b[c] == 0) {
        out.set(c);
      }
    }
    return out;
  }

  /** A random solution of the relations (modulo {@link #P}). */
  long[] randomSolution(SplittableRandom random) {
    return solution(random);
  }

  /** A random solution: free unknowns drawn at random, pivots solved from the last column back. */
  private long[] solution(SplittableRandom random) {
    long[] x = new long[unknowns];
    for (int c = 0; c < unknowns; c++) {
      if (pivotOf[c] < 0) {
        x[c] = 1 + random.nextLong(P - 1);
      }
    }
    for (int c = unknowns - 1; c >= 0; c--) {
      int p = pivotOf[c];
      if (p >= 0) {
        int[] pc = pivotColumns.get(p);
        long[] pv = pivotValues.get(p);
        long s = 0;
        for (int k = 1; k < pc.length; k++) {
          s = (s + pv[k] * x[pc[k]]) % P;
        }
        x[c] = Math.floorMod(-s, P);
      }
    }
    return x;
  }

  static long inverse(long a) {
    long result = 1;
    long base = a % P;
    long e = P - 2;
    while (e > 0) {
      if ((e & 1) == 1) {
        result = result * base % P;
      }
      base = base * base % P;
      e >>= 1;
    }
    return result;
  }
}
