package org.npcoutcomes.plan.scale;

import java.io.Serializable;
import java.util.Arrays;

/** A set of doubles without boxing (open addressing on the bits), for collecting distinct times. */
final class DistinctDoubleSet implements Serializable {
  private static final long serialVersionUID = 1L;

  private long[] slots = new long[16];
  private boolean[] used = new boolean[16];
  private int size;

  void add(double value) {
    long bits = Double.doubleToLongBits(value);
    int mask = slots.length - 1;
    int i = mix(bits) & mask;
    while (used[i]) {
      if (slots[i] == bits) {
        return;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    slots[i] = bits;
    if (++size * 2 > slots.length) {
      grow();
    }
  }

  void addAll(DistinctDoubleSet other) {
    for (int i = 0; i < other.slots.length; i++) {
      if (other.used[i]) {
        add(Double.longBitsToDouble(other.slots[i]));
      }
    }
  }

  double[] sorted() {
    double[] out = new double[size];
    int k = 0;
    for (int i = 0; i < slots.length; i++) {
      if (used[i]) {
        out[k++] = Double.longBitsToDouble(slots[i]);
      }
    }
    Arrays.sort(out);
    return out;
  }

  private void grow() {
    long[] oldSlots = slots;
    boolean[] oldUsed = used;
    slots = new long[oldSlots.length * 2];
    used = new boolean[oldSlots.length * 2];
    size = 0;
    for (int i = 0; i < oldSlots.length; i++) {
      if (oldUsed[i]) {
        add(Double.longBitsToDouble(oldSlots[i]));
      }
    }
  }

  private static int mix(long bits) {
    long h = bits * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
