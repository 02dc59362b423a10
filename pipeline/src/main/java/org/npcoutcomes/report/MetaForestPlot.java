package org.npcoutcomes.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forest plot of a meta-analysis as journals print it: one row per study (label, estimate with its CI,
 * weights in the common and random models) with a square sized by its random-effects weight and its CI; the
 * common and random diamonds; the prediction interval under the random diamond; the heterogeneity line; the
 * null line; a log axis for ratios, a linear one for proportions.
 */
public final class MetaForestPlot {
  /** A study row (effect scale). */
  public record StudyRow(String label, String detail, double effect, double lower, double upper,
      double weightCommon, double weightRandom) {}

  /** A pooled diamond; prediction bounds are null when there are none. */
  public record Diamond(String label, double effect, double lower, double upper, Double predictionLower,
      Double predictionUpper) {}

  private static final double WIDTH = 1000;
  private static final double TOP = 72;
  private static final double ROW = 22;
  private static final double PLOT_LEFT = 330;
  private static final double PLOT_RIGHT = 650;
  private static final double TEXT_EST = 670;
  private static final double W_COMMON = 900;
  private static final double W_RANDOM = 985;

  private final String id;
  private final String title;
  private final String axisLabel;
  private final boolean logScale;
  private final Double nullValue;
  private final List<StudyRow> studies;
  private final List<Diamond> diamonds;
  private final String heterogeneity;
  private final String favours;

  public MetaForestPlot(String id, String title, String axisLabel, boolean logScale, Double nullValue,
      List<StudyRow> studies, List<Diamond> diamonds, String heterogeneity, String favours) {
    this.id = id;
    this.title = title;
    this.axisLabel = axisLabel;
    this.logScale = logScale;
    this.nullValue = nullValue;
    this.studies = studies;
    this.diamonds = diamonds;
    this.heterogeneity = heterogeneity;
    this.favours = favours;
  }

