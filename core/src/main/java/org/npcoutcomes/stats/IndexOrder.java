package org.npcoutcomes.stats;

import java.util.function.IntBinaryOperator;

/** Row indices in a stable sorted order, without boxing (a merge sort; millions of rows are routine). */
final class IndexOrder {
  private IndexOrder() {}

  /** Indices {@code from..to-1} ordered by {@code compare}, a comparator of two indices. */
  static int[] sorted(int from, int to, IntBinaryOperator compare) {
    int[] a = new int[to - from];
    for (int k = 0; k < a.length; k++) {
      a[k] = from + k;
    }
    sort(a, compare);
    return a;
  }

  /** Sorts the given indices in place. */
  static void sort(int[] a, IntBinaryOperator compare) {
    int[] b = new int[a.length];
    int[] src = a;
    int[] dst = b;
    for (int width = 1; width < a.length; width *= 2) {
      for (int lo = 0; lo < a.length; lo += 2 * width) {
        int mid = Math.min(lo + width, a.length);
        int hi = Math.min(lo + 2 * width, a.length);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
          dst[k] = j >= hi || (i < mid && compare.applyAsInt(src[i], src[j]) <= 0) ? src[i++] : src[j++];
        }
      }
      int[] t = src;
      src = dst;
      dst = t;
    }
    if (src != a) {
      System.arraycopy(src, 0, a, 0, a.length);
    }
  }
}
