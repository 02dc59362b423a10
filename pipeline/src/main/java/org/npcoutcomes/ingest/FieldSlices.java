package org.npcoutcomes.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.npcoutcomes.text.DelimitedLine;

/**
 * The fields of one line as ranges of UTF-8 bytes, read as {@link DelimitedLine} reads text but without
 * making a string of each field. Plain fields and fields quoted from end to end are cut in place; any
 * other use of quotes is left to {@link DelimitedLine}. Reused from line to line; not thread-safe.
 */
public final class FieldSlices {
  private static final byte QUOTE = '"';
  private static final long QUOTES = Swar.lanes(QUOTE);

  private byte[][] source = new byte[64][];
  private int[] from = new int[64];
  private int[] to = new int[64];
  private int count;

  /** Splits a line; false when a quote is left open. */
  public boolean split(byte[] line, int offset, int length, char delimiter) {
    count = 0;
    byte d = (byte) delimiter;
    int end = offset + length;
    int i = offset;
    while (true) {
      if (i < end && line[i] == QUOTE) {
        int close = closingQuote(line, i + 1, end);
        if (close < 0 || (close + 1 < end && line[close + 1] != d)) {
          return splitAsText(line, offset, length, delimiter);
        }
        add(line, i + 1, close);
        i = close + 1;
      } else {
        int j = stop(line, i, end, d);
        if (j < end && line[j] == QUOTE) {
          return splitAsText(line, offset, length, delimiter);
        }
        add(line, i, j);
        i = j;
      }
      if (i >= end) {
        return true;
      }
      i++;
      if (i == end) {
        add(line, end, end);
        return true;
      }
    }
  }

  /** The fields given as text (as UTF-8). */
  public void set(String[] fields) {
    count = 0;
    for (String f : fields) {
      byte[] b = f.getBytes(StandardCharsets.UTF_8);
      add(b, 0, b.length);
    }
  }

  public int count() {
    return count;
  }

  public byte[] bytes(int field) {
    return source[field];
  }

  public int from(int field) {
    return from[field];
  }

  public int to(int field) {
    return to[field];
  }

  /** A field as text. */
  public String text(int field) {
    return new String(source[field], from[field], to[field] - from[field], StandardCharsets.UTF_8);
  }

  /** Index of the first delimiter or quote in [from, end), or end; eight bytes per step where it can. */
  private static int stop(byte[] line, int from, int end, byte delimiter) {
    long delimiters = Swar.lanes(delimiter);
    int j = from;
    while (j + 8 <= end) {
      long w = Swar.word(line, j);
      long marks = Swar.zeroLanes(w ^ delimiters) | Swar.zeroLanes(w ^ QUOTES);
      if (marks != 0) {
        return j + Swar.firstLane(marks);
      }
      j += 8;
    }
    while (j < end && line[j] != delimiter && line[j] != QUOTE) {
      j++;
    }
    return j;
  }

  /** The quote closing a field opened before {@code i}, or -1; a doubled quote is left to the text reader. */
  private static int closingQuote(byte[] line, int i, int end) {
    for (int j = i; j < end; j++) {
      if (line[j] == QUOTE) {
        return j + 1 < end && line[j + 1] == QUOTE ? -1 : j;
      }
    }
    return -1;
  }

  private boolean splitAsText(byte[] line, int offset, int length, char delimiter) {
    String[] fields = DelimitedLine.split(new String(line, offset, length, StandardCharsets.UTF_8), delimiter);
    if (fields == null) {
      return false;
    }
    set(fields);
    return true;
  }

  private void add(byte[] bytes, int start, int stop) {
    if (count == source.length) {
      source = Arrays.copyOf(source, count * 2);
      from = Arrays.copyOf(from, count * 2);
      to = Arrays.copyOf(to, count * 2);
    }
    source[count] = bytes;
    from[count] = start;
    to[count] = stop;
    count++;
  }
}
