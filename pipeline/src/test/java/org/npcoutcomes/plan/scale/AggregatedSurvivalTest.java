package org.npcoutcomes.plan.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.stats.ConfidenceType;
import org.npcoutcomes.stats.CoxData;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxModel;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.CoxZph;
import org.npcoutcomes.stats.HypothesisTest;
import org.npcoutcomes.stats.KaplanMeier;
import org.npcoutcomes.stats.KaplanMeierCurve;
import org.npcoutcomes.stats.LogRank;
import org.npcoutcomes.stats.LogRankResult;
import org.npcoutcomes.stats.Ties;
import org.npcoutcomes.testing.LocalSpark;

/**
 * The aggregated (Spark) estimators against the in-memory ones on the same rows: random data with heavy
 * ties (whole-month times), fractional weights, three strata, clusters, and binary and continuous
 * covariates, spread over several partitions and small chunks so that totals are merged in a tree:
 * Kaplan–Meier, log-rank and Peto–Peto, Cox fits and cox.zph.
 * The two paths share the arithmetic and differ only in the order rows are summed, so they must agree
 * to a relative 1e-9.
 */
class AggregatedSurvivalTest {
  private static final double TOL = 1e-9;
  private static final int N = 3000;
  private static final String[] TERMS = {"arm", "nodal", "age", "score"};

  private static double[] time = new double[N];
  private static boolean[] event = new boolean[N];
  private static int[] arm = new int[N];
  private static int[] stratum = new int[N];
  private static double[] weight = new double[N];
  private static int[] cluster = new int[N];
  private static double[][] x = new double[N][];
  private static AggregatedSurvival aggregated;

