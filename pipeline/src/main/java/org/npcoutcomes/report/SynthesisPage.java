package org.npcoutcomes.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.npcoutcomes.config.SynthesisSettings;
import org.npcoutcomes.synthesis.EggerTest;
import org.npcoutcomes.synthesis.PooledEstimate;
import org.npcoutcomes.synthesis.ProfilePooling;
import org.npcoutcomes.synthesis.RandomInterceptLogistic;
import org.npcoutcomes.synthesize.Study;
import org.npcoutcomes.synthesize.Synthesis;

/**
 * The synthesis page, {@code report/synthesis.html}: the forest plot, the funnel plot (from 10 studies), the
 * pooled models, small-study effects and leave-one-out, with each figure beside it as SVG and PNG under
 * {@code report/figures/}.
 */
public final class SynthesisPage {
  public static final String PAGE = "synthesis.html";

  private SynthesisPage() {}

  public static void write(Synthesis synthesis, FileSystem fileSystem, Path folder) {
    FileSystem fs = fileSystem instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fileSystem;
    List<Figure> figures = figures(synthesis);
    try {
      fs.mkdirs(new Path(folder, "figures"));
      put(fs, new Path(folder, PAGE), html(synthesis, figures).getBytes(StandardCharsets.UTF_8));
      for (Figure f : figures) {
        String svg = f.document();
        put(fs, new Path(new Path(folder, "figures"), f.id() + ".svg"), svg.getBytes(StandardCharsets.UTF_8));
        put(fs, new Path(new Path(folder, "figures"), f.id() + ".png"),
            PngRenderer.png(svg, PngRenderer.width(f.markup())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the synthesis page to " + folder, e);
    }
  }

  static List<Figure> figures(Synthesis s) {
    List<Figure> out = new ArrayList<>();
    boolean hr = s.settings().measure() == SynthesisSettings.Measure.HR;
    DoubleUnaryOperator back = s.toEffect();
    double z = 1.959963984540054;
    double[] y = s.y();
    double[] v = s.v();
    List<MetaForestPlot.StudyRow> rows = new ArrayList<>();
    List<Study> studies = s.studies();
    for (int i = 0; i < studies.size(); i++) {
      double se = Math.sqrt(v[i]);
      Study st = studies.get(i);
      String detail = st.hasCounts() ? st.events() + "/" + st.total() : "";
      rows.add(new MetaForestPlot.StudyRow(st.label(), detail, back.applyAsDouble(y[i]),
          back.applyAsDouble(y[i] - z * se), back.applyAsDouble(y[i] + z * se), s.common().weights()[i],
          s.random().weights()[i]));
    }
    PooledEstimate c = s.common();
    PooledEstimate r = s.random();
    List<MetaForestPlot.Diamond> diamonds = new ArrayList<>();
    diamonds.add(new MetaForestPlot.Diamond("Common effect model", back.applyAsDouble(c.estimate()),
        back.applyAsDouble(c.lower()), back.applyAsDouble(c.upper()), null, null));
    boolean hasTau = r.method() != org.npcoutcomes.synthesis.TauEstimator.EE;
    diamonds.add(new MetaForestPlot.Diamond("Random effects model (" + r.method() + ", " + r.test().label() + ")",
        back.applyAsDouble(r.estimate()), back.applyAsDouble(r.lower()), back.applyAsDouble(r.upper()),
        hasTau ? back.applyAsDouble(r.predictionLower()) : null,
        hasTau ? back.applyAsDouble(r.predictionUpper()) : null));
    String het = String.format(Locale.ROOT, "Heterogeneity: I² = %s%%, τ² = %s, Q = %s (df = %d), %s",
        Format.percent(r.i2()), Format.number(r.tau2(), 4), Format.number(r.q(), 2), r.qDf(), Format.pEquals(r.qP()));
    String measure = hr ? "Hazard ratio (log scale)" : "Proportion";
    out.add(new MetaForestPlot("synthesis-forest", "Pooled " + (hr ? "hazard ratios" : "proportions"),
        measure, hr, hr ? 1.0 : null, rows, diamonds, het, hr ? "treatment vs control" : null).render(
        "Squares: each study's estimate, area proportional to its random-effects weight; lines: 95% CIs; diamonds:"
            + " pooled estimates with their CIs; dashed bar: the 95% prediction interval of a new study's effect."));
    if (studies.size() >= EggerTest.RECOMMENDED_MIN_STUDIES) {
      double[] se = new double[v.length];
      for (int i = 0; i < se.length; i++) {
        se[i] = Math.sqrt(v[i]);
      }
      out.add(FunnelPlot.render("synthesis-funnel", "Funnel plot", hr ? "Log hazard ratio" : s.scale() + " proportion",
          y, se, c.estimate(), "Each study's estimate against its standard error (inverted axis); dashed lines: the"
              + " common-effect estimate ± 1.96 SE."));
    }
    return out;
  }

  static String html(Synthesis s, List<Figure> figures) {
    Html h = new Html();
    boolean hr = s.settings().measure() == SynthesisSettings.Measure.HR;
    h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<title>npc-outcomes · evidence synthesis</title>\n<style>\n" + ReportPage.CSS + "</style>\n</head>\n"
            + "<body>\n<main>\n");
    h.tag("h1", null, "Evidence synthesis");
    h.tag("p", " class=\"sub\"", s.studies().size() + " studies, " + (hr ? "log hazard ratios" : "proportions ("
        + s.scale() + ")") + "; primary model: " + s.settings().primary().label() + " ("
        + (s.settings().primary() == SynthesisSettings.Primary.RANDOM ? s.random().method() + ", "
            + s.random().test().label() : "common effect") + ")."
        + " Both models are reported; none was chosen by a heterogeneity test.");
    for (Figure f : figures) {
      h.raw("<figure id=\"figure-" + f.id() + "\">\n" + f.markup() + "<figcaption>" + Html.esc(f.caption())
          + " Files: <a href=\"figures/" + f.id() + ".svg\">SVG</a> · <a href=\"figures/" + f.id()
          + ".png\">PNG</a>.</figcaption>\n</figure>\n");
    }
    if (figures.size() < 2) {
      h.tag("p", " class=\"note\"", "No funnel plot or Egger test: they need at least "
          + EggerTest.RECOMMENDED_MIN_STUDIES + " studies.");
    }
    DoubleUnaryOperator back = s.toEffect();
    h.tag("h2", null, "Pooled estimates");
    List<List<String>> rows = new ArrayList<>();
    rows.add(pooled("Common effect", s.common(), back, hr));
    rows.add(pooled("Random effects", s.random(), back, hr));
    RandomInterceptLogistic.Fit g = s.glmm();
    if (g != null) {
      rows.add(List.of("Random-intercept logistic (glmm)", interval(back, g.estimate(), g.lower(), g.upper(), hr),
          Format.NONE, Format.p(g.pValue()), Format.number(g.tau2(), 4), Format.percent(g.i2()), Format.NONE));
    }
    ProfilePooling.Result p = s.profile();
    if (p != null) {
      rows.add(List.of("Pooled profile likelihood (" + p.sites() + " sites)",
          interval(back, p.estimate(), p.lower(), p.upper(), hr), Format.NONE, Format.NONE, Format.NONE,
          Format.NONE, Format.NONE));
    }
    h.table("table-synthesis-pooled", List.of("Model", "Estimate (95% CI)", "Prediction interval", "p", "τ²",
        "I² (%)", "τ² 95% CI"), rows, "lrrrrrr");
    h.tag("p", " class=\"note\"", String.format(Locale.ROOT,
        "Q = %s on %d df (%s); I² from Q as RevMan reports it: %s%%; H² = %s.", Format.number(s.common().q(), 2),
        s.common().qDf(), Format.pEquals(s.common().qP()), Format.percent(s.random().i2FromQ()),
        Format.number(s.random().h2(), 2)));
    h.tag("h2", null, "Small-study effects");
    if (s.studies().size() >= EggerTest.RECOMMENDED_MIN_STUDIES) {
      EggerTest e = EggerTest.of(s.y(), s.v(), s.settings().confLevel());
      h.p(String.format(Locale.ROOT, "Egger's regression test: t = %s on %s df, %s; limit estimate %s.",
          Format.number(e.statistic(), 3), Format.number(e.df(), 0), Format.pEquals(e.pValue()),
          interval(back, e.limitEstimate(), e.limitLower(), e.limitUpper(), hr)));
    } else {
      h.p("Not assessed: " + s.studies().size() + " studies, fewer than " + EggerTest.RECOMMENDED_MIN_STUDIES + ".");
    }
    h.tag("p", " class=\"note\"", "Marts: synthesis_study, synthesis_pooled, synthesis_bias, synthesis_leave_one_out"
        + " (docs/marts.md).");
    h.raw("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static List<String> pooled(String label, PooledEstimate f, DoubleUnaryOperator back, boolean hr) {
    boolean tau = f.method() != org.npcoutcomes.synthesis.TauEstimator.EE;
    return List.of(label + " (" + f.method() + ", " + f.test().label() + ")",
        interval(back, f.estimate(), f.lower(), f.upper(), hr),
        tau ? Html.esc(range(back.applyAsDouble(f.predictionLower()), back.applyAsDouble(f.predictionUpper()), hr))
            : Format.NONE,
        Format.p(f.pValue()), tau ? Format.number(f.tau2(), 4) : Format.NONE, Format.percent(f.i2()),
        tau ? Html.esc(range(f.tau2Interval().tau2Lower(), f.tau2Interval().tau2Upper(), false)) : Format.NONE);
  }

  private static String interval(DoubleUnaryOperator back, double e, double l, double u, boolean hr) {
    double be = back.applyAsDouble(e);
    return Html.esc(hr ? Format.ratio(be, back.applyAsDouble(l), back.applyAsDouble(u))
        : Format.number(be, 3) + " (" + range(back.applyAsDouble(l), back.applyAsDouble(u), false) + ")");
  }

  private static String range(double l, double u, boolean hr) {
    int d = hr ? 2 : 3;
    return Format.number(l, d) + "–" + Format.number(u, d);
  }

  private static void put(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
  }
}
