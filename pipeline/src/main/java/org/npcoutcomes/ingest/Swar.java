package org.npcoutcomes.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte searches eight bytes at a time ("SIMD within a register"), for the reader's scans of every byte. */
final class Swar {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_BITS = 0x7F7F7F7F7F7F7F7FL;
  static final long HIGH_BITS = 0x8080808080808080L;

  private Swar() {}

  /** The byte repeated in all eight lanes of a word. */
  static long lanes(byte b) {
    return (b & 0xFFL) * 0x0101010101010101L;
  }

  /** Eight bytes at {@code i}, the first in the lowest lane. */
  static long word(byte[] a, int i) {
    return (long) LONGS.get(a, i);
  }

  /** The high bit of each lane of {@code w} that is zero, and no other bit (no carries between lanes). */
  static long zeroLanes(long w) {
    return ~(((w & LOW_BITS) + LOW_BITS) | w | LOW_BITS);
  }

  /** Index of the first lane marked in a non-zero {@link #zeroLanes} result. */
  static int firstLane(long marks) {
    return Long.numberOfTrailingZeros(marks) >>> 3;
  }
}
