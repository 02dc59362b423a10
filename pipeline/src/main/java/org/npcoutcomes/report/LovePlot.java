package org.npcoutcomes.report;

import java.util.List;
import java.util.Map;

/**
 * Covariate balance (a Love plot, as cobalt draws it): the absolute standardized mean difference of every
 * covariate level before adjustment (hollow) and after each adjustment (filled markers), with the 0.1 threshold.
 */
public final class LovePlot {
  /** One adjustment: its label and |SMD| by covariate label. */
  public record Series(String population, String label, Map<String, Double> smd) {}

  private static final double WIDTH = 780;
  private static final double LEFT = 200;
  private static final double RIGHT = 24;
  private static final double TOP = 90;
  private static final double ROW = 18;
  static final double THRESHOLD = 0.1;
  private static final String[] SHAPES = {"circle", "triangle", "square", "diamond", "cross"};

  private final String id;
  private final String title;
  private final List<String> covariates;
  private final List<Series> series;

  /** {@code covariates} in display order (top first); the first series is the unadjusted one. */
  public LovePlot(String id, String title, List<String> covariates, List<Series> series) {
    this.id = id;
    this.title = title;
    this.covariates = covariates;
    this.series = series;
  }

  public Figure render(String caption) {
    double bottom = TOP + ROW * covariates.size() + 8;
    double height = bottom + 56;
    double right = WIDTH - RIGHT;
    Svg svg = new Svg(id, WIDTH, height, title);
    double max = THRESHOLD * 2;
    for (Series s : series) {
      for (double v : s.smd().values()) {
        if (Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    double step = Scale.niceStep(max, 6);
    List<Double> ticks = Scale.ticks(0, Math.ceil(max / step - 1e-9) * step, step);
    Scale x = Scale.linear(0, ticks.get(ticks.size() - 1), LEFT, right);
    svg.text(12, 22, title, "font-size", "15", "font-weight", "bold", "fill", Palette.INK, "class", "plot-title");
    svg.open("g", "class", "legend");
    double lx = 12;
    double ly = 46;
    for (int i = 0; i < series.size(); i++) {
      double w = 32 + Axes.textWidth(series.get(i).label(), 12);
      if (lx + w > WIDTH - RIGHT && lx > 12) {
        lx = 12;
        ly += 18;
      }
      marker(svg, i, lx + 6, ly - 4, seriesColor(i), series.get(i).population());
      svg.text(lx + 16, ly, series.get(i).label(), "fill", Palette.INK, "class", "legend-item");
      lx += w;
    }
    svg.close("g");
    for (double t : ticks) {
      svg.line(x.map(t), TOP, x.map(t), bottom, "stroke", Palette.GRID, "stroke-width", "1");
    }
    svg.line(x.map(THRESHOLD), TOP, x.map(THRESHOLD), bottom, "stroke", Palette.AXIS, "stroke-width", "1",
        "stroke-dasharray", "5 4", "class", "threshold");
    for (int r = 0; r < covariates.size(); r++) {
      double cy = TOP + ROW * r + ROW / 2;
      svg.line(LEFT, cy, right, cy, "stroke", "#f2f2f2", "stroke-width", "1");
      svg.text(LEFT - 10, cy + 4, covariates.get(r), "text-anchor", "end", "fill", Palette.INK,
          "class", "covariate-label");
      for (int i = 0; i < series.size(); i++) {
        Double v = series.get(i).smd().get(covariates.get(r));
        if (v != null && Double.isFinite(v)) {
          marker(svg, i, x.clamped(v), cy, seriesColor(i), series.get(i).population());
        }
      }
    }
    Axes.bottom(svg, x, bottom, LEFT, right, ticks, "Absolute standardized mean difference", "x-axis");
    return Figure.of(svg, title, caption);
  }

  private static String seriesColor(int i) {
    return i == 0 ? Palette.INK : Palette.ARMS.get((i) % Palette.ARMS.size());
  }

  private static void marker(Svg svg, int i, double cx, double cy, String color, String population) {
    String shape = SHAPES[i % SHAPES.length];
    String fill = i == 0 ? "#ffffff" : color;
    String[] common = {"fill", fill, "stroke", color, "stroke-width", "1.4", "class", "smd-point",
        "data-population", population};
    switch (shape) {
      case "circle" -> svg.circle(cx, cy, 4.5, common);
      case "square" -> svg.rect(cx - 4, cy - 4, 8, 8, common);
      case "triangle" -> svg.path("M" + Svg.n(cx) + " " + Svg.n(cy - 5) + "L" + Svg.n(cx + 5) + " " + Svg.n(cy + 4)
          + "L" + Svg.n(cx - 5) + " " + Svg.n(cy + 4) + "Z", common);
      case "diamond" -> svg.path("M" + Svg.n(cx) + " " + Svg.n(cy - 5.5) + "L" + Svg.n(cx + 5) + " " + Svg.n(cy)
          + "L" + Svg.n(cx) + " " + Svg.n(cy + 5.5) + "L" + Svg.n(cx - 5) + " " + Svg.n(cy) + "Z", common);
      default -> svg.path("M" + Svg.n(cx - 4) + " " + Svg.n(cy - 4) + "L" + Svg.n(cx + 4) + " " + Svg.n(cy + 4)
          + "M" + Svg.n(cx + 4) + " " + Svg.n(cy - 4) + "L" + Svg.n(cx - 4) + " " + Svg.n(cy + 4),
          "fill", "none", "stroke", color, "stroke-width", "2", "class", "smd-point", "data-population", population);
    }
  }
}
