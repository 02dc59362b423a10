package org.npcoutcomes.report;

import java.util.List;
import java.util.Locale;

/**
 * The funnel plot: each study's estimate (analysis scale, e.g. log hazard ratio) against its standard error,
 * the axis inverted so precise studies are at the top, with the common-effect estimate and its pseudo 95%
 * limits (estimate ± 1.96·SE), as metafor's {@code funnel()}.
 */
public final class FunnelPlot {
  private static final double WIDTH = 640;
  private static final double HEIGHT = 440;
  private static final double LEFT = 80;
  private static final double RIGHT = 600;
  private static final double TOP = 50;
  private static final double BOTTOM = 380;

  private FunnelPlot() {}

  public static Figure render(String id, String title, String xLabel, double[] y, double[] se, double pooled,
      String caption) {
    Svg svg = new Svg(id, WIDTH, HEIGHT, title);
    svg.text(12, 22, title, "font-size", "15", "font-weight", "bold", "fill", Palette.INK, "class", "plot-title");
    double maxSe = 0;
    for (double s : se) {
      maxSe = Math.max(maxSe, s);
    }
    double seTop = Scale.niceStep(maxSe * 1.05, 5) * Math.ceil(maxSe * 1.05 / Scale.niceStep(maxSe * 1.05, 5));
    double half = 1.959963984540054 * seTop;
    double lo = pooled - half;
    double hi = pooled + half;
    for (double v : y) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    Scale x = Scale.linear(lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo), LEFT, RIGHT);
    Scale ys = Scale.linear(0, seTop, TOP, BOTTOM);
    // the pseudo-confidence region, white inside a grey field, as funnel() draws it
    svg.rect(LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP, "fill", "#eeeeee");
    svg.path(String.format(Locale.ROOT, "M%s %sL%s %sL%s %sZ", Svg.n(x.map(pooled)), Svg.n(ys.map(0)),
        Svg.n(x.map(pooled - half)), Svg.n(ys.map(seTop)), Svg.n(x.map(pooled + half)), Svg.n(ys.map(seTop))),
        "fill", "#ffffff", "stroke", Palette.AXIS, "stroke-dasharray", "4 3", "class", "funnel-limits");
    svg.line(x.map(pooled), TOP, x.map(pooled), BOTTOM, "stroke", Palette.AXIS, "stroke-width", "1",
        "class", "funnel-centre");
    for (int i = 0; i < y.length; i++) {
      svg.circle(x.map(y[i]), ys.map(se[i]), 4.5, "fill", Palette.arm(1), "stroke", Palette.INK, "stroke-width",
          "0.6", "class", "funnel-point");
    }
    List<Double> yt = Scale.ticks(0, seTop, Scale.niceStep(seTop, 5));
    List<Double> xt = Scale.ticks(Math.ceil((lo - 0.05 * (hi - lo)) / Scale.niceStep(hi - lo, 6))
        * Scale.niceStep(hi - lo, 6), hi + 0.05 * (hi - lo), Scale.niceStep(hi - lo, 6));
    Axes.left(svg, ys, LEFT, TOP, BOTTOM, yt, "Standard error", "y-axis");
    Axes.bottom(svg, x, BOTTOM, LEFT, RIGHT, xt, xLabel, "x-axis");
    return Figure.of(svg, title, caption);
  }
}
