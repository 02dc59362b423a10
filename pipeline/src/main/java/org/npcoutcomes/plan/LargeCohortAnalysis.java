package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.plan.AnalysisTask.Family;
import org.npcoutcomes.plan.scale.AggregatedSurvival;
import org.npcoutcomes.plan.scale.CoxSpec;
import org.npcoutcomes.plan.scale.SurvivalColumns;
import org.npcoutcomes.propensity.Balance;
import org.npcoutcomes.propensity.BalanceTotals;
import org.npcoutcomes.propensity.LogisticFit;
import org.npcoutcomes.propensity.LogisticRegression;
import org.npcoutcomes.propensity.LogisticTotals;
import org.npcoutcomes.propensity.PropensityWeights;
import org.npcoutcomes.stats.ChiSquare;
import org.npcoutcomes.stats.ConcordanceIndex;
import org.npcoutcomes.stats.ConfidenceType;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.CoxZph;
import org.npcoutcomes.stats.KaplanMeierCurve;
import org.npcoutcomes.stats.LogRankResult;
import org.npcoutcomes.stats.RestrictedMean;
import org.npcoutcomes.stats.Ties;

/**
 * The plan of a cohort larger than {@code analyze.scale.max-in-memory-rows}. Populations within the bound
 * (most subgroup levels of a big registry) are gathered and run as in-memory tasks on the executors; larger
 * ones are analysed from sufficient statistics aggregated by Spark ({@link AggregatedSurvival}): Kaplan–Meier,
 * log-rank, Cox models with their concordance and proportional-hazards tests, the treatment x subgroup test,
 * and a propensity model fitted by distributed IRLS with its balance and weighted populations. Cumulative
 * incidence, Gray's test and Fine–Gray read the population's patient counts per distinct (time, status, arm).
 * Matching, which has no aggregated form, is reported as skipped with the reason.
 */
final class LargeCohortAnalysis {
  /** A row's stratum, time, event, linear predictor and weight, summed into concordance cells. */
  private static final StructType RISK_CELL = DataTypes.createStructType(List.of(
      DataTypes.createStructField("stratum", DataTypes.IntegerType, false),
      DataTypes.createStructField("time", DataTypes.DoubleType, false),
      DataTypes.createStructField("event", DataTypes.BooleanType, false),
      DataTypes.createStructField("risk", DataTypes.DoubleType, false),
      DataTypes.createStructField("w", DataTypes.DoubleType, false)));
  private static final SurvivalColumns COLUMNS = new SurvivalColumns("time", "event", "arm", "stratum", "weight",
      null, "x");

  private final AnalysisSpec spec;
  private final Progress progress;
  private final CohortColumns columns;
  private final RecordCoder coder;
  private final Ties ties;
  /** Cached rows of the designs of the population being analysed; tasks sharing a design share its cache. */
  private final Map<ScaleDesign, AggregatedSurvival> caches = new java.util.HashMap<>();
  /** Rows and events per arm of each (outcome, population). */
  private final Map<List<Object>, long[][]> populationCounts = new java.util.HashMap<>();
  /** Categorical levels observed among the rows of each distinct analysis (outcome, population, columns). */
  private final Map<List<Object>, Map<String, List<String>>> observedLevels = new java.util.HashMap<>();

  LargeCohortAnalysis(AnalysisSpec spec, Progress progress, CohortColumns columns) {
    this.spec = spec;
    this.progress = progress;
    this.columns = columns;
    this.coder = new RecordCoder(spec);
    this.ties = Ties.parse(spec.ties());
  }

