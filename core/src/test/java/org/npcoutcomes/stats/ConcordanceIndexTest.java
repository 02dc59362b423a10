package org.npcoutcomes.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.npcoutcomes.testing.OracleFixture.assertClose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The O(n log n) concordance against the pairwise definition computed here pair by pair, on random data with
 * heavy ties in time and risk, fractional weights and strata; and aggregated cells against their rows.
 */
class ConcordanceIndexTest {
  private static final double TOL = 1e-9;

  private record Rows(double[] time, boolean[] event, double[] risk, double[] weight, int[] stratum) {}

  private static Rows random(long seed, int n, boolean weighted, boolean stratified) {
    return random(seed, n, weighted, stratified, 60, 4);
  }

  /** Integer times 1..times, risks in steps of one half with spread {@code riskSd}. */
  private static Rows random(long seed, int n, boolean weighted, boolean stratified, int times, double riskSd) {
    Random rnd = new Random(seed);
    Rows d = new Rows(new double[n], new boolean[n], new double[n], weighted ? new double[n] : null,
        stratified ? new int[n] : null);
    for (int i = 0; i < n; i++) {
      d.time[i] = 1 + rnd.nextInt(times);
      d.event[i] = rnd.nextDouble() < 0.6;
      d.risk[i] = Math.round(riskSd * rnd.nextGaussian() - d.time[i] / 10) / 2.0;
      if (weighted) {
        d.weight[i] = 0.1 + 3 * rnd.nextDouble();
      }
      if (stratified) {
        d.stratum[i] = rnd.nextInt(3) * 7 - 5; // codes need not be 0..k-1
      }
    }
    return d;
  }

  /** The definition, pair by pair: what the fast code must reproduce. */
  private static ConcordanceIndex.Result pairwise(Rows d) {
    int n = d.time.length;
    double[][] influence = new double[n][3];
    double[] counts = new double[4]; // concordant, discordant, tied on risk, tied on time
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (d.stratum != null && d.stratum[i] != d.stratum[j]) {
          continue;
        }
        double wi = d.weight == null ? 1 : d.weight[i];
        double wj = d.weight == null ? 1 : d.weight[j];
        int shorter;
        if (d.time[i] == d.time[j]) {
          if (d.event[i] && d.event[j]) {
            counts[3] += wi * wj;
            continue;
          }
          shorter = d.event[i] ? i : d.event[j] ? j : -1;
        } else {
          shorter = d.time[i] < d.time[j] ? i : j;
          shorter = d.event[shorter] ? shorter : -1;
        }
        if (shorter < 0) {
          continue;
        }
        int longer = shorter == i ? j : i;
        double rs = d.risk[shorter];
        double rl = d.risk[longer];
        int kind = rs > rl ? 0 : rs < rl ? 1 : 2;
        counts[kind] += wi * wj;
        influence[i][kind] += wj;
        influence[j][kind] += wi;
      }
    }
    double pairs = counts[0] + counts[1] + counts[2];
    double somers = (counts[0] - counts[1]) / pairs;
    double variance = 0;
    for (int i = 0; i < n; i++) {
      double w = d.weight == null ? 1 : d.weight[i];
      double dfbeta = w * ((influence[i][0] - influence[i][1]) - somers * (influence[i][0] + influence[i][1]
          + influence[i][2])) / pairs;
      variance += dfbeta * dfbeta;
    }
    return new ConcordanceIndex.Result((somers + 1) / 2, Math.sqrt(variance) / 2, counts[0], counts[1], counts[2],
        counts[3]);
  }

  static void assertAgree(ConcordanceIndex.Result expected, ConcordanceIndex.Result actual, String what) {
    assertClose(expected.concordance(), actual.concordance(), TOL, what + " C");
    assertClose(expected.stdErr(), actual.stdErr(), TOL, what + " se");
    assertClose(expected.concordant(), actual.concordant(), TOL, what + " concordant");
    assertClose(expected.discordant(), actual.discordant(), TOL, what + " discordant");
    assertClose(expected.tiedRisk(), actual.tiedRisk(), TOL, what + " tied on risk");
    assertClose(expected.tiedTime(), actual.tiedTime(), TOL, what + " tied on time");
  }

  private static ConcordanceIndex.Result fast(Rows d) {
    return ConcordanceIndex.of(d.time, d.event, d.risk, d.weight, d.stratum);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void equalsPairwiseDefinitionWithTiesWeightsAndStrata(long seed) {
    Rows d = random(seed, 2000, true, true);
    assertAgree(pairwise(d), fast(d), "seed " + seed);
  }

  @Test
  void equalsPairwiseDefinitionUnweightedAndUnstratified() {
    Rows d = random(4, 1500, false, false);
    assertAgree(pairwise(d), fast(d), "plain");
    Rows w = random(5, 1500, true, false);
    assertAgree(pairwise(w), fast(w), "weighted");
    Rows s = random(6, 1500, false, true);
    assertAgree(pairwise(s), fast(s), "stratified");
  }

  @Test
  void negativeZeroTiesWithZeroAsInThePairwiseDefinition() {
    Rows d = new Rows(new double[] {1, 2, 3, 4}, new boolean[] {true, true, false, true},
        new double[] {0.0, -0.0, 0.0, -0.0}, null, null);
    assertAgree(pairwise(d), fast(d), "signed zeros");
  }

  private record Key(int stratum, double time, boolean event, double risk) {}

  @ParameterizedTest
  @ValueSource(longs = {7, 8})
  void cellsGiveWhatTheirRowsGive(long seed) {
    Rows d = random(seed, 2000, true, true, 12, 1);
    Map<Key, double[]> cells = new LinkedHashMap<>();
    for (int i = 0; i < d.time.length; i++) {
      double[] sums = cells.computeIfAbsent(new Key(d.stratum[i], d.time[i], d.event[i], d.risk[i]),
          k -> new double[2]);
      sums[0] += d.weight[i];
      sums[1] += d.weight[i] * d.weight[i];
    }
    List<Key> keys = new ArrayList<>(cells.keySet());
    assertTrue(keys.size() < d.time.length / 2, "the data should aggregate");
    int m = keys.size();
    double[] time = new double[m];
    boolean[] event = new boolean[m];
    double[] risk = new double[m];
    double[] weight = new double[m];
    double[] weightSquared = new double[m];
    int[] stratum = new int[m];
    for (int c = 0; c < m; c++) {
      Key k = keys.get(c);
      time[c] = k.time();
      event[c] = k.event();
      risk[c] = k.risk();
      stratum[c] = k.stratum();
      weight[c] = cells.get(k)[0];
      weightSquared[c] = cells.get(k)[1];
    }
    assertAgree(fast(d), ConcordanceIndex.ofCells(time, event, risk, weight, weightSquared, stratum), "cells");
  }

  @Test
  void noComparablePairGivesNaN() {
    Rows censored = new Rows(new double[] {1, 2}, new boolean[] {false, false}, new double[] {1, 2}, null, null);
    assertTrue(Double.isNaN(fast(censored).concordance()));
    Rows missing = new Rows(new double[] {1, 2}, new boolean[] {true, false}, new double[] {Double.NaN, 2}, null,
        null);
    assertTrue(Double.isNaN(fast(missing).concordance()));
  }

  @Test
  void registryScaleRuns() {
    Rows d = random(9, 200_000, true, true);
    ConcordanceIndex.Result r = fast(d);
    assertTrue(r.concordance() > 0.5 && r.concordance() < 1, "C " + r.concordance());
    assertTrue(r.stdErr() > 0 && r.stdErr() < 0.01, "se " + r.stdErr());
  }
}
