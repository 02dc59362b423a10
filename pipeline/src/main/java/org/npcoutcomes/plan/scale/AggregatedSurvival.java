package org.npcoutcomes.plan.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.npcoutcomes.stats.ConfidenceType;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxZph;
import org.npcoutcomes.stats.KaplanMeier;
import org.npcoutcomes.stats.KaplanMeierCurve;
import org.npcoutcomes.stats.KaplanMeierTotals;
import org.npcoutcomes.stats.LogRank;
import org.npcoutcomes.stats.LogRankResult;
import org.npcoutcomes.stats.LogRankTotals;
import org.npcoutcomes.stats.ProfilePoint;
import org.npcoutcomes.stats.StratumTimeIndex;

/**
 * Kaplan–Meier, G-rho tests and Cox models of a population too large to gather on one machine, computed
 * from sufficient statistics summed where the rows are. The rows are cached once in a compact columnar
 * form; a first pass finds the distinct (stratum, time) pairs, and every later pass sums rows into
 * arrays over those pairs, so memory is O(distinct times x p^2) per partition whatever the row count.
 * Results are the in-memory estimators' own result objects, computed by the same arithmetic.
 * Close it to release the cache.
 */
public final class AggregatedSurvival implements AutoCloseable {
  private final JavaSparkContext spark;
  private final JavaRDD<SurvivalChunk> chunks;
  private final OrderedAggregation aggregation;
  private final SurvivalColumns columns;
  private final SurvivalProfile profile;
  private final StratumTimeIndex index;

  private AggregatedSurvival(JavaSparkContext spark, JavaRDD<SurvivalChunk> chunks, SurvivalColumns columns,
      AggregationSettings settings) throws Exception {
    this.spark = spark;
    this.chunks = chunks;
    this.columns = columns;
    this.aggregation = new OrderedAggregation(settings.mergeFanIn());
    this.profile = aggregation.aggregate(chunks, SurvivalProfile::new, SurvivalProfile::add, SurvivalProfile::merge);
    this.index = profile.index();
  }

  public static AggregatedSurvival cache(Dataset<Row> rows, SurvivalColumns columns) {
    return cache(rows, columns, AggregationSettings.defaults());
  }

  /** Caches the named columns of {@code rows} and runs the first pass over them. */
  public static AggregatedSurvival cache(Dataset<Row> rows, SurvivalColumns columns, AggregationSettings settings) {
    List<Column> selected = new ArrayList<>();
    selected.add(functions.col(columns.time()).cast("double"));
    selected.add(functions.col(columns.event()).cast("boolean"));
    if (columns.group() != null) {
      selected.add(functions.col(columns.group()).cast("int"));
    }
    if (columns.stratum() != null) {
      selected.add(functions.col(columns.stratum()).cast("int"));
    }
    if (columns.weight() != null) {
      selected.add(functions.col(columns.weight()).cast("double"));
    }
    if (columns.cluster() != null) {
      selected.add(functions.col(columns.cluster()).cast("long"));
    }
    if (columns.x() != null) {
      selected.add(functions.col(columns.x()).cast("array<double>"));
    }
    int chunkRows = settings.chunkRows();
    JavaRDD<SurvivalChunk> chunks = rows.select(selected.toArray(new Column[0])).javaRDD()
        .mapPartitions(it -> new SurvivalChunkBuilder(it, columns, chunkRows))
        .persist(StorageLevel.MEMORY_AND_DISK());
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    try {
      return new AggregatedSurvival(spark, chunks, columns, settings);
    } catch (Exception e) {
      chunks.unpersist(false);
      throw e instanceof RuntimeException r ? r : new IllegalStateException("profiling the rows failed", e);
    }
  }

  public long rows() {
    return profile.rows();
  }

  /** Rows of group code {@code group} (unweighted). */
  public long groupRows(int group) {
    return profile.groupRows(group);
  }

  /** Rows of group code {@code group} with an event (unweighted). */
  public long groupEvents(int group) {
    return profile.groupEvents(group);
  }

