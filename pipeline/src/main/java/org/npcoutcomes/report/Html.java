package org.npcoutcomes.report;

import java.util.List;

/** A little HTML writing: escaping and tables. */
final class Html {
  private final StringBuilder b = new StringBuilder();

  static String esc(String s) {
    return Svg.esc(s);
  }

  Html raw(String s) {
    b.append(s);
    return this;
  }

  Html tag(String tag, String attrs, String text) {
    b.append('<').append(tag).append(attrs == null ? "" : attrs).append('>').append(esc(text)).append("</")
        .append(tag).append(">\n");
    return this;
  }

  Html p(String text) {
    return tag("p", null, text);
  }

  /**
   * A table: a header row and body rows of cells (already HTML); {@code align} has one letter per column, 'r'
   * for a right-aligned number column (the last letter holds for any further column).
   */
  Html table(String id, List<String> header, List<List<String>> rows, String align) {
    b.append("<table").append(Svg.attrs("id", id)).append(">\n<thead><tr>");
    for (int i = 0; i < header.size(); i++) {
      b.append(right(align, i) ? "<th class=\"num\">" : "<th>").append(esc(header.get(i))).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      boolean heading = !row.isEmpty() && row.get(0).startsWith("<b>");
      b.append(heading ? "<tr class=\"group\">" : "<tr>");
      for (int i = 0; i < row.size(); i++) {
        b.append(right(align, i) ? "<td class=\"num\">" : "<td>").append(row.get(i)).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table>\n");
    return this;
  }

  private static boolean right(String align, int column) {
    return align.charAt(Math.min(column, align.length() - 1)) == 'r';
  }

  static String badge(Diagnostics.Status status) {
    String s = status.name().toLowerCase(java.util.Locale.ROOT);
    return "<span class=\"badge " + s + "\">" + s + "</span>";
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
