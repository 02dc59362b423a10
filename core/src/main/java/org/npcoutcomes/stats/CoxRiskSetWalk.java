package org.npcoutcomes.stats;

import java.util.Arrays;

/**
 * The partial-likelihood arithmetic of coxfit6 on (stratum, time) blocks: within each stratum, blocks are
 * added from the largest time down; censored rows join the risk set, and the deaths of a block are
 * added all at once (Breslow) or in as many equal parts as there are deaths (Efron). Both the in-memory
 * fit (one block at a time) and the aggregated fit (an array of blocks) run this one walk.
 */
public final class CoxRiskSetWalk {
  /** Receives the score and information added at each death time (internal scale), for cox.zph. */
  public interface DeathTimeListener {
    void accept(double time, double[] score, double[][] information);
  }

  private final int p;
  private final Ties ties;
  private final DeathTimeListener listener;
  private final double[] u;
  private final double[][] imat;
  private final double[] a;
  private final double[][] cmat;
  private final double[] a2;
  private final double[][] cmat2;
  private double logLik;
  private double denom;

  /** @param listener told of each death time's contribution, or null */
  public CoxRiskSetWalk(int p, Ties ties, DeathTimeListener listener) {
    this.p = p;
    this.ties = ties;
    this.listener = listener;
    u = new double[p];
    imat = new double[p][p];
    a = new double[p];
    cmat = new double[p][p];
    a2 = new double[p];
    cmat2 = new double[p][p];
  }

  /** The step over every block of {@code totals}, numbered as in {@code index}. */
  public static CoxStep over(CoxRiskTotals totals, StratumTimeIndex index, Ties ties, DeathTimeListener listener) {
    CoxRiskSetWalk walk = new CoxRiskSetWalk(totals.p(), ties, listener);
    for (int s = index.strata() - 1; s >= 0; s--) {
      walk.newStratum();
      for (int b = index.stratumStart(s + 1) - 1; b >= index.stratumStart(s); b--) {
        walk.add(totals, b, index.time(b));
      }
    }
    return walk.result();
  }

  /** Starts an empty risk set (the score and likelihood go on summing). */
  public void newStratum() {
    denom = 0;
    Arrays.fill(a, 0);
    for (double[] row : cmat) {
      Arrays.fill(row, 0);
    }
  }

  /** Adds block {@code b} of {@code totals}, which must be later in time than none added since the stratum began. */
  public void add(CoxRiskTotals totals, int b, double time) {
    if (!totals.hasInformation()) {
      throw new IllegalArgumentException("the likelihood needs totals kept with their information (S2)");
    }
    denom += totals.censoredS0(b);
    for (int j = 0; j < p; j++) {
      a[j] += totals.censoredS1(b, j);
      for (int k = 0; k <= j; k++) {
        cmat[j][k] += totals.censoredS2(b, j, k);
      }
    }
    int deaths = totals.deaths(b);
    if (deaths == 0) {
      return;
    }
    double[] uBefore = listener == null ? null : u.clone();
    double[][] imatBefore = listener == null ? null : copy(imat);
    logLik += totals.deathWeightedEta(b);
    double denom2 = totals.deathS0(b);
    for (int j = 0; j < p; j++) {
      u[j] += totals.deathWeightedZ(b, j);
      a2[j] = totals.deathS1(b, j);
      for (int k = 0; k <= j; k++) {
        cmat2[j][k] = totals.deathS2(b, j, k);
      }
    }
    // Breslow adds all deaths at once; Efron adds them in `deaths` equal parts, one term each.
    int parts = ties == Ties.EFRON ? deaths : 1;
    double partWeight = totals.deathWeight(b) / parts;
    for (int part = 0; part < parts; part++) {
      denom += denom2 / parts;
      logLik -= partWeight * Math.log(denom);
      for (int j = 0; j < p; j++) {
        a[j] += a2[j] / parts;
        double mean = a[j] / denom;
        u[j] -= partWeight * mean;
        for (int k = 0; k <= j; k++) {
          cmat[j][k] += cmat2[j][k] / parts;
          imat[k][j] += partWeight * (cmat[j][k] - mean * a[k]) / denom;
        }
      }
    }
    if (listener != null) {
      double[] du = new double[p];
      double[][] di = new double[p][p];
      for (int j = 0; j < p; j++) {
        du[j] = u[j] - uBefore[j];
        for (int k = j; k < p; k++) {
          di[j][k] = imat[j][k] - imatBefore[j][k];
          di[k][j] = di[j][k];
        }
      }
      listener.accept(time, du, di);
    }
  }

  public CoxStep result() {
    double[][] information = copy(imat);
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < j; k++) {
        information[j][k] = information[k][j];
      }
    }
    return new CoxStep(logLik, u.clone(), information);
  }

  private static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }
}
