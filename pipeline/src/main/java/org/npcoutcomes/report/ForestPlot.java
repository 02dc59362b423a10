package org.npcoutcomes.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Subgroup hazard ratios on a log axis with their intervals, the patients and events of each level, and the
 * treatment-by-subgroup interaction p beside each variable; the whole cohort's ratio on top and as a dashed line.
 */
public final class ForestPlot {
  /** A row: a variable's heading (with the interaction p) or one of its levels (with a ratio, maybe none). */
  public record Row(String label, boolean heading, String n, String events, Double hr, Double lower, Double upper,
      String pInteraction, String variable) {}

  private static final double WIDTH = 860;
  private static final double TOP = 70;
  private static final double ROW = 24;
  private static final double PLOT_LEFT = 470;
  private static final double PLOT_RIGHT = 760;

  private final String id;
  private final String title;
  private final String contrast;
  private final List<Row> rows;
  private final Double overall;
  private final int minCell;

  public ForestPlot(String id, String title, String contrast, List<Row> rows, Double overall, int minCell) {
    this.id = id;
    this.title = title;
    this.contrast = contrast;
    this.rows = rows;
    this.overall = overall;
    this.minCell = minCell;
  }

  public Figure render(String caption) {
    double bottom = TOP + ROW * rows.size() + 6;
    double height = bottom + 72;
    Svg svg = new Svg(id, WIDTH, height, title);
    double lo = 1;
    double hi = 1;
    for (Row r : rows) {
      if (r.hr() != null && !r.heading() && Double.isFinite(r.lower()) && Double.isFinite(r.upper())) {
        lo = Math.min(lo, r.lower());
        hi = Math.max(hi, r.upper());
      }
    }
    lo = Math.max(lo / 1.15, 1e-3);
    hi = Math.min(hi * 1.15, 1e3);
    List<Double> ticks = Scale.logTicks(lo, hi);
    if (ticks.size() < 2) {
      ticks = new ArrayList<>(List.of(0.5, 1.0, 2.0));
    }
    lo = Math.min(lo, ticks.get(0));
    hi = Math.max(hi, ticks.get(ticks.size() - 1));
    Scale x = Scale.log(lo, hi, PLOT_LEFT, PLOT_RIGHT);
    svg.text(12, 22, title, "font-size", "15", "font-weight", "bold", "fill", Palette.INK, "class", "plot-title");
    double hy = TOP - 14;
    svg.text(12, hy, "Subgroup", "font-weight", "bold", "fill", Palette.INK);
    svg.text(228, hy, "Patients", "font-weight", "bold", "text-anchor", "end", "fill", Palette.INK);
    svg.text(290, hy, "Events", "font-weight", "bold", "text-anchor", "end", "fill", Palette.INK);
    svg.text(310, hy, "HR (95% CI)", "font-weight", "bold", "fill", Palette.INK);
    svg.text(WIDTH - 12, hy, "P interaction", "font-weight", "bold", "text-anchor", "end", "fill", Palette.INK);
    svg.line(12, hy + 6, WIDTH - 12, hy + 6, "stroke", Palette.AXIS, "stroke-width", "1");
    svg.line(x.map(1), TOP - 4, x.map(1), bottom, "stroke", Palette.AXIS, "stroke-width", "1");
    if (overall != null && Double.isFinite(overall)) {
      svg.line(x.map(overall), TOP - 4, x.map(overall), bottom, "stroke", Palette.arm(1), "stroke-width", "1",
          "stroke-dasharray", "4 3", "class", "overall-line");
    }
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double cy = TOP + ROW * i + ROW / 2;
      double ty = cy + 4;
      if (i % 2 == 1) {
        svg.rect(12, cy - ROW / 2, PLOT_LEFT - 24, ROW, "fill", "#f6f6f6");
      }
      svg.open("g", "class", "forest-row", "data-variable", r.variable(), "data-level", r.heading() ? null : r.label());
      svg.text(r.heading() ? 12 : 26, ty, r.label(), "fill", Palette.INK, "font-weight", r.heading() ? "bold" : null,
          "class", "forest-label");
      if (r.pInteraction() != null) {
        svg.text(WIDTH - 12, ty, r.pInteraction(), "text-anchor", "end", "fill", Palette.INK, "class",
            "p-interaction");
      }
      if (!r.heading()) {
        svg.text(228, ty, r.n(), "text-anchor", "end", "fill", Palette.INK, "class",
            "forest-n");
        svg.text(290, ty, r.events(), "text-anchor", "end", "fill", Palette.INK,
            "class", "forest-events");
        svg.text(310, ty, r.hr() == null ? "not estimable" : Format.ratio(r.hr(), r.lower(), r.upper()),
            "fill", Palette.INK, "class", "forest-hr");
        if (r.hr() != null && Double.isFinite(r.hr())) {
          double x0 = x.clamped(r.lower());
          double x1 = x.clamped(r.upper());
          svg.line(x0, cy, x1, cy, "stroke", Palette.INK, "stroke-width", "1.5");
          double size = 5;
          svg.rect(x.clamped(r.hr()) - size, cy - size, 2 * size, 2 * size, "fill", Palette.arm(1),
              "class", "forest-point");
        }
      }
      svg.close("g");
    }
    svg.open("g", "class", "x-axis");
    svg.line(PLOT_LEFT, bottom, PLOT_RIGHT, bottom, "stroke", Palette.AXIS, "stroke-width", "1");
    for (double t : ticks) {
      svg.line(x.map(t), bottom, x.map(t), bottom + 5, "stroke", Palette.AXIS, "stroke-width", "1");
      svg.text(x.map(t), bottom + 18, Format.tick(t), "text-anchor", "middle", "fill", Palette.INK,
          "class", "tick-label");
    }
    svg.text((PLOT_LEFT + PLOT_RIGHT) / 2, bottom + 38, "Hazard ratio, " + contrast + " (log scale)",
        "text-anchor", "middle", "font-size", "13", "fill", Palette.INK, "class", "axis-label");
    svg.text(x.map(1) - 6, bottom + 56, "← favours " + contrast.split(" vs ")[0], "text-anchor", "end",
        "fill", Palette.MUTED, "font-size", "11");
    if (contrast.contains(" vs ")) {
      svg.text(x.map(1) + 6, bottom + 56, "favours " + contrast.split(" vs ")[1] + " →", "fill", Palette.MUTED,
          "font-size", "11");
    }
    svg.close("g");
    return Figure.of(svg, title, caption);
  }
}