  public Figure render(String caption) {
    int lines = studies.size() + 1 + diamonds.size() + 1;
    double bottom = TOP + ROW * lines + 4;
    double height = bottom + (favours == null ? 52 : 70);
    Svg svg = new Svg(id, WIDTH, height, title);
    Scale x = scale();
    svg.text(12, 22, title, "font-size", "15", "font-weight", "bold", "fill", Palette.INK, "class", "plot-title");
    double hy = TOP - 12;
    svg.text(12, hy, "Study", "font-weight", "bold", "fill", Palette.INK);
    svg.text(TEXT_EST, hy, "Estimate (95% CI)", "font-weight", "bold", "fill", Palette.INK);
    svg.text(W_COMMON, hy, "Weight", "font-weight", "bold", "text-anchor", "end", "fill", Palette.INK);
    svg.text(W_COMMON, hy - 15, "common", "text-anchor", "end", "fill", Palette.MUTED, "font-size", "11");
    svg.text(W_RANDOM, hy, "Weight", "font-weight", "bold", "text-anchor", "end", "fill", Palette.INK);
    svg.text(W_RANDOM, hy - 15, "random", "text-anchor", "end", "fill", Palette.MUTED, "font-size", "11");
    svg.line(12, hy + 6, WIDTH - 12, hy + 6, "stroke", Palette.AXIS, "stroke-width", "1");
    if (nullValue != null) {
      svg.line(x.map(nullValue), TOP - 4, x.map(nullValue), bottom, "stroke", Palette.AXIS, "stroke-width", "1",
          "class", "null-line");
    }
    double maxWeight = studies.stream().mapToDouble(StudyRow::weightRandom).max().orElse(1);
    for (int i = 0; i < studies.size(); i++) {
      StudyRow s = studies.get(i);
      double cy = TOP + ROW * i + ROW / 2;
      double ty = cy + 4;
      svg.open("g", "class", "forest-study", "data-study", s.label());
      svg.text(12, ty, s.label(), "fill", Palette.INK, "class", "study-label");
      if (s.detail() != null && !s.detail().isEmpty()) {
        svg.text(200, ty, s.detail(), "fill", Palette.MUTED, "font-size", "11");
      }
      svg.text(TEXT_EST, ty, interval(s.effect(), s.lower(), s.upper()), "fill", Palette.INK, "class", "study-ci");
      svg.text(W_COMMON, ty, pct(s.weightCommon()), "text-anchor", "end", "fill", Palette.INK);
      svg.text(W_RANDOM, ty, pct(s.weightRandom()), "text-anchor", "end", "fill", Palette.INK);
      double x0 = x.clamped(s.lower());
      double x1 = x.clamped(s.upper());
      svg.line(x0, cy, x1, cy, "stroke", Palette.INK, "stroke-width", "1.2");
      if (x.map(s.lower()) < PLOT_LEFT) {
        svg.path(arrow(PLOT_LEFT, cy, -1), "fill", Palette.INK);
      }
      if (x.map(s.upper()) > PLOT_RIGHT) {
        svg.path(arrow(PLOT_RIGHT, cy, 1), "fill", Palette.INK);
      }
      // Area proportional to the weight, as metafor's forest() and RevMan draw it.
      double half = Math.max(2, 8 * Math.sqrt(s.weightRandom() / maxWeight));
      svg.rect(x.clamped(s.effect()) - half, cy - half, 2 * half, 2 * half, "fill", Palette.arm(1),
          "class", "study-square");
      svg.close("g");
    }
    double sep = TOP + ROW * studies.size() + ROW / 2;
    svg.line(12, sep, WIDTH - 12, sep, "stroke", Palette.GRID, "stroke-width", "1");
    for (int j = 0; j < diamonds.size(); j++) {
      Diamond d = diamonds.get(j);
      double cy = TOP + ROW * (studies.size() + 1 + j) + ROW / 2;
      svg.open("g", "class", "forest-diamond", "data-model", d.label());
      svg.text(12, cy + 4, d.label(), "font-weight", "bold", "fill", Palette.INK);
      svg.text(TEXT_EST, cy + 4, interval(d.effect(), d.lower(), d.upper()), "font-weight", "bold", "fill",
          Palette.INK);
      if (d.predictionLower() != null && d.predictionUpper() != null) {
        // the prediction interval: a bar through the diamond, as metafor's forest(addpred = TRUE)
        svg.line(x.clamped(d.predictionLower()), cy, x.clamped(d.predictionUpper()), cy, "stroke", Palette.MUTED,
            "stroke-width", "1.2", "stroke-dasharray", "3 2", "class", "prediction-interval");
        svg.line(x.clamped(d.predictionLower()), cy - 4, x.clamped(d.predictionLower()), cy + 4, "stroke",
            Palette.MUTED, "stroke-width", "1.2");
        svg.line(x.clamped(d.predictionUpper()), cy - 4, x.clamped(d.predictionUpper()), cy + 4, "stroke",
            Palette.MUTED, "stroke-width", "1.2");
      }
      double l = x.clamped(d.lower());
      double r = x.clamped(d.upper());
      double c = x.clamped(d.effect());
      svg.path(String.format(Locale.ROOT, "M%s %sL%s %sL%s %sL%s %sZ", Svg.n(l), Svg.n(cy), Svg.n(c), Svg.n(cy - 7),
          Svg.n(r), Svg.n(cy), Svg.n(c), Svg.n(cy + 7)), "fill", j == 0 ? Palette.arm(0) : Palette.arm(1),
          "stroke", Palette.INK, "stroke-width", "0.8", "class", "diamond");
      svg.close("g");
    }
    double hetY = TOP + ROW * (studies.size() + 1 + diamonds.size()) + ROW / 2 + 4;
    svg.text(12, hetY, heterogeneity, "fill", Palette.INK, "font-size", "12", "class", "heterogeneity");
    axis(svg, x, bottom);
    return Figure.of(svg, title, caption);
  }

