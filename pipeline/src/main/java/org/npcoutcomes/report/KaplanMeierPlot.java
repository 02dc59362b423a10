package org.npcoutcomes.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Kaplan–Meier curves per arm in the survminer style: step functions with shaded confidence bands, censoring
 * marks, a legend, test results in the corner and the numbers at risk in a table under the x-axis, each
 * number under its time: the published numbers at risk (survival_at_time's times, and the arm's size at 0).
 */
public final class KaplanMeierPlot {
  /** One corner of a curve (a row of km_curve): someone censored there or not, and the estimate. */
  public record Point(double time, boolean censored, double survival, double lower, double upper) {}

  /**
   * One arm: its label, its curve (in time order) and the numbers at risk as shown (a count, "&lt;11", or
   * the withheld mark) at the times of the risk table.
   */
  public record Curve(String arm, List<Point> points, java.util.SortedMap<Double, String> atRisk) {}

  private static final double WIDTH = 780;
  private static final double LEFT = 112;
  private static final double RIGHT = 24;
  private static final double TOP = 92;
  private static final double NOTE_LINE = 16;
  private static final double PLOT_HEIGHT = 300;
  private static final double ROW = 22;

  private final String id;
  private final String title;
  private final String yLabel;
  private final String timeUnit;
  private final List<Curve> curves;
  private final List<String> notes;
  private final String confLevel;
  private final boolean weighted;
  private final int minCell;

  public KaplanMeierPlot(String id, String title, String yLabel, String timeUnit, List<Curve> curves,
      List<String> notes, String confLevel, boolean weighted, int minCell) {
    this.id = id;
    this.title = title;
    this.yLabel = yLabel;
    this.timeUnit = timeUnit;
    this.curves = curves;
    this.notes = notes;
    this.confLevel = confLevel;
    this.weighted = weighted;
    this.minCell = minCell;
  }

  /** The times of the x-axis ticks, which are also the columns of the risk table. */
  public List<Double> ticks() {
    double max = curves.stream().flatMap(c -> c.points().stream()).mapToDouble(Point::time).max().orElse(1);
    double step = Scale.timeStep(max, timeUnit);
    return Scale.ticks(0, Math.ceil(max / step - 1e-9) * step, step);
  }

