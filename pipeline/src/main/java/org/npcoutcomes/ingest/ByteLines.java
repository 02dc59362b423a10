package org.npcoutcomes.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads '\n'-terminated lines from a byte stream, knowing the stream position of each line's first byte,
 * so a task can stop at the end of its split. A line is kept as bytes until asked for as text, and text
 * is decoded strictly, so a line with bytes that are not UTF-8 is reported rather than silently altered.
 */
final class ByteLines {
  private static final long NEWLINES = Swar.lanes((byte) '\n');
  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private int next;
  private int limit;
  private long bufferStart;
  private byte[] line = new byte[4096];
  /** The last line is bytes[offset, offset + length): in the read buffer, or copied to {@code line}. */
  private byte[] bytes = line;
  private int offset;
  private int length;
  private boolean nonAscii;

  /** @param position the stream position of the first byte {@code in} will return */
  ByteLines(InputStream in, long position) {
    this.in = in;
    this.bufferStart = position;
  }

  /** Stream position of the next unread byte: where the next line begins. */
  long position() {
    return bufferStart + next;
  }

  /** Reads the next line (without its '\n'); false when the stream has ended. */
  boolean next() throws IOException {
    length = 0;
    nonAscii = false;
    boolean any = false;
    boolean whole = true;
    while (true) {
      if (next == limit && !fill()) {
        return any;
      }
      any = true;
      int from = next;
      int i = from;
      long bits = 0;
      while (i + 8 <= limit) {
        long w = Swar.word(buffer, i);
        long breaks = Swar.zeroLanes(w ^ NEWLINES);
        if (breaks != 0) {
          int lane = Swar.firstLane(breaks);
          bits |= w & ((1L << (8 * lane)) - 1);
          i += lane;
          break;
        }
        bits |= w;
        i += 8;
      }
      while (i < limit && buffer[i] != '\n') {
        bits |= buffer[i] & 0xFF;
        i++;
      }
      nonAscii |= (bits & Swar.HIGH_BITS) != 0;
      if (i < limit && whole) {
        // The whole line is in the buffer: read it from there.
        bytes = buffer;
        offset = from;
        length = i - from;
        next = i + 1;
        return true;
      }
      append(from, i);
      whole = false;
      if (i < limit) {
        next = i + 1;
        return true;
      }
      next = limit;
    }
  }

  /** Skips the rest of the current line, through its '\n'; false when the stream ends first. */
  boolean skipLine() throws IOException {
    while (true) {
      if (next == limit && !fill()) {
        return false;
      }
      for (int i = next; i < limit; i++) {
        if (buffer[i] == '\n') {
          next = i + 1;
          return true;
        }
      }
      next = limit;
    }
  }

  /** The line read last, without a trailing '\r'. */
  byte[] lineBytes() {
    return Arrays.copyOfRange(bytes, offset, offset + textLength());
  }

  /** Whether the line read last is valid UTF-8 (an ASCII line always is). */
  boolean validUtf8() {
    if (!nonAscii) {
      return true;
    }
    try {
      strict.reset().decode(ByteBuffer.wrap(bytes, offset, textLength()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private int textLength() {
    return length > 0 && bytes[offset + length - 1] == '\r' ? length - 1 : length;
  }

  private void append(int from, int to) {
    int n = to - from;
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
    }
    System.arraycopy(buffer, from, line, length, n);
    length += n;
    bytes = line;
    offset = 0;
  }

  private boolean fill() throws IOException {
    bufferStart += limit;
    next = 0;
    limit = 0;
    int n = in.read(buffer, 0, buffer.length);
    while (n == 0) {
      n = in.read(buffer, 0, buffer.length);
    }
    if (n < 0) {
      return false;
    }
    limit = n;
    return true;
  }
}
