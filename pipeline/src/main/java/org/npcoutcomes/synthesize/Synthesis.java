package org.npcoutcomes.synthesize;

import static org.npcoutcomes.synthesize.SynthesisRows.orNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.npcoutcomes.config.PrivacySettings;
import org.npcoutcomes.config.SynthesisSettings;
import org.npcoutcomes.config.SynthesisSettings.Measure;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.synthesis.EggerTest;
import org.npcoutcomes.synthesis.IntervalTest;
import org.npcoutcomes.synthesis.LeaveOneOut;
import org.npcoutcomes.synthesis.LikelihoodProfile;
import org.npcoutcomes.synthesis.MetaAnalysis;
import org.npcoutcomes.synthesis.PooledEstimate;
import org.npcoutcomes.synthesis.ProfilePooling;
import org.npcoutcomes.synthesis.ProportionEffects;
import org.npcoutcomes.synthesis.ProportionTransform;
import org.npcoutcomes.synthesis.RandomInterceptLogistic;
import org.npcoutcomes.synthesis.TauEstimator;

/**
 * Pools the studies with the core methods and lays out the four synthesis marts. Pure: no Spark, so the job,
 * the report and the tests share it.
 */
public final class Synthesis {
  private final SynthesisSettings settings;
  private final List<Study> studies;
  private final double[] y;
  private final double[] v;
  private final boolean[] corrected;
  private final ProportionEffects proportions;
  private final PooledEstimate common;
  private final PooledEstimate random;
  private final RandomInterceptLogistic.Fit glmm;
  private final ProfilePooling.Result profile;
  private final String note;

