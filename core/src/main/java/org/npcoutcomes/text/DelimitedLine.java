package org.npcoutcomes.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of a delimited file as SEER*Stat and spreadsheet tools write it: fields may be quoted,
 * a quoted field may hold the delimiter, and a doubled quote inside quotes is a literal quote. A quote
 * inside an unquoted field opens a quoted stretch, as in spreadsheet tools.
 */
public final class DelimitedLine {
  private static final char QUOTE = '"';

  private DelimitedLine() {}

  /** The fields of the line, or null when a quote is left open (a field spanning lines is not supported). */
  public static String[] split(String line, char delimiter) {
    List<String> out = new ArrayList<>(64);
    int n = line.length();
    int i = 0;
    int nextQuote = line.indexOf(QUOTE);
    while (true) {
      if (nextQuote >= 0 && nextQuote < i) {
        nextQuote = line.indexOf(QUOTE, i);
      }
      int end = i < n && line.charAt(i) == QUOTE ? quotedEnd(line, i) : -1;
      if (end >= 0 && (end == n || line.charAt(end) == delimiter)) {
        // A field quoted from start to end, the common case of quoting.
        out.add(unquote(line, i + 1, end - 1));
        i = end;
      } else {
        int d = line.indexOf(delimiter, i);
        int stop = d < 0 ? n : d;
        if (nextQuote >= 0 && nextQuote < stop) {
          // A quote elsewhere in the field: read it character by character.
          return splitSlowly(line, delimiter, out, i);
        }
        out.add(line.substring(i, stop));
        i = stop;
      }
      if (i >= n) {
        return out.toArray(new String[0]);
      }
      i++; // past the delimiter
      if (i == n) {
        out.add("");
        return out.toArray(new String[0]);
      }
    }
  }

  /** Index just after the quote closing the quoted field opened at {@code open}, or -1 if none closes it. */
  private static int quotedEnd(String line, int open) {
    int i = open + 1;
    while (true) {
      int q = line.indexOf(QUOTE, i);
      if (q < 0) {
        return -1;
      }
      if (q + 1 < line.length() && line.charAt(q + 1) == QUOTE) {
        i = q + 2;
      } else {
        return q + 1;
      }
    }
  }

  /** The text between two quotes, each doubled quote read as one. */
  private static String unquote(String line, int from, int to) {
    String s = line.substring(from, to);
    return s.indexOf(QUOTE) < 0 ? s : s.replace("\"\"", "\"");
  }

  /** Character by character from {@code from}, after the fields already in {@code out}. */
  static String[] splitSlowly(String line, char delimiter, List<String> out, int from) {
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == QUOTE) {
          if (i + 1 < line.length() && line.charAt(i + 1) == QUOTE) {
            field.append(QUOTE);
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == QUOTE) {
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
