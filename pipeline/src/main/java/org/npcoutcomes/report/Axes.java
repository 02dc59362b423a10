package org.npcoutcomes.report;

import java.util.List;

/** Axis lines, ticks, tick labels and titles shared by the plots. */
final class Axes {
  private Axes() {}

  static void left(Svg svg, Scale y, double x, double top, double bottom, List<Double> ticks, String label,
      String cls) {
    svg.open("g", "class", cls);
    svg.line(x, top, x, bottom, "stroke", Palette.AXIS, "stroke-width", "1");
    for (double v : ticks) {
      svg.line(x - 5, y.map(v), x, y.map(v), "stroke", Palette.AXIS, "stroke-width", "1");
      svg.text(x - 8, y.map(v) + 4, Format.number(v, 1), "text-anchor", "end", "fill", Palette.INK,
          "class", "tick-label");
    }
    double cy = (top + bottom) / 2;
    svg.text(x - 46, cy, label, "text-anchor", "middle", "fill", Palette.INK, "font-size", "13",
        "transform", "rotate(-90 " + Svg.n(x - 46) + " " + Svg.n(cy) + ")", "class", "axis-label");
    svg.close("g");
  }

  static void bottom(Svg svg, Scale x, double y, double left, double right, List<Double> ticks, String label,
      String cls) {
    svg.open("g", "class", cls);
    svg.line(left, y, right, y, "stroke", Palette.AXIS, "stroke-width", "1");
    for (double t : ticks) {
      svg.line(x.map(t), y, x.map(t), y + 5, "stroke", Palette.AXIS, "stroke-width", "1");
      svg.text(x.map(t), y + 18, Format.tick(t), "text-anchor", "middle", "fill", Palette.INK, "class", "tick-label");
    }
    svg.text((left + right) / 2, y + 38, label, "text-anchor", "middle", "fill", Palette.INK, "font-size", "13",
        "class", "axis-label");
    svg.close("g");
  }

  static String timeLabel(String unit) {
    return unit.isEmpty() ? "Time" : "Time (" + unit + ")";
  }

  /** A rough width of a text in pixels (sans-serif), for laying out legends and columns. */
  static double textWidth(String s, double fontSize) {
    double w = 0;
    for (char c : s.toCharArray()) {
      if ("il.,:;|!'()[]".indexOf(c) >= 0) {
        w += 0.32;
      } else if (Character.isUpperCase(c) || "mw@%".indexOf(c) >= 0) {
        w += 0.72;
      } else if (c == ' ') {
        w += 0.32;
      } else {
        w += 0.58;
      }
    }
    return w * fontSize;
  }

  /**
   * Packs notes into as few lines as fit {@code width} pixels, joined by " · " within a line (a note longer
   * than the width gets a line of its own).
   */
  static List<String> packNotes(List<String> notes, double width, double fontSize) {
    List<String> lines = new java.util.ArrayList<>();
    String line = "";
    for (String note : notes) {
      String joined = line.isEmpty() ? note : line + "  ·  " + note;
      if (!line.isEmpty() && textWidth(joined, fontSize) > width) {
        lines.add(line);
        line = note;
      } else {
        line = joined;
      }
    }
    if (!line.isEmpty()) {
      lines.add(line);
    }
    return lines;
  }

  /** Splits a text into lines of at most {@code max} characters, at spaces. */
  static List<String> wrap(String s, int max) {
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : s.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > max) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