  /**
   * One curve per group code, as {@link KaplanMeier#fit} of that group's rows: with fractional weights in a
   * group, its curve has the infinitesimal-jackknife standard errors.
   */
  public SortedMap<Integer, KaplanMeierCurve> kaplanMeier(ConfidenceType confType, double confLevel,
      boolean weighted) {
    requireWeights(weighted);
    double[] times = index.distinctTimes();
    int first = profile.minGroup();
    int groups = rows() == 0 ? 0 : profile.maxGroup() - first + 1;
    KaplanMeierTotals[] totals = run("Kaplan-Meier totals", () -> aggregation.aggregate(chunks, () -> {
      KaplanMeierTotals[] zero = new KaplanMeierTotals[groups];
      for (int g = 0; g < groups; g++) {
        zero[g] = new KaplanMeierTotals(times);
      }
      return zero;
    }, (acc, chunk) -> {
      for (int i = 0; i < chunk.size; i++) {
        acc[chunk.group(i) - first].add(chunk.time[i], chunk.event[i], weighted ? chunk.weight(i) : 1.0);
      }
      return acc;
    }, (a, b) -> {
      for (int g = 0; g < groups; g++) {
        a[g].merge(b[g]);
      }
      return a;
    }));
    SortedMap<Integer, KaplanMeierCurve> curves = new TreeMap<>();
    for (int g = 0; g < groups; g++) {
      KaplanMeierCurve curve = KaplanMeier.fromTotals(totals[g], confType, confLevel);
      if (curve.time().length > 0) {
        curves.put(first + g, curve);
      }
    }
    return curves;
  }

  /** The G-rho test between the group codes 0..k-1 (unweighted, as survdiff), within strata if asked. */
  public LogRankResult logRank(double rho, boolean stratified) {
    if (columns.group() == null || profile.minGroup() < 0) {
      throw new IllegalArgumentException("the log-rank test needs a group column with codes 0..k-1");
    }
    requireStrata(stratified);
    StratumTimeIndex blocks = stratified ? index : index.unstratified();
    int groups = profile.maxGroup() + 1;
    LogRankTotals totals = run("log-rank totals", () -> aggregation.aggregate(chunks,
        () -> new LogRankTotals(blocks, groups), (acc, chunk) -> {
          for (int i = 0; i < chunk.size; i++) {
            acc.add(stratified ? chunk.stratum(i) : 0, chunk.time[i], chunk.group(i), chunk.event[i]);
          }
          return acc;
        }, LogRankTotals::merge));
    return LogRank.fromTotals(totals, rho);
  }

  /** The Cox model of {@code spec}, as {@link org.npcoutcomes.stats.CoxModel#fit} of the same rows. */
  public CoxFit cox(CoxSpec spec) {
    return run("Cox fit", () -> prepare(spec).fit());
  }

  /**
   * The profile log likelihood of coefficient {@code term} of a model fitted by {@link #cox} with the same spec,
   * at {@code betas}, as {@link org.npcoutcomes.stats.CoxModel#profile} of the same rows: one pass per
   * evaluation of the likelihood.
   */
  public List<ProfilePoint> coxProfile(CoxSpec spec, CoxFit fit, int term, double[] betas) {
    return run("likelihood profile", () -> prepare(spec).profile(fit, term, betas));
  }

  /**
   * R's {@code cox.zph(fit)} of a model fitted by {@link #cox} with the same spec: per term (its design
   * columns together) and GLOBAL, as {@link CoxZph#test} of the same rows.
   */
  public List<CoxZph.Result> coxZph(CoxSpec spec, CoxFit fit, List<String> termNames, List<int[]> termColumns) {
    KaplanMeierCurve allRows = KaplanMeier.fromTotals(unweightedTotals(), ConfidenceType.LOG, 0.95);
    return run("cox.zph", () -> prepare(spec).zph(fit, allRows, termNames, termColumns));
  }

  private AggregatedCox prepare(CoxSpec spec) throws Exception {
    if (columns.x() == null) {
      throw new IllegalArgumentException("a Cox model needs a design (x) column");
    }
    requireStrata(spec.stratified());
    requireWeights(spec.weighted());
    if (spec.clustered() && columns.cluster() == null) {
      throw new IllegalArgumentException("a clustered model needs a cluster column");
    }
    return new AggregatedCox(spark, chunks, index, profile.p(), spec, aggregation);
  }

  /** Kaplan–Meier totals of all rows, unweighted and whatever their group. */
  private KaplanMeierTotals unweightedTotals() {
    double[] times = index.distinctTimes();
    return run("Kaplan-Meier totals", () -> aggregation.aggregate(chunks, () -> new KaplanMeierTotals(times),
        (acc, chunk) -> {
          for (int i = 0; i < chunk.size; i++) {
            acc.add(chunk.time[i], chunk.event[i], 1.0);
          }
          return acc;
        }, KaplanMeierTotals::merge));
  }

  @Override
  public void close() {
    chunks.unpersist(false);
  }

  private void requireStrata(boolean stratified) {
    if (stratified && columns.stratum() == null) {
      throw new IllegalArgumentException("a stratified statistic needs a stratum column");
    }
  }

  private void requireWeights(boolean weighted) {
    if (weighted && columns.weight() == null) {
      throw new IllegalArgumentException("a weighted statistic needs a weight column");
    }
  }

  private interface Pass<T> {
    T run() throws Exception;
  }

  private static <T> T run(String what, Pass<T> pass) {
    try {
      return pass.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed", e);
    }
  }
}
