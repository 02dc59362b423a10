package org.npcoutcomes.report;

import java.util.Locale;

/**
 * A small writer of SVG markup. Figures are styled with presentation attributes only (no CSS), so the same
 * markup renders alike inline in the HTML page, as a standalone .svg file and through Batik to PNG.
 */
final class Svg {
  static final String FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
  private final StringBuilder b = new StringBuilder();
  private final String id;
  private final double width;
  private final double height;

  Svg(String id, double width, double height, String title) {
    this.id = id;
    this.width = width;
    this.height = height;
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"").append(attrs("id", id))
        .append(" width=\"").append(n(width)).append("\" height=\"").append(n(height))
        .append("\" viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height)).append('"')
        .append(attrs("font-family", FONT, "font-size", "12", "role", "img")).append(">\n");
    b.append("<title>").append(esc(title)).append("</title>\n");
    rect(0, 0, width, height, "fill", "#ffffff", "class", "background");
  }

  String id() {
    return id;
  }

  double width() {
    return width;
  }

  double height() {
    return height;
  }

  /** A number for an attribute: at most two decimals, no trailing zeros. */
  static String n(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "0";
    }
    String s = String.format(Locale.ROOT, "%.2f", v);
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s.equals("-0") ? "0" : s;
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Attribute text from name/value pairs (values escaped; a null value leaves the attribute out). */
  static String attrs(String... pairs) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        out.append(' ').append(pairs[i]).append("=\"").append(esc(pairs[i + 1])).append('"');
      }
    }
    return out.toString();
  }

  Svg open(String tag, String... attrs) {
    b.append('<').append(tag).append(attrs(attrs)).append(">\n");
    return this;
  }

  Svg close(String tag) {
    b.append("</").append(tag).append(">\n");
    return this;
  }

  Svg rect(double x, double y, double w, double h, String... attrs) {
    b.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
        .append("\" height=\"").append(n(h)).append('"').append(attrs(attrs)).append("/>\n");
    return this;
  }

  Svg line(double x1, double y1, double x2, double y2, String... attrs) {
    b.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
        .append("\" y2=\"").append(n(y2)).append('"').append(attrs(attrs)).append("/>\n");
    return this;
  }

  Svg circle(double cx, double cy, double r, String... attrs) {
    b.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
        .append('"').append(attrs(attrs)).append("/>\n");
    return this;
  }

  Svg path(String d, String... attrs) {
    if (!d.isEmpty()) {
      b.append("<path d=\"").append(d).append('"').append(attrs(attrs)).append("/>\n");
    }
    return this;
  }

  Svg text(double x, double y, String text, String... attrs) {
    b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"').append(attrs(attrs)).append('>')
        .append(esc(text)).append("</text>\n");
    return this;
  }

  /** The figure's markup, for inline use in HTML. */
  String markup() {
    return b + "</svg>\n";
  }

  /** A standalone SVG document. */
  String document() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + markup();
  }
}
