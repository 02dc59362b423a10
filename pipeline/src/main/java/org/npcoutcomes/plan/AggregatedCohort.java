package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.design.ModelTerms;
import org.npcoutcomes.plan.scale.AggregatedSurvival;
import org.npcoutcomes.plan.scale.SurvivalColumns;

/**
 * A cohort too large to gather, as the aggregated populations read it: its records where they are, its
 * profile, the model designs of each request (levels observed among the design's own rows, as R takes
 * them) and the cached compact rows of each design, shared by every task of a population that reads the
 * same rows. {@link #release} drops the caches once a population is done.
 */
final class AggregatedCohort {
  static final SurvivalColumns COLUMNS = new SurvivalColumns("time", "event", "arm", "stratum", "weight", null, "x");

  /** The propensity weights of a weighted population. */
  record Weighting(ScaleDesign.PropensityScore score, String estimand, boolean stabilize, double treatedShare) {}

  final AnalysisSpec spec;
  final JavaRDD<CohortRecord> records;
  final CohortProfile profile;
  final RecordCoder coder;
  private final Map<ScaleDesign, AggregatedSurvival> caches = new HashMap<>();
  /** Categorical levels observed among the rows of each distinct set of rows. */
  private final Map<List<Object>, Map<String, List<String>>> observedLevels = new HashMap<>();

  AggregatedCohort(AnalysisSpec spec, JavaRDD<CohortRecord> records, CohortProfile profile) {
    this.spec = spec;
    this.records = records;
    this.profile = profile;
    this.coder = new RecordCoder(spec);
  }

  /**
   * The design of one request in one population: its rows (in the population, complete in the request's
   * covariates, strata known when stratified, the subgroup known for a subgroup model) and its model, whose
   * categorical levels are those observed among these rows, in the spec's order.
   */
  ScaleDesign design(int outcome, Population p, ModelRequest request, Weighting weighting) {
    boolean stratified = request.strata() == ModelRequest.Strata.DECLARED;
    // unstratified rows carry stratum codes too when no stratum is missing: the rows are the same, one cache
    Map<String, Integer> codes = stratified || (spec.stratified() && !profile.missingStratum)
        ? profile.stratumCodes() : null;
    int subgroup = request.subgroup() == null ? -1 : spec.subgroups().indexOf(request.subgroup());
    ScaleDesign rows = new ScaleDesign(outcome, p, request.covariates(), spec.categorical(), spec.continuous(), null,
        subgroup, codes, spec.groupings().indexOf(p.variable()), weighting == null ? null : weighting.score(),
        weighting == null ? null : weighting.estimand(), weighting != null && weighting.stabilize(),
        weighting == null ? 0 : weighting.treatedShare(), coder);
    Map<String, List<String>> levels = observedLevels(rows);
    ModelTerms model = request.subgroup() != null
        ? ModelTerms.subgroup(levels.get(request.subgroup()), request.interaction())
        : ModelTerms.of(request.treatment(), spec.treatmentColumn(), DesignMatrix.treatmentTerm(spec),
            request.covariates(), spec.categorical(), spec.continuous(), levels);
    return rows.withModel(request.covariates(), model);
  }

  /**
   * The levels of the design's categorical covariates (and of its subgroup) among the rows it uses, in the
   * spec's order: one small aggregation per distinct set of rows, remembered.
   */
  Map<String, List<String>> observedLevels(ScaleDesign design) {
    List<String> used = new ArrayList<>(design.covariates().stream().filter(spec.categorical()::contains).toList());
    if (design.subgroup() >= 0) {
      used.add(spec.subgroups().get(design.subgroup()));
    }
    if (used.isEmpty()) {
      return Map.of();
    }
    List<Object> key = List.of(design.outcome(), design.population(), used, design.stratumCodes() != null,
        design.score() != null, design.subgroup());
    return observedLevels.computeIfAbsent(key, k -> {
      int categoricalCount = used.size() - (design.subgroup() >= 0 ? 1 : 0);
      int[] columns = used.subList(0, categoricalCount).stream().mapToInt(spec.categorical()::indexOf).toArray();
      int subgroup = design.subgroup();
      List<TreeSet<String>> seen = records.filter(design::belongs).treeAggregate(emptySets(used.size()),
          (sets, r) -> {
            for (int c = 0; c < columns.length; c++) {
              sets.get(c).add(r.categorical()[columns[c]]);
            }
            if (subgroup >= 0) {
              sets.get(columns.length).add(r.subgroups()[subgroup]);
            }
            return sets;
          }, (a, b) -> {
            for (int c = 0; c < a.size(); c++) {
              a.get(c).addAll(b.get(c));
            }
            return a;
          });
      Map<String, List<String>> out = new HashMap<>();
      for (int c = 0; c < used.size(); c++) {
        out.put(used.get(c), spec.levels().arrange(used.get(c), seen.get(c)));
      }
      return out;
    });
  }

  private static List<TreeSet<String>> emptySets(int n) {
    List<TreeSet<String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new TreeSet<>());
    }
    return out;
  }

  /** The design's rows in the compact cached form every aggregated statistic reads. */
  AggregatedSurvival cached(ScaleDesign design) {
    return caches.computeIfAbsent(design, d -> AggregatedSurvival.cache(rows(d), COLUMNS));
  }

  /** The design's rows as a data frame of {@link ScaleDesign#SCHEMA}. */
  Dataset<Row> rows(ScaleDesign design) {
    JavaRDD<Row> rows = records.map(design::row).filter(java.util.Objects::nonNull);
    return SparkSession.active().createDataFrame(rows, ScaleDesign.SCHEMA);
  }

  /** Drops the cached rows of the population just analysed. */
  void release() {
    caches.values().forEach(AggregatedSurvival::close);
    caches.clear();
  }
}