  @BeforeAll
  static void cacheRows() {
    SplittableRandom random = new SplittableRandom(20240611);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      arm[i] = random.nextDouble() < 0.45 ? 1 : 0;
      stratum[i] = random.nextInt(3);
      double nodal = random.nextDouble() < 0.3 ? 1 : 0;
      double age = Math.round(40 + 25 * random.nextDouble() + 10 * random.nextGaussian());
      double score = Math.round(random.nextGaussian() * 1000) / 100.0;
      x[i] = new double[] {arm[i], nodal, age, score};
      double hazard = 0.04 * Math.exp(-0.4 * arm[i] + 0.5 * nodal + 0.02 * (age - 50) + 0.1 * score
          + 0.3 * stratum[i]);
      double eventTime = -Math.log(1 - random.nextDouble()) / hazard;
      double censor = 2 + random.nextDouble() * 40;
      time[i] = Math.ceil(Math.min(eventTime, censor));
      event[i] = eventTime <= censor;
      weight[i] = Math.round((0.3 + 2.5 * random.nextDouble()) * 1000) / 1000.0;
      cluster[i] = random.nextInt(N / 4);
      rows.add(RowFactory.create(time[i], event[i], arm[i], stratum[i], weight[i], (long) cluster[i],
          List.of(x[i][0], x[i][1], x[i][2], x[i][3])));
    }
    StructType schema = new StructType()
        .add("time", DataTypes.DoubleType).add("status", DataTypes.BooleanType).add("arm", DataTypes.IntegerType)
        .add("site", DataTypes.IntegerType).add("w", DataTypes.DoubleType).add("pair", DataTypes.LongType)
        .add("design", DataTypes.createArrayType(DataTypes.DoubleType));
    Dataset<Row> data = LocalSpark.session().createDataFrame(rows, schema).repartition(5);
    SurvivalColumns columns = new SurvivalColumns("time", "status", "arm", "site", "w", "pair", "design");
    // small chunks and a fan-in of 3: the 5 partial totals are merged on the executors before the driver
    aggregated = AggregatedSurvival.cache(data, columns, new AggregationSettings(256, 3));
  }

  @AfterAll
  static void release() {
    aggregated.close();
  }

  @Test
  void kaplanMeierCurvesPerArm() {
    for (boolean weighted : new boolean[] {false, true}) {
      SortedMap<Integer, KaplanMeierCurve> curves = aggregated.kaplanMeier(ConfidenceType.LOG_LOG, 0.95, weighted);
      assertEquals(2, curves.size());
      for (int a = 0; a <= 1; a++) {
        int[] rows = rowsOfArm(a);
        KaplanMeierCurve expected = KaplanMeier.fit(pick(time, rows), pick(event, rows),
            weighted ? pick(weight, rows) : null, ConfidenceType.LOG_LOG, 0.95);
        KaplanMeierCurve actual = curves.get(a);
        String what = "arm " + a + (weighted ? " weighted" : "");
        close(expected.time(), actual.time(), what + " time");
        close(expected.nRisk(), actual.nRisk(), what + " n.risk");
        close(expected.nEvent(), actual.nEvent(), what + " n.event");
        close(expected.nCensor(), actual.nCensor(), what + " n.censor");
        close(expected.survival(), actual.survival(), what + " survival");
        close(expected.stdErr(), actual.stdErr(), what + " std.err");
        close(expected.logSe(), actual.logSe(), what + " log se");
        close(expected.lower(), actual.lower(), what + " lower");
        close(expected.upper(), actual.upper(), what + " upper");
        close(expected.n(), actual.n(), what + " n");
        close(expected.events(), actual.events(), what + " events");
      }
    }
  }

  @Test
  void logRankAndPetoPeto() {
    for (boolean stratified : new boolean[] {false, true}) {
      for (double rho : new double[] {0, 1}) {
        LogRankResult expected = LogRank.test(time, event, arm, stratified ? stratum : null, rho);
        LogRankResult actual = aggregated.logRank(rho, stratified);
        String what = "rho " + rho + (stratified ? " stratified" : "");
        close(expected.chisq(), actual.chisq(), what + " chisq");
        assertEquals(expected.df(), actual.df(), what + " df");
        close(expected.pValue(), actual.pValue(), what + " p");
        close(expected.observed(), actual.observed(), what + " observed");
        close(expected.expected(), actual.expected(), what + " expected");
        close(expected.n(), actual.n(), what + " n");
      }
    }
  }

  @Test
  void coxModelsEveryWay() {
    for (Ties ties : Ties.values()) {
      for (boolean stratified : new boolean[] {false, true}) {
        for (boolean weighted : new boolean[] {false, true}) {
          for (String variance : new String[] {"model", "robust", "cluster"}) {
            boolean clustered = variance.equals("cluster");
            CoxOptions options = CoxOptions.defaults(ties).withRobust(variance.equals("robust"));
            CoxData data = new CoxData(time, event, x, TERMS, weighted ? weight : null, stratified ? stratum : null,
                clustered ? cluster : null);
            CoxFit expected = CoxModel.fit(data, options);
            CoxFit actual = aggregated.cox(new CoxSpec(TERMS, options, stratified, weighted, clustered));
            String what = ties + (stratified ? " stratified" : "") + (weighted ? " weighted" : "") + " " + variance;
            assertTrue(expected.converged() && actual.converged(), what + " converged");
            assertEquals(expected.iterations(), actual.iterations(), what + " iterations");
            assertEquals(expected.n(), actual.n(), what + " n");
            close(expected.events(), actual.events(), what + " events");
            close(expected.coef(), actual.coef(), what + " coef");
            close(expected.se(), actual.se(), what + " se");
            if (variance.equals("model")) {
              assertNull(actual.robustSe(), what + " robust se");
            } else {
              assertNotNull(actual.robustSe(), what + " robust se");
              close(expected.robustSe(), actual.robustSe(), what + " robust se");
            }
            for (int j = 0; j < TERMS.length; j++) {
              close(expected.variance()[j], actual.variance()[j], what + " variance row " + j);
            }
            close(expected.logLikNull(), actual.logLikNull(), what + " null loglik");
            close(expected.logLik(), actual.logLik(), what + " loglik");
            close(expected.likelihoodRatio(), actual.likelihoodRatio(), what + " LR");
            close(expected.wald(), actual.wald(), what + " Wald");
            close(expected.score(), actual.score(), what + " score");
            assertEquals(expected.warnings(), actual.warnings(), what + " warnings");
          }
        }
      }
    }
  }

  @Test
  void proportionalHazardsTests() {
    List<String> names = List.of("arm", "nodal", "age and score");
    List<int[]> columns = List.of(new int[] {0}, new int[] {1}, new int[] {2, 3});
    for (Ties ties : Ties.values()) {
      for (boolean stratified : new boolean[] {false, true}) {
        for (boolean weighted : new boolean[] {false, true}) {
          CoxOptions options = CoxOptions.defaults(ties);
          CoxData data = new CoxData(time, event, x, TERMS, weighted ? weight : null, stratified ? stratum : null,
              null);
          CoxSpec spec = new CoxSpec(TERMS, options, stratified, weighted, false);
          List<CoxZph.Result> expected = CoxZph.test(data, options, CoxModel.fit(data, options), names, columns);
          List<CoxZph.Result> actual = aggregated.coxZph(spec, aggregated.cox(spec), names, columns);
          String what = "zph " + ties + (stratified ? " stratified" : "") + (weighted ? " weighted" : "");
          assertEquals(expected.size(), actual.size(), what + " rows");
          for (int t = 0; t < expected.size(); t++) {
            assertEquals(expected.get(t).term(), actual.get(t).term(), what + " term");
            close(expected.get(t).chisq(), actual.get(t).chisq(), what + " " + expected.get(t).term() + " chisq");
            close(expected.get(t).df(), actual.get(t).df(), what + " " + expected.get(t).term() + " df");
            close(expected.get(t).pValue(), actual.get(t).pValue(), what + " " + expected.get(t).term() + " p");
          }
        }
      }
    }
  }

  private static void close(HypothesisTest expected, HypothesisTest actual, String what) {
    close(expected.statistic(), actual.statistic(), what + " statistic");
    assertEquals(expected.df(), actual.df(), what + " df");
    close(expected.pValue(), actual.pValue(), what + " p");
  }

  private static void close(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      close(expected[i], actual[i], what + "[" + i + "]");
    }
  }

  private static void close(double expected, double actual, String what) {
    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
      if (Double.compare(expected, actual) != 0) {
        fail(what + ": expected " + expected + " but was " + actual);
      }
      return;
    }
    if (Math.abs(expected - actual) > TOL * Math.max(Math.abs(expected), Math.abs(actual))) {
      fail(what + ": expected " + expected + " but was " + actual + " (relative difference "
          + Math.abs(expected - actual) / Math.abs(expected) + ")");
    }
  }

  private static int[] rowsOfArm(int a) {
    return IntStream.range(0, N).filter(i -> arm[i] == a).toArray();
  }

  private static double[] pick(double[] v, int[] rows) {
    return IntStream.of(rows).mapToDouble(i -> v[i]).toArray();
  }

  private static boolean[] pick(boolean[] v, int[] rows) {
    boolean[] out = new boolean[rows.length];
    for (int k = 0; k < rows.length; k++) {
      out[k] = v[rows[k]];
    }
    return out;
  }
}