  /** Runs the plan; {@code inMemory} runs tasks of a gathered population on the executors. */
  List<AnalysisResult> run(Dataset<Row> selected, InMemoryRunner inMemory) {
    selected.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      JavaRDD<CohortRecord> records = records(selected);
      List<Double> landmarks = spec.landmarks();
      CohortProfile profile = records.treeAggregate(new CohortProfile(spec), (p, r) -> p.add(r, landmarks),
          CohortProfile::merge);
      profile.requireCategories();
      progress.line("analyze: %,d cohort rows; analysed from aggregated statistics above %,d rows per population",
          profile.rows, spec.maxInMemoryRows());
      AnalysisPlanner planner = new AnalysisPlanner(spec);
      Map<String, List<String>> subgroupLevels = new java.util.LinkedHashMap<>();
      for (int v = 0; v < spec.groupings().size(); v++) {
        subgroupLevels.put(spec.groupings().get(v), profile.subgroupLevels(spec, v));
      }
      List<AnalysisResult> results = new ArrayList<>();
      Adjustments none = null;
      LargePropensity propensity = null;
      if (planner.hasPropensity()) {
        propensity = new LargePropensity(records, profile);
        results.add(propensity.result);
      }
      List<Population> populations = new ArrayList<>(planner.basePopulations(subgroupLevels));
      populations.addAll(planner.adjustedPopulations());
      for (Population p : populations) {
        List<AnalysisTask> tasks = planner.tasks(List.of(p));
        long size = profile.size(p);
        if (!p.adjusted() && size <= spec.maxInMemoryRows()) {
          results.addAll(inMemory.run(gather(selected, p), tasks, none, p.name()));
          continue;
        }
        long started = System.nanoTime();
        try {
          for (AnalysisTask task : tasks) {
            results.add(aggregated(task, records, profile, propensity));
          }
        } finally {
          caches.values().forEach(AggregatedSurvival::close);
          caches.clear();
        }
        progress.line("analyze: %s: %d tasks from aggregated statistics in %.1f s", p.name(), tasks.size(),
            (System.nanoTime() - started) / 1e9);
      }
      return results;
    } finally {
      selected.unpersist(false);
    }
  }

  /** Runs in-memory tasks on a gathered cohort table. */
  interface InMemoryRunner {
    List<AnalysisResult> run(CohortTable table, List<AnalysisTask> tasks, Adjustments adjustments, String batch);
  }

  private JavaRDD<CohortRecord> records(Dataset<Row> selected) {
    CohortColumns reader = columns;
    return selected.javaRDD().map(reader::read);
  }

  /** The rows of a population within the in-memory bound, gathered into a cohort table. */
  private CohortTable gather(Dataset<Row> selected, Population p) {
    CohortColumns reader = columns;
    int v = spec.groupings().indexOf(p.variable());
    List<Double> landmarks = List.of(p.landmark() == null ? 0.0 : p.landmark());
    Population population = p;
    List<Row> rows = selected.javaRDD().filter(row -> {
      CohortRecord r = reader.read(row);
      return switch (population.kind()) {
        case SUBGROUP, SITE -> population.level().equals(r.subgroups()[v]);
        case LANDMARK -> java.util.Arrays.stream(r.times()).anyMatch(t -> t != null && t >= landmarks.get(0));
        default -> true;
      };
    }).collect();
    List<Row> ordered = new ArrayList<>(rows);
    ordered.sort(CohortColumns.rowOrder());
    CohortTable.Builder builder = CohortTable.builder(spec);
    ordered.forEach(r -> builder.add(columns.read(r)));
    return builder.build();
  }

  private AnalysisResult aggregated(AnalysisTask task, JavaRDD<CohortRecord> records, CohortProfile profile,
      LargePropensity propensity) {
    long started = System.nanoTime();
    AnalysisResult out = new AnalysisResult();
    List<String> messages = new ArrayList<>();
    RowKey key = RowKey.of(task);
    long[] used = {0, 0};
    String status = TaskStatus.of(messages, () -> {
      if (task.population().kind() == Population.Kind.MATCHED) {
        throw new SurvivalAnalysis.SkippedException("matching is done for cohorts up to "
            + "analyze.scale.max-in-memory-rows rows");
      }
      if (task.population().adjusted() && propensity != null && propensity.unusable != null) {
        throw new IllegalStateException(propensity.unusable + ": no estimate in the populations it adjusts");
      }
      if (task.population().adjusted() && (propensity == null || propensity.coef == null)) {
        throw new SurvivalAnalysis.SkippedException("no propensity model to weight this population");
      }
      int outcome = spec.outcomeIndex(task.outcome());
      long[][] counts = populationCounts(records, outcome, task.population(), profile, propensity);
      FamilyGuards.check(task.family(), new long[] {counts[0][0], counts[1][0]},
          new long[] {counts[0][1], counts[1][1]}, spec, messages);
      switch (task.family()) {
        case KAPLAN_MEIER -> kaplanMeier(key, outcome, task.population(), records, profile, propensity, out, used);
        case LOG_RANK -> logRank(key, outcome, task.population(), records, profile, out, used);
        case COX -> cox(key, outcome, task.population(), records, profile, propensity, messages, out, used);
        case CUMULATIVE_INCIDENCE, FINE_GRAY -> competing(task, key, outcome, records, profile, out, used);
        case INTERACTION -> interaction(key, outcome, task.population(), records, profile, out, used);
        default -> throw new IllegalStateException("no aggregated form of " + task.family());
      }
    });
    out.plan = new AnalysisResult.PlanRow(task.analysisId(), task.outcome(), task.population().name(),
        task.family().label, task.model(), "aggregated", profile.size(task.population()), 0, used[0], used[1],
        status, String.join("; ", messages), (System.nanoTime() - started) / 1e9);
    return out;
  }

  /** The design of an analysis, its categorical levels those observed among its own rows (as R takes them). */
  private ScaleDesign design(JavaRDD<CohortRecord> records, int outcome, Population p, boolean treatment,
      List<String> covariates, CohortProfile profile, boolean stratified, LargePropensity propensity) {
    boolean weighted = p.kind() == Population.Kind.WEIGHTED;
    String estimand = weighted ? estimandOf(p.name()) : null;
    ScaleDesign provisional = new ScaleDesign(outcome, p, treatment, covariates, spec.categorical(),
        spec.continuous(), profile.levels(spec), strataColumn(stratified, profile) ? profile.stratumCodes() : null,
        spec.groupings().indexOf(p.variable()), weighted ? propensity.score() : null, estimand,
        spec.propensity().stabilize(), weighted ? propensity.treatedShare : 0, coder, null);
    return provisional.withLevels(observedLevels(records, provisional));
  }

  /**
   * The levels of the design's categorical covariates among the rows it uses, in the spec's order: a subgroup
   * or landmark population without some level of a covariate gets no column for it, and its reference is
   * its own first level, as the in-memory path and R's model.matrix on those rows. One small aggregation per
   * distinct set of rows, remembered.
   */
  private Map<String, List<String>> observedLevels(JavaRDD<CohortRecord> records, ScaleDesign design) {
    List<String> used = design.covariates().stream().filter(spec.categorical()::contains).toList();
    if (used.isEmpty()) {
      return design.levels();
    }
    List<Object> key = List.of(design.outcome(), design.population(), used, design.stratumCodes() != null,
        design.score() != null);
    return observedLevels.computeIfAbsent(key, k -> {
      int[] columns = used.stream().mapToInt(spec.categorical()::indexOf).toArray();
      List<java.util.TreeSet<String>> seen = records.filter(design::belongs).treeAggregate(emptySets(columns.length),
          (sets, r) -> {
            for (int c = 0; c < columns.length; c++) {
              sets.get(c).add(r.categorical()[columns[c]]);
            }
            return sets;
          }, (a, b) -> {
            for (int c = 0; c < a.size(); c++) {
              a.get(c).addAll(b.get(c));
            }
            return a;
          });
      Map<String, List<String>> out = new java.util.TreeMap<>(design.levels());
      for (int c = 0; c < columns.length; c++) {
        out.put(used.get(c), spec.levels().arrange(used.get(c), seen.get(c)));
      }
      return out;
    });
  }

  private static List<java.util.TreeSet<String>> emptySets(int n) {
    List<java.util.TreeSet<String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new java.util.TreeSet<>());
    }
    return out;
  }

  /**
   * Whether a design carries stratum codes: when stratified, and also unstratified when no stratum is
   * missing (the rows are the same then, so one cache serves both).
   */
  private boolean strataColumn(boolean stratified, CohortProfile profile) {
    return stratified || (spec.stratified() && !profile.missingStratum);
  }

  private AggregatedSurvival cached(JavaRDD<CohortRecord> records, ScaleDesign design) {
    return caches.computeIfAbsent(design, d -> AggregatedSurvival.cache(rows(records, d), COLUMNS));
  }

  private String estimandOf(String population) {
    for (String e : spec.propensity().estimands()) {
      if (PropensityAnalysis.weightedPopulation(e).equals(population)) {
        return e;
      }
    }
    throw new IllegalArgumentException("no estimand for " + population);
  }

  private Dataset<Row> rows(JavaRDD<CohortRecord> records, ScaleDesign design) {
    SparkSession spark = SparkSession.active();
    JavaRDD<Row> rows = records.map(design::row).filter(java.util.Objects::nonNull);
    return spark.createDataFrame(rows, ScaleDesign.SCHEMA);
  }

  private void kaplanMeier(RowKey key, int outcome, Population p, JavaRDD<CohortRecord> records,
      CohortProfile profile, LargePropensity propensity, AnalysisResult out, long[] used) {
    boolean weighted = p.kind() == Population.Kind.WEIGHTED;
    ScaleDesign design = design(records, outcome, p, true, List.of(), profile, false, propensity);
    AggregatedSurvival data = cached(records, design);
    SortedMap<Integer, KaplanMeierCurve> curves = data.kaplanMeier(ConfidenceType.parse(spec.confType()),
        spec.confLevel(), weighted);
    LogRankResult lr = !weighted && curves.size() == 2 ? data.logRank(0, false) : null;
    long[][] counts = armCounts(rows(records, design));
    RestrictedMean[] rmst = new RestrictedMean[2];
    CurveRows rowsOut = new CurveRows(out.km, out.summary, out.atTime);
    for (Map.Entry<Integer, KaplanMeierCurve> c : curves.entrySet()) {
      int arm = c.getKey();
      rmst[arm] = rowsOut.add(spec, key, arm == 1 ? spec.treatedArm() : spec.referenceArm(), c.getValue(),
          counts[arm][0], counts[arm][1], weighted, lr == null ? Double.NaN : lr.observed()[arm],
          lr == null ? Double.NaN : lr.expected()[arm]);
    }
    if (rmst[0] != null && rmst[1] != null) {
      out.rmstDifference.add(SurvivalAnalysis.rmstDifference(spec, key, rmst[1], rmst[0]));
    }
    used[0] = counts[0][0] + counts[1][0];
    used[1] = counts[0][1] + counts[1][1];
  }

  /** Rows and events per arm of one outcome in one population, counted once for all its tasks. */
  private long[][] populationCounts(JavaRDD<CohortRecord> records, int outcome, Population p, CohortProfile profile,
      LargePropensity propensity) {
    return populationCounts.computeIfAbsent(List.of(outcome, p), k -> armCounts(rows(records,
        design(records, outcome, p, true, List.of(), profile, false, propensity))));
  }

  /** Unweighted rows and events per arm. */
  private static long[][] armCounts(Dataset<Row> rows) {
    long[][] out = new long[2][2];
    for (Row r : rows.groupBy("arm").agg(functions.count(functions.lit(1)),
        functions.sum(functions.col("event").cast("long"))).collectAsList()) {
      out[r.getInt(0)][0] = r.getLong(1);
      out[r.getInt(0)][1] = r.isNullAt(2) ? 0 : r.getLong(2);
    }
    return out;
  }

  private void logRank(RowKey key, int outcome, Population p, JavaRDD<CohortRecord> records, CohortProfile profile,
      AnalysisResult out, long[] used) {
    for (boolean stratified : spec.stratified() ? new boolean[] {false, true} : new boolean[] {false}) {
      AggregatedSurvival data = cached(records, design(records, outcome, p, true, List.of(), profile, stratified, null));
      RowKey k = key.withModel(stratified ? "stratified" : "unstratified");
      for (double rho : new double[] {0, 1}) {
        LogRankResult r = data.logRank(rho, stratified);
        if (r.df() == 0 && !stratified) {
          throw new SurvivalAnalysis.SkippedException(FamilyGuards.ONE_ARM);
        }
        out.logRank.add(new AnalysisResult.LogRankRow(k.analysisId(), k.outcome(), k.population(), k.model(),
            rho == 0 ? "log-rank" : "peto-peto", stratified ? String.join(",", spec.strata()) : "", r.chisq(),
            r.df(), r.pValue()));
        if (!stratified) {
          used[0] = (long) java.util.Arrays.stream(r.n()).sum();
          used[1] = Math.round(java.util.Arrays.stream(r.observed()).sum());
        }
      }
    }
  }

  private void cox(RowKey key, int outcome, Population p, JavaRDD<CohortRecord> records, CohortProfile profile,
      LargePropensity propensity, List<String> messages, AnalysisResult out, long[] used) {
    String model = key.model();
    boolean stratified = model.endsWith(SurvivalAnalysis.STRATIFIED);
    String base = stratified ? model.substring(0, model.length() - SurvivalAnalysis.STRATIFIED.length()) : model;
    boolean weighted = p.kind() == Population.Kind.WEIGHTED;
    List<String> covariates = switch (base) {
      case "crude" -> List.of();
      case "multivariable" -> spec.covariateColumns();
      case "screened" -> screen(outcome, p, records, profile, stratified, propensity, messages);
      default -> throw new IllegalArgumentException("unknown model " + model);
    };
    ScaleDesign design = design(records, outcome, p, true, covariates, profile, stratified, propensity);
    String[] terms = design.terms(spec.treatmentColumn() + "=" + spec.treatedArm());
    Dataset<Row> rows = rows(records, design);
    CoxOptions options = CoxOptions.defaults(ties).withRobust(weighted);
    CoxSpec coxSpec = new CoxSpec(terms, options, stratified, weighted, false);
    AggregatedSurvival data = cached(records, design);
    CoxFit fit = data.cox(coxSpec);
    TaskStatus.flag(messages, fit.warnings());
    out.hazard.addAll(HazardRows.hazard(key, fit, spec));
    out.modelFit.add(HazardRows.modelFit(key, fit, concordance(rows, fit, stratified, weighted),
        design.references()));
    ProfileRows.add(key, fit, grid -> data.coxProfile(coxSpec, fit, 0, grid), messages, out);
    List<CoxZph.Result> zph = SurvivalAnalysis.attempt(messages, "proportional-hazards test",
        () -> data.coxZph(coxSpec, fit, design.variables(spec.treatmentColumn()), design.variableColumns()));
    if (zph != null) {
      zph.forEach(z -> out.phTest.add(new AnalysisResult.PhTestRow(key.analysisId(), key.outcome(),
          key.population(), key.model(), z.term(), z.chisq(), z.df(), z.pValue())));
    }
    used[0] = fit.n();
    used[1] = Math.round(fit.events());
  }

  /**
   * Likelihood-ratio test of treatment x subgroup, as the in-memory one: Cox treat * sg against treat + sg
   * on the rows with the subgroup known (stratified when strata are given).
   */
  private void interaction(RowKey key, int outcome, Population p, JavaRDD<CohortRecord> records,
      CohortProfile profile, AnalysisResult out, long[] used) {
    String variableName = key.model();
    int v = spec.subgroups().indexOf(variableName);
    List<String> levels = profile.subgroupLevels(spec, v);
    CoxFit[] fits = new CoxFit[2];
    for (int k = 0; k < 2; k++) {
      ScaleDesign base = design(records, outcome, p, true, List.of(), profile, spec.stratified(), null);
      ScaleDesign design = new ScaleDesign(base.outcome(), base.population(), true, List.of(), base.categorical(),
          base.continuous(), base.levels(), base.stratumCodes(), base.subgroupIndex(), null, null, false, 0, coder,
          new ScaleDesign.SubgroupTerms(v, levels, k == 1));
      String[] terms = design.terms("treat");
      fits[k] = cached(records, design).cox(new CoxSpec(terms, CoxOptions.defaults(ties), spec.stratified(), false,
          false));
    }
    int d = levels.size() - 1;
    int df = 0;
    for (int l = 1; l <= d; l++) {
      df += Double.isNaN(fits[1].coef()[d + l]) ? 0 : 1;
    }
    double chisq = 2 * (fits[1].logLik() - fits[0].logLik());
    out.interaction.add(new AnalysisResult.InteractionRow(key.analysisId(), key.outcome(), key.population(),
        key.model(), variableName, fits[1].n(), chisq, df, df == 0 ? Double.NaN : ChiSquare.upperTail(chisq, df)));
    used[0] = fits[1].n();
    used[1] = Math.round(fits[1].events());
  }

  /** Concordance of the linear predictor from (stratum, time, event, risk) cells summed by Spark. */
  private static ConcordanceIndex.Result concordance(Dataset<Row> rows, CoxFit fit, boolean stratified,
      boolean weighted) {
    double[] coef = fit.coef().clone();
    for (int j = 0; j < coef.length; j++) {
      coef[j] = Double.isNaN(coef[j]) ? 0 : coef[j];
    }
    Dataset<Row> risk = rows.map((MapFunction<Row, Row>) r -> {
      List<Double> x = r.getList(r.fieldIndex("x"));
      double eta = 0;
      for (int j = 0; j < coef.length; j++) {
        eta += coef[j] * x.get(j);
      }
      return RowFactory.create(r.<Integer>getAs("stratum"), r.<Double>getAs("time"), r.<Boolean>getAs("event"), eta,
          r.<Double>getAs("weight"));
    }, Encoders.row(RISK_CELL));
    List<ConcordanceCells> parts = risk.groupBy("stratum", "time", "event", "risk")
        .agg(functions.sum("w"), functions.sum(functions.col("w").multiply(functions.col("w"))))
        .javaRDD().mapPartitions(it -> List.of(ConcordanceCells.of(it)).iterator()).collect();
    return ConcordanceCells.concordance(parts, stratified);
  }

  /** The univariable screen, each covariate alone on the rows where it is known. */
  private List<String> screen(int outcome, Population p, JavaRDD<CohortRecord> records, CohortProfile profile,
      boolean stratified, LargePropensity propensity, List<String> messages) {
    boolean weighted = p.kind() == Population.Kind.WEIGHTED;
    List<String> kept = new ArrayList<>();
    for (String name : spec.covariateColumns()) {
      ScaleDesign design = design(records, outcome, p, false, List.of(name), profile, stratified, propensity);
      String[] terms = design.terms("");
      if (terms.length == 0) {
        continue;
      }
      AggregatedSurvival data = cached(records, design);
      CoxFit fit = SurvivalAnalysis.attempt(messages, "univariable Cox of " + name,
          () -> data.cox(new CoxSpec(terms, CoxOptions.defaults(ties).withRobust(weighted), stratified, weighted,
              false)));
      if (fit != null && fit.likelihoodRatio().pValue() < spec.screeningP()) {
        kept.add(name);
      }
    }
    return kept;
  }

  /**
   * Cumulative incidence and Fine–Gray from the population's patient counts per distinct (time, status, arm),
   * summed by Spark: every competing-risks estimate depends on the patients through these alone.
   */
  private void competing(AnalysisTask task, RowKey key, int outcome, JavaRDD<CohortRecord> records,
      CohortProfile profile, AnalysisResult out, long[] used) {
    Dataset<Row> rows = rows(records, design(records, outcome, task.population(), true, List.of(), profile, false, null));
    List<Row> cells = new ArrayList<>(rows.groupBy("time", "status", "arm").count().collectAsList());
    // in a fixed order, so that sums over tied rows are added alike on every run
    cells.sort(java.util.Comparator.<Row>comparingDouble(c -> c.getDouble(0)).thenComparingInt(c -> c.getInt(1))
        .thenComparingInt(c -> c.getInt(2)));
    int n = cells.size();
    double[] time = new double[n];
    int[] status = new int[n];
    int[] arm = new int[n];
    double[] patients = new double[n];
    for (int i = 0; i < n; i++) {
      Row c = cells.get(i);
      time[i] = c.getDouble(0);
      status[i] = c.getInt(1);
      arm[i] = c.getInt(2);
      patients[i] = c.getLong(3);
    }
    CompetingRows data = new CompetingRows(time, status, arm, patients);
    SurvivalAnalysis survival = new SurvivalAnalysis(spec);
    if (task.family() == Family.CUMULATIVE_INCIDENCE) {
      survival.cumulativeIncidence(key, data, out);
    } else {
      survival.fineGray(key, data, out);
    }
    used[0] = data.patientCount();
    used[1] = data.events();
  }

  /** The propensity model of a large cohort, fitted by IRLS passes aggregated by Spark. */
  private final class LargePropensity {
    final AnalysisResult result = new AnalysisResult();
    double[] coef;
    double treatedShare;
    /** Why the model's weights cannot be used (not converged, separation), or null. */
    String unusable;
    private final ScaleDesign design;

    LargePropensity(JavaRDD<CohortRecord> records, CohortProfile profile) {
      long started = System.nanoTime();
      List<String> names = PropensityAnalysis.covariates(spec);
      // The population the score is modelled on: complete cases of every analysis covariate.
      ScaleDesign complete = design(records, 0, Population.overall(), false, spec.covariateColumns(), profile, false, null);
      // its levels are those of the rows the score is modelled on
      design = complete.withCovariates(names);
      String[] terms = design.terms("");
      ScaleDesign model = design;
      RecordCoder armCoder = coder;
      JavaRDD<double[]> xy = records.filter(r -> complete.row(r) != null).map(r -> {
        double[] x = model.x(r);
        double[] row = java.util.Arrays.copyOf(x, x.length + 1);
        row[x.length] = armCoder.arm(r.treatment());
        return row;
      }).persist(StorageLevel.MEMORY_AND_DISK());
      String id = AnalysisTask.of(null, Population.overall(), Family.PROPENSITY, "logistic").analysisId();
      List<String> messages = new ArrayList<>();
      String status = "ok";
      try {
        int p = terms.length;
        LogisticFit fit = LogisticRegression.fit(c -> xy.treeAggregate(new LogisticTotals(p), (t, row) -> {
          t.add(java.util.Arrays.copyOf(row, p), row[p], c);
          return t;
        }, LogisticTotals::merge), terms);
        // an aliased term (NA in glm) adds nothing to the score
        coef = java.util.Arrays.stream(fit.coef()).map(b -> Double.isNaN(b) ? 0 : b).toArray();
        long n = xy.count();
        long treated = Math.round(xy.map(row -> row[p]).reduce(Double::sum));
        treatedShare = (double) treated / n;
        double[] overlap = scoreOverlap(records, complete);
        double cStatistic = overlap[0];
        PropensityFlags flags = PropensityFlags.of(fit, cStatistic);
        TaskStatus.flag(messages, flags.warnings());
        for (int k = 0; k < fit.terms().length; k++) {
          result.propensityModel.add(new AnalysisResult.PropensityModelRow(id, Population.OVERALL, "logistic", k,
              fit.terms()[k], fit.coef()[k], fit.se()[k], fit.z()[k], fit.pValue()[k], n, treated, fit.deviance(),
              fit.nullDeviance(), fit.aic(), fit.iterations(), fit.converged(), cStatistic, design.references(),
              flags.line()));
        }
        unusable = flags.unusable();
        if (unusable != null) {
          messages.add(TaskStatus.WARNING + unusable + ": no weighted population");
        } else {
          balance(id, records, complete, profile, cStatistic, (long) overlap[1], n, treated);
        }
        messages.add("matching is done for cohorts up to analyze.scale.max-in-memory-rows rows");
        if (!spec.propensity().truncate().isEmpty()) {
          messages.add("weights are not truncated above analyze.scale.max-in-memory-rows rows");
        }
        status = messages.stream().anyMatch(m -> m.startsWith(TaskStatus.WARNING)) ? "warning" : "ok";
      } catch (RuntimeException e) {
        status = "failed";
        messages.add("failed: " + e.getMessage());
      } finally {
        xy.unpersist(false);
      }
      result.plan = new AnalysisResult.PlanRow(id, null, Population.OVERALL, Family.PROPENSITY.label, "logistic",
          "aggregated", profile.rows, 0, result.propensityModel.isEmpty() ? 0
          : result.propensityModel.get(0).n(), 0, status, String.join("; ", messages),
          (System.nanoTime() - started) / 1e9);
    }

    ScaleDesign.PropensityScore score() {
      return new ScaleDesign.PropensityScore(design, coef);
    }

    /**
     * The area under the ROC curve of the score and the units outside the score range both arms share, from
     * the counts of each distinct score per arm.
     */
    private double[] scoreOverlap(JavaRDD<CohortRecord> records, ScaleDesign complete) {
      ScaleDesign.PropensityScore score = score();
      RecordCoder armCoder = coder;
      List<scala.Tuple2<Double, long[]>> counts = records.filter(r -> complete.row(r) != null)
          .mapToPair(r -> new scala.Tuple2<>(score.of(r), armCoder.arm(r.treatment()) == 1
              ? new long[] {1, 0} : new long[] {0, 1}))
          .reduceByKey((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}).sortByKey().collect();
      // Mann-Whitney: each treated unit's mid-rank among all scores
      double rankSum = 0;
      double below = 0;
      long n1 = 0;
      long n0 = 0;
      for (scala.Tuple2<Double, long[]> c : counts) {
        long t = c._2()[0];
        long all = t + c._2()[1];
        rankSum += t * (below + (all + 1) / 2.0);
        below += all;
        n1 += t;
        n0 += c._2()[1];
      }
      double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
      double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
      for (scala.Tuple2<Double, long[]> c : counts) {
        for (int a = 0; a <= 1; a++) {
          if (c._2()[1 - a] > 0) {
            lo[a] = Math.min(lo[a], c._1());
            hi[a] = Math.max(hi[a], c._1());
          }
        }
      }
      double low = Math.max(lo[0], lo[1]);
      double high = Math.min(hi[0], hi[1]);
      long outside = 0;
      for (scala.Tuple2<Double, long[]> c : counts) {
        outside += c._1() < low || c._1() > high ? c._2()[0] + c._2()[1] : 0;
      }
      return new double[] {(rankSum - n1 * (n1 + 1) / 2.0) / ((double) n1 * n0), outside};
    }

    /** Balance before and after each weighting, and the weighted populations' effective sizes. */
    private void balance(String id, JavaRDD<CohortRecord> records, ScaleDesign complete, CohortProfile profile,
        double cStatistic, long outsideCommonSupport, long n, long treated) {
      List<String> names = PropensityAnalysis.covariates(spec);
      Map<String, List<String>> levels = design.levels();
      List<String> variable = new ArrayList<>();
      List<String> level = new ArrayList<>();
      for (String name : names) {
        if (spec.categorical().contains(name)) {
          levels.get(name).forEach(l -> {
            variable.add(name);
            level.add(l);
          });
        } else {
          variable.add(name);
          level.add("");
        }
      }
      List<String> estimands = spec.propensity().estimands();
      ScaleDesign.PropensityScore score = score();
      RecordCoder armCoder = coder;
      List<String> categorical = spec.categorical();
      List<String> continuous = spec.continuous();
      boolean stabilize = spec.propensity().stabilize();
      double share = treatedShare;
      int columns = variable.size();
      BalanceTotals totals = records.filter(r -> complete.row(r) != null)
          .treeAggregate(new BalanceTotals(1 + estimands.size(), columns), (t, r) -> {
            double[] x = new double[columns];
            for (int c = 0; c < columns; c++) {
              int k = categorical.indexOf(variable.get(c));
              x[c] = k >= 0 ? (level.get(c).equals(r.categorical()[k]) ? 1 : 0)
                  : r.continuous()[continuous.indexOf(variable.get(c))];
            }
            boolean isTreated = armCoder.arm(r.treatment()) == 1;
            double ps = score.of(r);
            double[] w = new double[1 + estimands.size()];
            w[0] = 1;
            for (int e = 0; e < estimands.size(); e++) {
              w[e + 1] = PropensityWeights.weight(isTreated, ps,
                  PropensityWeights.Estimand.parse(estimands.get(e)), stabilize, share);
            }
            return t.add(x, isTreated, w);
          }, BalanceTotals::merge);
      result.adjustment.add(new AnalysisResult.AdjustmentRow(id, Population.OVERALL, "unadjusted", treated,
          n - treated, treated, n - treated, cStatistic, 0, 0, outsideCommonSupport));
      for (int s = 0; s <= estimands.size(); s++) {
        String population = s == 0 ? Population.OVERALL : PropensityAnalysis.weightedPopulation(estimands.get(s - 1));
        boolean treatedSd = s > 0 && estimands.get(s - 1).equals("att");
        for (int c = 0; c < columns; c++) {
          Balance.Moments[] before = {totals.moments(0, true, c), totals.moments(0, false, c)};
          Balance.Moments t1 = totals.moments(s, true, c);
          Balance.Moments t0 = totals.moments(s, false, c);
          double smd = Balance.smd(t1, t0, before, treatedSd);
          Double ratio = level.get(c).isEmpty() ? Balance.varianceRatio(t1, t0) : null;
          result.balance.add(new AnalysisResult.BalanceRow(id, population, "logistic", variable.get(c), level.get(c),
              smd, ratio, Math.abs(smd) < 0.1));
        }
        if (s > 0) {
          result.adjustment.add(new AnalysisResult.AdjustmentRow(id, population, estimands.get(s - 1), treated,
              n - treated, totals.effectiveSampleSize(s, true), totals.effectiveSampleSize(s, false), cStatistic,
              0, 0, 0));
        }
      }
    }
  }
}
