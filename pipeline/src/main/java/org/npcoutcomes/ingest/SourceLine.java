package org.npcoutcomes.ingest;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * One data line of an extract file: its file, its line number as in the file (the header is line 1),
 * its bytes without the line ending, and whether those bytes are not valid UTF-8. Kept as bytes, so the
 * clean stage reads fields without decoding every line into text.
 */
public record SourceLine(String file, long lineNumber, byte[] bytes, boolean badEncoding) implements Serializable {
  /** A line known as text (e.g. from stored raw lines). */
  public static SourceLine of(String file, long lineNumber, String text, boolean badEncoding) {
    return new SourceLine(file, lineNumber, text.getBytes(StandardCharsets.UTF_8), badEncoding);
  }

  /** The line as text; bytes that are not UTF-8 become U+FFFD. */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
