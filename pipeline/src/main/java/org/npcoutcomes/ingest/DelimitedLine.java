package org.npcoutcomes.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of a delimited file as SEER*Stat and spreadsheet tools write it: fields may be quoted,
 * a quoted field may hold the delimiter, and a doubled quote inside quotes is a literal quote.
 */
public final class DelimitedLine {
  private DelimitedLine() {}

  /** The fields of the line, or null when a quote is left open (a field spanning lines is not supported). */
  public static String[] split(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    out.add(field.toString());
    return out.toArray(new String[0]);
  }

  /** Drops a UTF-8 byte-order mark and a trailing carriage return (CRLF files). */
  public static String normalise(String line, boolean firstLine) {
    String s = firstLine && !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