  public Figure render(String caption) {
    List<Double> ticks = ticks();
    double right = WIDTH - RIGHT;
    List<String> noteLines = Axes.packNotes(notes, WIDTH - LEFT - RIGHT, 12);
    double top = TOP + NOTE_LINE * Math.max(0, noteLines.size() - 1);
    double bottom = top + PLOT_HEIGHT;
    double tableTop = bottom + 64;
    double height = tableTop + 28 + ROW * curves.size() + 14;
    Svg svg = new Svg(id, WIDTH, height, title);
    Scale x = Scale.linear(0, ticks.get(ticks.size() - 1), LEFT, right);
    Scale y = Scale.linear(0, 1, bottom, top);
    svg.text(LEFT, 22, title, "font-size", "15", "font-weight", "bold", "fill", Palette.INK, "class", "plot-title");
    legend(svg);
    // grid and axes
    svg.open("g", "class", "grid");
    for (double v = 0; v <= 1.0001; v += 0.2) {
      svg.line(LEFT, y.map(v), right, y.map(v), "stroke", Palette.GRID, "stroke-width", "1");
    }
    for (double t : ticks) {
      svg.line(x.map(t), top, x.map(t), bottom, "stroke", Palette.GRID, "stroke-width", "1");
    }
    svg.close("g");
    svg.open("g", "class", "curves");
    for (int i = 0; i < curves.size(); i++) {
      band(svg, curves.get(i), x, y, Palette.arm(i));
    }
    for (int i = 0; i < curves.size(); i++) {
      curve(svg, curves.get(i), x, y, Palette.arm(i));
    }
    svg.close("g");
    Axes.left(svg, y, LEFT, top, bottom, List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), yLabel, "y-axis");
    Axes.bottom(svg, x, bottom, LEFT, right, ticks, Axes.timeLabel(timeUnit), "x-axis");
    notes(svg, noteLines);
    riskTable(svg, ticks, x, tableTop);
    return Figure.of(svg, title, caption);
  }

  private void legend(Svg svg) {
    double lx = LEFT;
    double ly = 46;
    svg.open("g", "class", "legend");
    for (int i = 0; i < curves.size(); i++) {
      String color = Palette.arm(i);
      svg.line(lx, ly - 4, lx + 22, ly - 4, "stroke", color, "stroke-width", "2.5");
      svg.text(lx + 28, ly, curves.get(i).arm(), "fill", Palette.INK, "class", "legend-arm");
      lx += 40 + Axes.textWidth(curves.get(i).arm(), 12);
    }
    svg.path(plus(lx + 6, ly - 4), "stroke", Palette.MUTED, "stroke-width", "1.4", "fill", "none");
    svg.text(lx + 16, ly, "censored", "fill", Palette.MUTED);
    lx += 86;
    svg.rect(lx, ly - 11, 22, 12, "fill", Palette.MUTED, "fill-opacity", "0.18");
    svg.text(lx + 28, ly, confLevel + " confidence band", "fill", Palette.MUTED);
    svg.close("g");
  }

  private static String plus(double cx, double cy) {
    return "M" + Svg.n(cx - 4) + " " + Svg.n(cy) + "h8M" + Svg.n(cx) + " " + Svg.n(cy - 4) + "v8";
  }

  /**
   * The confidence band as step polygons: the limits of each corner hold until the next corner. A band breaks
   * where the limits do not exist (log-log limits are undefined where S = 0); before the first event S = 1.
   */
  private static void band(Svg svg, Curve c, Scale x, Scale y, String color) {
    List<double[]> run = new ArrayList<>();
    double t0 = 0;
    double lo = 1;
    double hi = 1;
    for (Point p : c.points()) {
      if (Double.isNaN(lo) || Double.isNaN(hi)) {
        bandPath(svg, run, x, y, color);
        run.clear();
      } else {
        run.add(new double[] {t0, p.time(), lo, hi});
      }
      t0 = p.time();
      boolean start = p.survival() >= 1 - 1e-12;
      lo = Double.isNaN(p.lower()) && start ? 1 : p.lower();
      hi = Double.isNaN(p.upper()) && start ? 1 : p.upper();
    }
    bandPath(svg, run, x, y, color);
  }

  private static void bandPath(Svg svg, List<double[]> run, Scale x, Scale y, String color) {
    if (run.isEmpty()) {
      return;
    }
    StringBuilder d = new StringBuilder();
    for (double[] seg : run) {
      d.append(d.length() == 0 ? 'M' : 'L').append(Svg.n(x.map(seg[0]))).append(' ').append(Svg.n(y.map(seg[3])))
          .append('L').append(Svg.n(x.map(seg[1]))).append(' ').append(Svg.n(y.map(seg[3])));
    }
    for (int i = run.size() - 1; i >= 0; i--) {
      double[] seg = run.get(i);
      d.append('L').append(Svg.n(x.map(seg[1]))).append(' ').append(Svg.n(y.map(seg[2])))
          .append('L').append(Svg.n(x.map(seg[0]))).append(' ').append(Svg.n(y.map(seg[2])));
    }
    d.append('Z');
    svg.path(d.toString(), "fill", color, "fill-opacity", "0.16", "stroke", "none", "class", "ci-band",
        "data-arm", null);
  }

  private static void curve(Svg svg, Curve c, Scale x, Scale y, String color) {
    StringBuilder d = new StringBuilder("M").append(Svg.n(x.map(0))).append(' ').append(Svg.n(y.map(1)));
    StringBuilder marks = new StringBuilder();
    for (Point p : c.points()) {
      d.append('H').append(Svg.n(x.map(p.time()))).append('V').append(Svg.n(y.map(p.survival())));
      if (p.censored()) {
        marks.append(plus(x.map(p.time()), y.map(p.survival())));
      }
    }
    svg.path(d.toString(), "fill", "none", "stroke", color, "stroke-width", "2", "class", "km-curve",
        "data-arm", c.arm());
    svg.path(marks.toString(), "fill", "none", "stroke", color, "stroke-width", "1.2", "class", "censor-marks",
        "data-arm", c.arm());
  }

  /** Test results and medians in one line between the legend and the plot, where no curve can run. */
  private static void notes(Svg svg, List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      svg.text(LEFT, 70 + NOTE_LINE * i, lines.get(i), "fill", Palette.INK, "class", "plot-note");
    }
  }

  private void riskTable(Svg svg, List<Double> ticks, Scale x, double top) {
    svg.open("g", "class", "risk-table");
    svg.text(12, top, weighted ? "Number at risk (weighted)" : "Number at risk", "font-weight", "bold",
        "fill", Palette.INK, "class", "risk-title");
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      double ry = top + 24 + ROW * i;
      svg.text(LEFT - 30, ry, c.arm(), "text-anchor", "end", "font-weight", "bold", "fill", Palette.arm(i),
          "class", "risk-arm");
      double end = ticks.get(ticks.size() - 1);
      c.atRisk().forEach((t, shown) -> {
        if (t <= end + 1e-9) {
          svg.text(x.map(t), ry, shown, "text-anchor", "middle", "fill", Palette.INK, "class", "at-risk",
              "data-arm", c.arm(), "data-time", Format.tick(t));
        }
      });
    }
    svg.close("g");
  }
}
