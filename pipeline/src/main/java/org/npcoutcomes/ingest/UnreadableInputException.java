package org.npcoutcomes.ingest;

import java.io.EOFException;
import java.io.IOException;

/**
 * An input file that cannot be read to its end (a truncated or corrupt gzip stream, a read error): the message
 * is one line naming the file, the last line read and the byte offset, for the operator; the cause keeps the
 * details for the log.
 */
public final class UnreadableInputException extends RuntimeException {
  public UnreadableInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * @param lastLine the number of the last line read whole (0: none)
   * @param offset the byte offset in the file as stored (compressed, for a compressed file) reached so far
   */
  static UnreadableInputException of(String file, boolean compressed, long lastLine, long offset, IOException e) {
    String what;
    if (compressed && e instanceof EOFException) {
      what = "truncated compressed file: the data ends inside the compressed stream";
    } else if (compressed) {
      what = "corrupt compressed data (" + firstLine(e) + ")";
    } else {
      what = "read error (" + firstLine(e) + ")";
    }
    return new UnreadableInputException(file + ": " + what + ", after line " + lastLine + ", at byte offset "
        + offset + (compressed ? " of the compressed file" : ""), e);
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
