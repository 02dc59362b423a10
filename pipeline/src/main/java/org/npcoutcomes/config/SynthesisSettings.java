package org.npcoutcomes.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.npcoutcomes.synthesis.IntervalTest;
import org.npcoutcomes.synthesis.ProportionTransform;
import org.npcoutcomes.synthesis.RandomInterceptLogistic;
import org.npcoutcomes.synthesis.TauEstimator;

/**
 * The {@code synthesis} block: what {@code --job synthesize} pools (published runs, a CSV of published
 * estimates), which estimate of each run, the measure and the models. Documented key by key in
 * reference.conf.
 */
public record SynthesisSettings(List<RunSource> runs, String studies, Measure measure, TauEstimator method,
    IntervalTest test, ProportionTransform transform, Primary primary, double confLevel, Selection select,
    boolean poolProfiles, int glmmPoints) {

  /** A published run folder (or URI) and the label its estimate gets. */
  public record RunSource(String label, String path) {}

  /** Which estimate of each run: outcome, populations (each one study), Cox model, or survival at a time. */
  public record Selection(String outcome, List<String> populations, String model, double time, String arm) {}

  public enum Measure {
    HR, PROPORTION;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The model named primary in the output (both are always published). */
  public enum Primary {
    RANDOM, COMMON;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public boolean hasSources() {
    return !runs.isEmpty() || !studies.isEmpty();
  }

  static SynthesisSettings read(SettingsReader r) {
    List<RunSource> runs = new ArrayList<>();
    for (SettingsReader run : r.objects("runs")) {
      run.allowOnly(List.of("label", "path"));
      runs.add(new RunSource(run.nonEmptyString("label"), run.nonEmptyString("path")));
    }
    Measure measure = r.choice("measure", v -> Measure.valueOf(v.trim().toUpperCase(Locale.ROOT)), "hr, proportion");
    TauEstimator method = r.choice("method", v -> require(TauEstimator.parse(v)), "REML, DL, PM, EE");
    IntervalTest test = r.choice("test", v -> require(IntervalTest.parse(v)), "z, knha, adhoc");
    ProportionTransform transform = r.choice("transform", v -> require(ProportionTransform.parse(v)),
        "logit, freeman-tukey, glmm");
    Primary primary = r.choice("primary", v -> Primary.valueOf(v.trim().toUpperCase(Locale.ROOT)), "random, common");
    double level = r.number("conf-level");
    if (!(level > 0 && level < 1)) {
      throw new InvalidConfigException(r.key("conf-level"), "must be between 0 and 1 (exclusive), was " + level);
    }
    SettingsReader s = r.child("select");
    List<String> populations = s.strings("populations");
    if (populations.isEmpty()) {
      throw new InvalidConfigException(s.key("populations"), "must name at least one population");
    }
    double time = s.number("time");
    if (!(time > 0)) {
      throw new InvalidConfigException(s.key("time"), "must be a positive time, was " + time);
    }
    Selection select = new Selection(s.nonEmptyString("outcome"), List.copyOf(populations),
        s.nonEmptyString("model"), time, s.string("arm"));
    if (measure == Measure.PROPORTION && !runs.isEmpty() && select.arm().isBlank()) {
      throw new InvalidConfigException(s.key("arm"),
          "must name the arm whose survival at select.time is pooled when measure is \"proportion\" and runs are given");
    }
    if (measure == Measure.PROPORTION && !runs.isEmpty() && transform != ProportionTransform.LOGIT) {
      throw new InvalidConfigException(r.key("transform"), "runs publish survival with a standard error, not"
          + " counts: pool them with transform \"logit\" (freeman-tukey and glmm need events and totals)");
    }
    int points = r.integer("glmm-points");
    if (points < 1 || points > 25) {
      throw new InvalidConfigException(r.key("glmm-points"), "must be between 1 and 25, was " + points);
    }
    return new SynthesisSettings(List.copyOf(runs), r.string("studies"), measure, method, test, transform, primary,
        level, select, r.raw().getBoolean("pool-profiles"), points);
  }

  /** Defaults for code that builds settings without a config (tests). */
  public static int defaultGlmmPoints() {
    return RandomInterceptLogistic.DEFAULT_POINTS;
  }

  private static <T> T require(T parsed) {
    if (parsed == null) {
      throw new IllegalArgumentException();
    }
    return parsed;
  }
}