  private Synthesis(SynthesisSettings settings, List<Study> studies, List<LikelihoodProfile> profiles) {
    this.settings = settings;
    this.studies = List.copyOf(studies);
    int k = studies.size();
    y = new double[k];
    v = new double[k];
    corrected = new boolean[k];
    ProportionEffects counted = null;
    List<String> notes = new ArrayList<>();
    if (settings.measure() == Measure.PROPORTION) {
      List<Integer> withCounts = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        if (studies.get(i).hasCounts()) {
          withCounts.add(i);
        }
      }
      long[] x = withCounts.stream().mapToLong(i -> studies.get(i).events()).toArray();
      long[] n = withCounts.stream().mapToLong(i -> studies.get(i).total()).toArray();
      ProportionTransform scaleOf = settings.transform() == ProportionTransform.FREEMAN_TUKEY
          ? ProportionTransform.FREEMAN_TUKEY : ProportionTransform.LOGIT;
      counted = withCounts.isEmpty() ? ProportionEffects.of(new long[0], new long[0], scaleOf)
          : ProportionEffects.of(x, n, scaleOf);
      for (int i = 0; i < k; i++) {
        y[i] = studies.get(i).y();
        v[i] = studies.get(i).v();
      }
      int c = 0;
      for (int j = 0; j < withCounts.size(); j++) {
        int i = withCounts.get(j);
        y[i] = counted.y()[j];
        v[i] = counted.v()[j];
        corrected[i] = counted.corrected()[j];
        c += corrected[i] ? 1 : 0;
      }
      if (scaleOf == ProportionTransform.LOGIT && c > 0) {
        notes.add(c + " " + (c == 1 ? "study" : "studies") + " with no events or only events: 1/2 added to both"
            + " cells (metafor escalc add = 1/2, to = \"only0\"; none dropped)");
      }
      if (scaleOf == ProportionTransform.FREEMAN_TUKEY) {
        notes.add("Freeman-Tukey: studies with no or only events need no correction; back-transformed with the"
            + " harmonic-mean n");
      }
    } else {
      for (int i = 0; i < k; i++) {
        y[i] = studies.get(i).y();
        v[i] = studies.get(i).v();
      }
    }
    proportions = counted;
    double level = settings.confLevel();
    common = MetaAnalysis.fit(y, v, TauEstimator.EE, IntervalTest.Z, level);
    random = MetaAnalysis.fit(y, v, settings.method(), settings.test(), level);
    if (settings.measure() == Measure.PROPORTION && settings.transform() == ProportionTransform.GLMM) {
      long[] x = studies.stream().mapToLong(Study::events).toArray();
      long[] n = studies.stream().mapToLong(Study::total).toArray();
      glmm = RandomInterceptLogistic.fit(x, n, settings.glmmPoints(), level);
      notes.add("glmm: exact binomial likelihood, studies with no or only events enter as they are");
    } else {
      glmm = null;
    }
    profile = profiles == null || profiles.isEmpty() ? null : ProfilePooling.pool(profiles, level);
    note = String.join("; ", notes);
  }

  public static Synthesis of(SynthesisSettings settings, List<Study> studies, List<LikelihoodProfile> profiles) {
    if (studies.isEmpty()) {
      throw new IllegalArgumentException("no studies to pool");
    }
    return new Synthesis(settings, studies, profiles);
  }

  public List<Study> studies() {
    return studies;
  }

  public PooledEstimate common() {
    return common;
  }

  public PooledEstimate random() {
    return random;
  }

  public double[] y() {
    return y.clone();
  }

  public double[] v() {
    return v.clone();
  }

  public SynthesisSettings settings() {
    return settings;
  }

  public ProfilePooling.Result profile() {
    return profile;
  }

  public RandomInterceptLogistic.Fit glmm() {
    return glmm;
  }

  /** The analysis scale's name: log (hazard ratios), logit or freeman-tukey. */
  public String scale() {
    if (settings.measure() == Measure.HR) {
      return "log";
    }
    return settings.transform() == ProportionTransform.FREEMAN_TUKEY ? "freeman-tukey" : "logit";
  }

  /** Pooled values back on the reported scale: exp for ratios, the inverse transform for proportions. */
  public DoubleUnaryOperator toEffect() {
    if (settings.measure() == Measure.HR) {
      return Math::exp;
    }
    ProportionEffects p = proportions;
    return p == null || settings.transform() != ProportionTransform.FREEMAN_TUKEY
        ? ProportionEffects::inverseLogit : p::toProportion;
  }

  /** A single study's value on the reported scale (its own n for Freeman–Tukey). */
  double studyEffect(int i, double value) {
    if (settings.measure() == Measure.PROPORTION && settings.transform() == ProportionTransform.FREEMAN_TUKEY) {
      int j = 0;
      for (int s = 0; s < i; s++) {
        j += studies.get(s).hasCounts() ? 1 : 0;
      }
      return proportions.toProportion(value, j);
    }
    return toEffect().applyAsDouble(value);
  }

  public Map<Mart, MartTable> marts(PrivacySettings privacy) {
    Map<Mart, MartTable> out = new EnumMap<>(Mart.class);
    out.put(Mart.SYNTHESIS_STUDY, MartTable.of(SynthesisRows.StudyRow.class, studyRows(privacy)));
    out.put(Mart.SYNTHESIS_POOLED, MartTable.of(SynthesisRows.PooledRow.class, pooledRows()));
    out.put(Mart.SYNTHESIS_BIAS, MartTable.of(SynthesisRows.BiasRow.class, List.of(biasRow())));
    out.put(Mart.SYNTHESIS_LEAVE_ONE_OUT, MartTable.of(SynthesisRows.LeaveOneOutRow.class, leaveOneOutRows()));
    return out;
  }

  List<SynthesisRows.StudyRow> studyRows(PrivacySettings privacy) {
    List<SynthesisRows.StudyRow> rows = new ArrayList<>();
    double z = criticalZ();
    for (int i = 0; i < studies.size(); i++) {
      Study s = studies.get(i);
      double se = Math.sqrt(v[i]);
      double lo = y[i] - z * se;
      double hi = y[i] + z * se;
      Long events = s.events();
      Long total = s.total();
      String suppressed = null;
      if (events != null && privacy.suppresses() && (small(events, privacy) || small(total - events, privacy))) {
        // counts from 1 to min-cell - 1 are withheld, and the total that would give them away (the non-events
        // are no column of their own: both published counts are then complementary)
        suppressed = small(events, privacy) ? "events:small,total:complementary"
            : "events:complementary,total:complementary";
        events = null;
        total = null;
      }
      rows.add(new SynthesisRows.StudyRow(i + 1, s.label(), s.source(), s.labels(), settings.measure().label(),
          scale(), y[i], se, lo, hi, studyEffect(i, y[i]), studyEffect(i, lo), studyEffect(i, hi), events, total,
          corrected[i], common.weights()[i], random.weights()[i], suppressed));
    }
    return rows;
  }

  private static boolean small(long count, PrivacySettings privacy) {
    return count > 0 && count < privacy.minCell();
  }

  private double criticalZ() {
    return new org.apache.commons.math3.distribution.NormalDistribution()
        .inverseCumulativeProbability(1 - (1 - settings.confLevel()) / 2);
  }

  List<SynthesisRows.PooledRow> pooledRows() {
    boolean randomPrimary = settings.primary() == SynthesisSettings.Primary.RANDOM;
    List<SynthesisRows.PooledRow> rows = new ArrayList<>();
    rows.add(pooledRow("common", common, !randomPrimary));
    rows.add(pooledRow("random", random, randomPrimary));
    DoubleUnaryOperator back = toEffect();
    if (glmm != null) {
      rows.add(new SynthesisRows.PooledRow("glmm", "ML", "z", false, settings.measure().label(), "logit",
          glmm.k(), glmm.estimate(), glmm.se(), glmm.lower(), glmm.upper(),
          ProportionEffects.inverseLogit(glmm.estimate()), ProportionEffects.inverseLogit(glmm.lower()),
          ProportionEffects.inverseLogit(glmm.upper()), null, null, glmm.statistic(), null, glmm.pValue(),
          glmm.tau2(), null, null, glmm.i2(), null, null, null, glmm.h2(), null, null, glmm.qLrt(), glmm.qDf(),
          glmm.qLrtP(), "random-intercept logistic model, " + settings.glmmPoints()
              + "-point adaptive Gauss-Hermite; Q is the likelihood-ratio test (metafor QE.LRT)"
              + (note.isEmpty() ? "" : "; " + note)));
    }
    if (profile != null) {
      String edge = profile.atGridEdge() ? "; the maximum is at the edge of the profiles' common grid" : "";
      rows.add(new SynthesisRows.PooledRow("profile", "profile-likelihood", "likelihood-ratio", false,
          settings.measure().label(), scale(), profile.sites(), profile.estimate(), null, orNull(profile.lower()),
          orNull(profile.upper()), back.applyAsDouble(profile.estimate()),
          orNull(back.applyAsDouble(profile.lower())), orNull(back.applyAsDouble(profile.upper())), null, null,
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          "common effect maximising the sum of the runs' likelihood_profile marts; CI where it falls by"
              + " qchisq(level, 1)/2" + edge));
    }
    return rows;
  }

  private SynthesisRows.PooledRow pooledRow(String model, PooledEstimate f, boolean primary) {
    DoubleUnaryOperator back = toEffect();
    boolean hasTau = f.method() != TauEstimator.EE;
    return new SynthesisRows.PooledRow(model, f.method().name(), f.test().label(), primary,
        settings.measure().label(), scale(), f.k(), f.estimate(), f.se(), orNull(f.lower()), orNull(f.upper()),
        back.applyAsDouble(f.estimate()), orNull(back.applyAsDouble(f.lower())),
        orNull(back.applyAsDouble(f.upper())), hasTau ? orNull(back.applyAsDouble(f.predictionLower())) : null,
        hasTau ? orNull(back.applyAsDouble(f.predictionUpper())) : null, orNull(f.statistic()), orNull(f.testDf()),
        orNull(f.pValue()), f.tau2(), orNull(f.tau2Interval().tau2Lower()), orNull(f.tau2Interval().tau2Upper()),
        orNull(f.i2()), orNull(f.tau2Interval().i2Lower()), orNull(f.tau2Interval().i2Upper()), orNull(f.i2FromQ()),
        orNull(f.h2()), orNull(f.tau2Interval().h2Lower()), orNull(f.tau2Interval().h2Upper()), f.q(), f.qDf(),
        orNull(f.qP()), note);
  }

  SynthesisRows.BiasRow biasRow() {
    int k = studies.size();
    if (k < EggerTest.RECOMMENDED_MIN_STUDIES) {
      return new SynthesisRows.BiasRow("egger", "lm", k, null, null, null, null, null, null, null, null,
          "not computed: " + k + " studies, fewer than " + EggerTest.RECOMMENDED_MIN_STUDIES);
    }
    EggerTest e = EggerTest.of(y, v, settings.confLevel());
    return new SynthesisRows.BiasRow("egger", "lm", k, e.slope(), e.statistic(), e.df(), e.pValue(),
        e.limitEstimate(), e.limitLower(), e.limitUpper(), toEffect().applyAsDouble(e.limitEstimate()),
        "weighted regression of the estimate on its standard error (metafor regtest, model = \"lm\")");
  }

  List<SynthesisRows.LeaveOneOutRow> leaveOneOutRows() {
    List<SynthesisRows.LeaveOneOutRow> rows = new ArrayList<>();
    if (studies.size() < 2) {
      return rows;
    }
    boolean randomPrimary = settings.primary() == SynthesisSettings.Primary.RANDOM;
    TauEstimator method = randomPrimary ? settings.method() : TauEstimator.EE;
    IntervalTest test = randomPrimary ? settings.test() : IntervalTest.Z;
    List<PooledEstimate> fits = LeaveOneOut.fits(y, v, method, test, settings.confLevel());
    DoubleUnaryOperator back = toEffect();
    for (int i = 0; i < fits.size(); i++) {
      PooledEstimate f = fits.get(i);
      rows.add(new SynthesisRows.LeaveOneOutRow(i + 1, studies.get(i).label(), randomPrimary ? "random" : "common",
          method.name(), f.test().label(), f.k(), f.estimate(), f.se(), orNull(f.lower()), orNull(f.upper()),
          back.applyAsDouble(f.estimate()), orNull(back.applyAsDouble(f.lower())),
          orNull(back.applyAsDouble(f.upper())), orNull(f.pValue()), f.q(), f.qP(), f.tau2(), f.i2(), f.h2()));
    }
    return rows;
  }
}
