package org.npcoutcomes.report;

/**
 * One figure of the report: its id (the SVG element's id in the page, and the file name under figures/),
 * title, caption and SVG markup.
 */
public record Figure(String id, String title, String caption, String markup) {
  static Figure of(Svg svg, String title, String caption) {
    return new Figure(svg.id(), title, caption, svg.markup());
  }

  /** The figure as a standalone SVG file. */
  public String document() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + markup;
  }
}