  private Scale scale() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (StudyRow s : studies) {
      lo = Math.min(lo, s.effect());
      hi = Math.max(hi, s.effect());
      if (Double.isFinite(s.lower())) {
        lo = Math.min(lo, s.lower());
      }
      if (Double.isFinite(s.upper())) {
        hi = Math.max(hi, s.upper());
      }
    }
    for (Diamond d : diamonds) {
      lo = Math.min(lo, d.predictionLower() != null ? d.predictionLower() : d.lower());
      hi = Math.max(hi, d.predictionUpper() != null ? d.predictionUpper() : d.upper());
    }
    if (nullValue != null) {
      lo = Math.min(lo, nullValue);
      hi = Math.max(hi, nullValue);
    }
    if (logScale) {
      lo = Math.max(lo / 1.1, 1e-2);
      hi = Math.min(hi * 1.1, 1e2);
      List<Double> ticks = Scale.logTicks(lo, hi);
      if (ticks.size() >= 2) {
        lo = Math.min(lo, ticks.get(0));
        hi = Math.max(hi, ticks.get(ticks.size() - 1));
      }
      return Scale.log(lo, hi, PLOT_LEFT, PLOT_RIGHT);
    }
    return Scale.linear(Math.max(0, lo - 0.05), Math.min(1, hi + 0.05), PLOT_LEFT, PLOT_RIGHT);
  }

  private void axis(Svg svg, Scale x, double bottom) {
    List<Double> ticks = new ArrayList<>();
    double lo = PLOT_LEFT;
    double hi = PLOT_RIGHT;
    if (logScale) {
      for (double t : Scale.logTicks(1e-2, 1e2)) {
        double px = x.map(t);
        if (px >= lo - 0.5 && px <= hi + 0.5) {
          ticks.add(t);
        }
      }
    } else {
      for (double t : Scale.ticks(0, 1, 0.1)) {
        double px = x.map(t);
        if (px >= lo - 0.5 && px <= hi + 0.5) {
          ticks.add(t);
        }
      }
    }
    svg.open("g", "class", "x-axis");
    svg.line(PLOT_LEFT, bottom, PLOT_RIGHT, bottom, "stroke", Palette.AXIS, "stroke-width", "1");
    for (double t : ticks) {
      svg.line(x.map(t), bottom, x.map(t), bottom + 5, "stroke", Palette.AXIS, "stroke-width", "1");
      svg.text(x.map(t), bottom + 18, Format.tick(t), "text-anchor", "middle", "fill", Palette.INK, "class",
          "tick-label");
    }
    svg.text((PLOT_LEFT + PLOT_RIGHT) / 2, bottom + 36, axisLabel, "text-anchor", "middle", "font-size", "13",
        "fill", Palette.INK, "class", "axis-label");
    if (favours != null && nullValue != null && favours.contains(" vs ")) {
      String[] arms = favours.split(" vs ");
      svg.text(x.map(nullValue) - 6, bottom + 54, "← favours " + arms[0], "text-anchor", "end", "fill",
          Palette.MUTED, "font-size", "11");
      svg.text(x.map(nullValue) + 6, bottom + 54, "favours " + arms[1] + " →", "fill", Palette.MUTED,
          "font-size", "11");
    }
    svg.close("g");
  }

  private static String arrow(double x, double y, int direction) {
    return String.format(Locale.ROOT, "M%s %sL%s %sL%s %sZ", Svg.n(x + 6 * direction), Svg.n(y), Svg.n(x),
        Svg.n(y - 4), Svg.n(x), Svg.n(y + 4));
  }

  private String interval(double e, double l, double u) {
    return logScale ? Format.ratio(e, l, u)
        : Format.number(e, 3) + " (" + Format.number(l, 3) + "–" + Format.number(u, 3) + ")";
  }

  private static String pct(double w) {
    return Format.number(w, 1) + "%";
  }
}
