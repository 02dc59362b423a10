package org.npcoutcomes.report;

import java.util.List;

/**
 * The cohort's flow (CONSORT style) from the attrition mart: one box per eligibility step with the records
 * remaining, an exclusion box beside each arrow with the records that step excluded, and the arms at the foot.
 */
public final class FlowDiagram {
  /** A step: its number, description, and counts (null = suppressed). */
  public record Step(int step, String rule, String description, Long remaining, Long excluded) {}

  private static final double WIDTH = 780;
  private static final double BOX_X = 24;
  private static final double BOX_W = 420;
  private static final double SIDE_X = 500;
  private static final double SIDE_W = 256;
  private static final double GAP = 40;
  private static final double LINE = 16;
  private static final int WRAP = 58;

  private final String id;
  private final String title;
  private final List<Step> steps;
  private final List<String> arms;
  private final List<Long> armSizes;
  private final int minCell;

  public FlowDiagram(String id, String title, List<Step> steps, List<String> arms, List<Long> armSizes, int minCell) {
    this.id = id;
    this.title = title;
    this.steps = steps;
    this.arms = arms;
    this.armSizes = armSizes;
    this.minCell = minCell;
  }

  public Figure render(String caption) {
    double height = 44;
    for (Step s : steps) {
      height += boxHeight(s) + GAP;
    }
    height += arms.isEmpty() ? 0 : 60;
    Svg svg = new Svg(id, WIDTH, height, title);
    svg.text(BOX_X, 22, title, "font-size", "15", "font-weight", "bold", "fill", Palette.INK, "class", "plot-title");
    double y = 40;
    double cx = BOX_X + BOX_W / 2;
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      double h = boxHeight(s);
      if (i > 0) {
        // arrow from the previous box, with the exclusion box at its middle
        double y0 = y - GAP;
        svg.line(cx, y0, cx, y - 6, "stroke", Palette.AXIS, "stroke-width", "1.3");
        arrowHead(svg, cx, y, true);
        double my = y0 + GAP / 2;
        svg.line(cx, my, SIDE_X - 6, my, "stroke", Palette.AXIS, "stroke-width", "1.3");
        arrowHeadRight(svg, SIDE_X, my);
        svg.open("g", "class", "flow-exclusion", "data-step", String.valueOf(s.step()));
        svg.rect(SIDE_X, my - 17, SIDE_W, 34, "fill", "#fbf3ee", "stroke", "#c9a38c", "rx", "3");
        svg.text(SIDE_X + 10, my - 2, "Excluded: n = " + Format.count(s.excluded(), minCell), "fill", Palette.INK,
            "class", "flow-excluded");
        svg.text(SIDE_X + 10, my + 12, "rule " + s.rule(), "fill", Palette.MUTED, "font-size", "11",
            "class", "flow-rule");
        svg.close("g");
      }
      boolean last = i == steps.size() - 1;
      svg.open("g", "class", "flow-step", "data-step", String.valueOf(s.step()), "data-rule", s.rule());
      svg.rect(BOX_X, y, BOX_W, h, "fill", last ? "#e8f1f8" : "#f7f7f7", "stroke", last ? Palette.arm(1) : "#999999",
          "stroke-width", last ? "1.6" : "1", "rx", "3");
      double ty = y + 18;
      for (String line : Axes.wrap(s.description() == null ? s.rule() : s.description(), WRAP)) {
        svg.text(BOX_X + 12, ty, line, "fill", Palette.INK, "class", "flow-description");
        ty += LINE;
      }
      svg.text(BOX_X + 12, ty + 2, "n = " + Format.count(s.remaining(), minCell), "font-weight", "bold",
          "fill", Palette.INK, "class", "flow-remaining");
      svg.close("g");
      y += h + GAP;
    }
    if (!arms.isEmpty()) {
      double y0 = y - GAP;
      double boxW = (BOX_W - 20 * (arms.size() - 1)) / arms.size();
      svg.line(cx, y0, cx, y0 + 14, "stroke", Palette.AXIS, "stroke-width", "1.3");
      double firstCx = BOX_X + boxW / 2;
      double lastCx = BOX_X + BOX_W - boxW / 2;
      svg.line(firstCx, y0 + 14, lastCx, y0 + 14, "stroke", Palette.AXIS, "stroke-width", "1.3");
      for (int a = 0; a < arms.size(); a++) {
        double bx = BOX_X + a * (boxW + 20);
        svg.line(bx + boxW / 2, y0 + 14, bx + boxW / 2, y0 + 26, "stroke", Palette.AXIS, "stroke-width", "1.3");
        arrowHead(svg, bx + boxW / 2, y0 + 32, true);
        svg.open("g", "class", "flow-arm", "data-arm", arms.get(a));
        svg.rect(bx, y0 + 32, boxW, 40, "fill", "#ffffff", "stroke", Palette.arm(a), "stroke-width", "1.6", "rx", "3");
        svg.text(bx + boxW / 2, y0 + 57, arms.get(a) + ": n = " + Format.count(armSizes.get(a), minCell),
            "text-anchor", "middle", "font-weight", "bold", "fill", Palette.arm(a), "class", "flow-arm-count");
        svg.close("g");
      }
    }
    return Figure.of(svg, title, caption);
  }

  private static double boxHeight(Step s) {
    int lines = Axes.wrap(s.description() == null ? s.rule() : s.description(), WRAP).size();
    return 14 + LINE * lines + 16;
  }

  private static void arrowHead(Svg svg, double x, double y, boolean down) {
    svg.path("M" + Svg.n(x - 4.5) + " " + Svg.n(y - 7) + "L" + Svg.n(x + 4.5) + " " + Svg.n(y - 7) + "L" + Svg.n(x)
        + " " + Svg.n(y) + "Z", "fill", Palette.AXIS);
  }

  private static void arrowHeadRight(Svg svg, double x, double y) {
    svg.path("M" + Svg.n(x - 7) + " " + Svg.n(y - 4.5) + "L" + Svg.n(x - 7) + " " + Svg.n(y + 4.5) + "L" + Svg.n(x)
        + " " + Svg.n(y) + "Z", "fill", Palette.AXIS);
  }
}
