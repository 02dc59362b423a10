package org.npcoutcomes.clean;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Reads raw values given as UTF-8 bytes and remembers what each distinct value was read as: an
 * open-addressing table keyed by the bytes themselves, so a repeated label costs a hash and a compare
 * instead of a string. Holds at most {@value #LIMIT} values (ids and free text are read anew each
 * time). Not thread-safe.
 */
final class ByteMemo {
  static final int LIMIT = 4096;
  /** Reads a value as text; never returns null. */
  private final Function<String, Object> reader;
  private static final int FIRST_CAPACITY = 32;

  // Small at first and grown as values arrive, with the keys' bytes side by side in one array: most
  // fields hold a few dozen labels, and a small table stays in the processor's cache.
  private int[] hashes = new int[FIRST_CAPACITY];
  private int[] keyStart = new int[FIRST_CAPACITY];
  private int[] keyLength = new int[FIRST_CAPACITY];
  private Object[] values = new Object[FIRST_CAPACITY];
  private byte[] keyBytes = new byte[1024];
  private int keyBytesUsed;
  private int size;

  ByteMemo(Function<String, Object> reader) {
    this.reader = reader;
  }

  /** The reading of bytes [from, to): remembered, or read now (and remembered while there is room). */
  Object read(byte[] b, int from, int to) {
    int hash = hash(b, from, to);
    Object known = get(b, from, to, hash);
    if (known == null) {
      known = reader.apply(new String(b, from, to - from, StandardCharsets.UTF_8));
      put(b, from, to, hash, known);
    }
    return known;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MIX = 0x9E3779B97F4A7C15L;

  /** A hash of bytes [from, to), eight bytes per step (labels run to dozens of bytes). */
  private static int hash(byte[] b, int from, int to) {
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
  private Object get(byte[] b, int from, int to, int hash) {
    int mask = values.length - 1;
    for (int i = hash & mask; values[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == hash && same(keyStart[i], keyLength[i], b, from, to)) {
        return values[i];
      }
    }
    return null;
  }

  /** The stored key at keyBytes[start, start + length) equals bytes [from, to); eight bytes per step. */
  private boolean same(int start, int length, byte[] b, int from, int to) {
    if (length != to - from) {
      return false;
    }
    byte[] k = keyBytes;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      if ((long) LONGS.get(k, start + i) != (long) LONGS.get(b, from + i)) {
        return false;
      }
    }
    for (; i < length; i++) {
      if (k[start + i] != b[from + i]) {
        return false;
      }
    }
    return true;
  }

  private void put(byte[] b, int from, int to, int hash, Object value) {
    if (size >= LIMIT) {
      return;
    }
    if (2 * (size + 1) > values.length) {
      grow();
    }
    int n = to - from;
    if (keyBytesUsed + n > keyBytes.length) {
      keyBytes = Arrays.copyOf(keyBytes, Math.max(2 * keyBytes.length, keyBytesUsed + n));
    }
    System.arraycopy(b, from, keyBytes, keyBytesUsed, n);
    insert(hash, keyBytesUsed, n, value);
    keyBytesUsed += n;
    size++;
  }

  private void insert(int hash, int start, int length, Object value) {
    int mask = values.length - 1;
    int i = hash & mask;
    while (values[i] != null) {
      i = (i + 1) & mask;
    }
    hashes[i] = hash;
    keyStart[i] = start;
    keyLength[i] = length;
    values[i] = value;
  }

  private void grow() {
    int[] oldHashes = hashes;
    int[] oldStart = keyStart;
    int[] oldLength = keyLength;
    Object[] oldValues = values;
    int capacity = 2 * oldValues.length;
    hashes = new int[capacity];
    keyStart = new int[capacity];
    keyLength = new int[capacity];
    values = new Object[capacity];
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        insert(oldHashes[i], oldStart[i], oldLength[i], oldValues[i]);
      }
    }
  }
}
