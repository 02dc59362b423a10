package org.npcoutcomes.clean;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What each distinct raw value, as UTF-8 bytes, was read as: an open-addressing table keyed by the bytes
 * themselves, so a repeated label costs a hash and a compare instead of a string. Holds at most
 * {@value #LIMIT} values (ids and free text are read anew each time). Not thread-safe.
 */
final class ByteMemo {
  static final int LIMIT = 4096;
  private static final int CAPACITY = 2 * LIMIT;
  private static final int MASK = CAPACITY - 1;

  private final byte[][] keys = new byte[CAPACITY][];
  private final int[] hashes = new int[CAPACITY];
  private final Object[] values = new Object[CAPACITY];
  private int size;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MIX = 0x9E3779B97F4A7C15L;

  /** A hash of bytes [from, to), eight bytes per step (labels run to dozens of bytes). */
  static int hash(byte[] b, int from, int to) {
    long h = hash64(b, from, to);
    return (int) (h ^ (h >>> 32));
  }

  /** A 64-bit hash of bytes [from, to). */
  static long hash64(byte[] b, int from, int to) {
    long h = to - from;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) LONGS.get(b, i)) * MIX;
      h ^= h >>> 29;
    }
    long tail = 0;
    for (; i < to; i++) {
      tail = (tail << 8) | (b[i] & 0xff);
    }
    h = (h ^ tail) * MIX;
    return h ^ (h >>> 31);
  }

  /** The value remembered for bytes [from, to), or null. */
  Object get(byte[] b, int from, int to, int hash) {
    for (int i = hash & MASK; keys[i] != null; i = (i + 1) & MASK) {
      if (hashes[i] == hash && same(keys[i], b, from, to)) {
        return values[i];
      }
    }
    return null;
  }

  /** key equals bytes [from, to): eight bytes per step, cheaper than a range compare for short labels. */
  private static boolean same(byte[] key, byte[] b, int from, int to) {
    int n = key.length;
    if (n != to - from) {
      return false;
    }
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      if ((long) LONGS.get(key, i) != (long) LONGS.get(b, from + i)) {
        return false;
      }
    }
    for (; i < n; i++) {
      if (key[i] != b[from + i]) {
        return false;
      }
    }
    return true;
  }

  void put(byte[] b, int from, int to, int hash, Object value) {
    if (size >= LIMIT) {
      return;
    }
    int i = hash & MASK;
    while (keys[i] != null) {
      i = (i + 1) & MASK;
    }
    keys[i] = Arrays.copyOfRange(b, from, to);
    hashes[i] = hash;
    values[i] = value;
    size++;
  }
}
