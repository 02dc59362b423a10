package org.npcoutcomes.report;

import java.util.List;

/**
 * Cumulative incidence curves (cmprsk::cuminc): the event of interest solid and the competing event dashed, one
 * colour per arm, with Gray's test per cause in the legend.
 */
public final class IncidencePlot {
  /** The corners of one step function, in order (the mart lists both ends of every jump). */
  public record Curve(String arm, int armIndex, String cause, boolean competing, double[] time, double[] estimate) {}

  private static final double WIDTH = 780;
  private static final double LEFT = 96;
  private static final double RIGHT = 24;
  private static final double TOP = 104;
  private static final double PLOT_HEIGHT = 300;

  private final String id;
  private final String title;
  private final String timeUnit;
  private final List<Curve> curves;
  private final List<String> notes;

  public IncidencePlot(String id, String title, String timeUnit, List<Curve> curves, List<String> notes) {
    this.id = id;
    this.title = title;
    this.timeUnit = timeUnit;
    this.curves = curves;
    this.notes = notes;
  }

  public Figure render(String caption) {
    double max = curves.stream().flatMapToDouble(c -> java.util.Arrays.stream(c.time())).max().orElse(1);
    double step = Scale.timeStep(max, timeUnit);
    List<Double> ticks = Scale.ticks(0, Math.ceil(max / step - 1e-9) * step, step);
    double right = WIDTH - RIGHT;
    List<String> noteLines = Axes.packNotes(notes, WIDTH - LEFT - RIGHT, 12);
    double top = TOP + 16 * Math.max(0, noteLines.size() - 1);
    double bottom = top + PLOT_HEIGHT;
    double height = bottom + 60;
    Svg svg = new Svg(id, WIDTH, height, title);
    Scale x = Scale.linear(0, ticks.get(ticks.size() - 1), LEFT, right);
    Scale y = Scale.linear(0, 1, bottom, top);
    svg.text(LEFT, 22, title, "font-size", "15", "font-weight", "bold", "fill", Palette.INK, "class", "plot-title");
    svg.open("g", "class", "legend");
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      double lx = LEFT + (i % 2) * 330;
      double ly = 46 + (i / 2) * 18;
      svg.line(lx, ly - 4, lx + 26, ly - 4, "stroke", Palette.arm(c.armIndex()), "stroke-width", "2.2",
          "stroke-dasharray", c.competing() ? "6 4" : null);
      svg.text(lx + 32, ly, c.arm() + " – " + c.cause(), "fill", Palette.INK, "class", "legend-item");
    }
    svg.close("g");
    svg.open("g", "class", "grid");
    for (double v = 0; v <= 1.0001; v += 0.2) {
      svg.line(LEFT, y.map(v), right, y.map(v), "stroke", Palette.GRID, "stroke-width", "1");
    }
    for (double t : ticks) {
      svg.line(x.map(t), top, x.map(t), bottom, "stroke", Palette.GRID, "stroke-width", "1");
    }
    svg.close("g");
    for (Curve c : curves) {
      StringBuilder d = new StringBuilder();
      for (int k = 0; k < c.time().length; k++) {
        d.append(k == 0 ? 'M' : 'L').append(Svg.n(x.map(c.time()[k]))).append(' ')
            .append(Svg.n(y.map(c.estimate()[k])));
      }
      svg.path(d.toString(), "fill", "none", "stroke", Palette.arm(c.armIndex()), "stroke-width", "2",
          "stroke-dasharray", c.competing() ? "6 4" : null, "class", "incidence-curve", "data-arm", c.arm(),
          "data-cause", c.cause());
    }
    Axes.left(svg, y, LEFT, top, bottom, List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), "Cumulative incidence", "y-axis");
    Axes.bottom(svg, x, bottom, LEFT, right, ticks, Axes.timeLabel(timeUnit), "x-axis");
    for (int i = 0; i < noteLines.size(); i++) {
      svg.text(LEFT, TOP - 14 + 16 * i, noteLines.get(i), "fill", Palette.INK, "class", "plot-note");
    }
    return Figure.of(svg, title, caption);
  }
}
