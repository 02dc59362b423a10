package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.design.ModelTerms;
import org.npcoutcomes.plan.scale.AggregatedSurvival;
import org.npcoutcomes.plan.scale.CoxSpec;
import org.npcoutcomes.stats.ConcordanceIndex;
import org.npcoutcomes.stats.ConfidenceType;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.CoxZph;
import org.npcoutcomes.stats.KaplanMeierCurve;
import org.npcoutcomes.stats.LogRankResult;
import org.npcoutcomes.stats.ProfilePoint;

/**
 * A population too large to gather, read from totals that Spark sums where the rows are
 * ({@link AggregatedSurvival}): every statistic equals the in-memory one on the same rows. Matched sets have
 * no aggregated form.
 */
final class AggregatedPopulation implements PopulationSource {
  /** A row's stratum, time, event, linear predictor and weight, summed into concordance cells. */
  private static final StructType RISK_CELL = DataTypes.createStructType(List.of(
      DataTypes.createStructField("stratum", DataTypes.IntegerType, false),
      DataTypes.createStructField("time", DataTypes.DoubleType, false),
      DataTypes.createStructField("event", DataTypes.BooleanType, false),
      DataTypes.createStructField("risk", DataTypes.DoubleType, false),
      DataTypes.createStructField("w", DataTypes.DoubleType, false)));

  private final AggregatedCohort cohort;
  private final int outcome;
  private final Population population;
  private final AggregatedCohort.Weighting weighting;

  /** @param weighting the propensity weights of a weighted population, else null */
  AggregatedPopulation(AggregatedCohort cohort, int outcome, Population population,
      AggregatedCohort.Weighting weighting) {
    this.cohort = cohort;
    this.outcome = outcome;
    this.population = population;
    this.weighting = weighting;
  }

  @Override
  public ArmCounts counts() {
    return rows(ModelRequest.crude(ModelRequest.Strata.NONE)).counts();
  }

  @Override
  public boolean weighted() {
    return weighting != null;
  }

  @Override
  public PopulationData rows(ModelRequest request) {
    if (request.strata() == ModelRequest.Strata.MATCHED_SET) {
      throw new EstimateFamilies.SkippedException("matching is done for cohorts up to "
          + "analyze.scale.max-in-memory-rows rows");
    }
    ScaleDesign design = cohort.design(outcome, population, request, weighting);
    return new Rows(design, cohort.cached(design), request.strata() == ModelRequest.Strata.DECLARED);
  }

  /**
   * The population's patient counts per distinct (time, status, arm), summed by Spark: every competing-risks
   * estimate depends on the patients through these alone.
   */
  @Override
  public CompetingRows competing() {
    ScaleDesign design = cohort.design(outcome, population, ModelRequest.crude(ModelRequest.Strata.NONE), weighting);
    List<Row> cells = new ArrayList<>(cohort.rows(design).groupBy("time", "status", "arm").count().collectAsList());
    // in a fixed order, so that sums over tied rows are added alike on every run
    cells.sort(Comparator.<Row>comparingDouble(c -> c.getDouble(0)).thenComparingInt(c -> c.getInt(1))
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
    return new CompetingRows(time, status, arm, patients);
  }

  /** The rows of one model, as cached totals. */
  private final class Rows implements PopulationData {
    private final ScaleDesign design;
    private final AggregatedSurvival data;
    private final boolean stratified;

    Rows(ScaleDesign design, AggregatedSurvival data, boolean stratified) {
      this.design = design;
      this.data = data;
      this.stratified = stratified;
    }

    @Override
    public ArmCounts counts() {
      return new ArmCounts(new long[] {data.groupRows(0), data.groupRows(1)},
          new long[] {data.groupEvents(0), data.groupEvents(1)});
    }

    @Override
    public ModelTerms terms() {
      return design.model();
    }

    @Override
    public boolean robust() {
      return weighted();
    }

    @Override
    public SortedMap<Integer, KaplanMeierCurve> kaplanMeier(String confType, double confLevel) {
      return data.kaplanMeier(ConfidenceType.parse(confType), confLevel, weighted());
    }

    @Override
    public LogRankResult logRank(double rho) {
      return data.logRank(rho, stratified);
    }

    private CoxSpec spec(CoxOptions options) {
      return new CoxSpec(design.model().terms(), options, stratified, weighted(), false);
    }

    @Override
    public CoxFit cox(CoxOptions options) {
      return data.cox(spec(options));
    }

    @Override
    public List<ProfilePoint> coxProfile(CoxOptions options, CoxFit fit, double[] betas) {
      return data.coxProfile(spec(options), fit, 0, betas);
    }

    @Override
    public List<CoxZph.Result> coxZph(CoxOptions options, CoxFit fit) {
      return data.coxZph(spec(options), fit, design.model().variables(), design.model().variableColumns());
    }

    /** Concordance of the linear predictor from (stratum, time, event, risk) cells summed by Spark. */
    @Override
    public ConcordanceIndex.Result concordance(CoxFit fit) {
      double[] coef = fit.coef().clone();
      for (int j = 0; j < coef.length; j++) {
        coef[j] = Double.isNaN(coef[j]) ? 0 : coef[j];
      }
      Dataset<Row> risk = cohort.rows(design).map((MapFunction<Row, Row>) r -> {
        List<Double> x = r.getList(r.fieldIndex("x"));
        double eta = 0;
        for (int j = 0; j < coef.length; j++) {
          eta += coef[j] * x.get(j);
        }
        return RowFactory.create(r.<Integer>getAs("stratum"), r.<Double>getAs("time"), r.<Boolean>getAs("event"),
            eta, r.<Double>getAs("weight"));
      }, Encoders.row(RISK_CELL));
      List<ConcordanceCells> parts = risk.groupBy("stratum", "time", "event", "risk")
          .agg(functions.sum("w"), functions.sum(functions.col("w").multiply(functions.col("w"))))
          .javaRDD().mapPartitions(it -> List.of(ConcordanceCells.of(it)).iterator()).collect();
      return ConcordanceCells.concordance(parts, stratified);
    }
  }
}
