package org.npcoutcomes.stats.competing;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.npcoutcomes.stats.ChiSquare;

/**
 * Gray's k-sample test of equal cumulative incidence of one cause (rho = 0), as {@code cmprsk::cuminc}
 * reports it in {@code $Tests}: a score for the first k-1 groups and its variance, accumulated over the
 * distinct times within each stratum, and the statistic s' V^-1 s on k-1 degrees of freedom. cmprsk's crst
 * forms the score term nd1 * rs(i) (events at a time times a group's number at risk) in 32-bit integers,
 * which wraps past 2^31 (large registry populations with whole-month times); here every count is a double,
 * so on such cohorts the statistic of the cause of interest can differ from cuminc's.
 */
public final class GrayTest {
  private GrayTest() {}

  /** The statistic, its p-value and degrees of freedom. */
  public record Result(double statistic, double pValue, int df) {}

  /**
   * @param status 0 = censored, otherwise the cause of the event
   * @param group group codes 0..k-1
   * @param stratum stratum codes, or null
   */
  public static Result test(double[] time, int[] status, int[] group, int cause, int[] stratum) {
    return test(time, status, group, null, cause, stratum);
  }

  /** The same from rows that each stand for {@code patients[i]} patients (null: one each). */
  public static Result test(double[] time, int[] status, int[] group, double[] patients, int cause,
      int[] stratum) {
    int ng = Arrays.stream(group).max().orElse(0) + 1;
    int ng1 = ng - 1;
    double[] score = new double[ng1];
    double[][] variance = new double[ng1][ng1];
    int strata = stratum == null ? 1 : Arrays.stream(stratum).max().orElse(0) + 1;
    int[] order = TimeOrder.of(time);
    for (int st = 0; st < strata; st++) {
      int s = st;
      int[] rows = Arrays.stream(order).filter(i -> stratum == null || stratum[i] == s).toArray();
      new Stratum(time, status, group, patients, cause, rows, ng).accumulate(score, variance);
    }
    double[] solved = new LUDecomposition(new Array2DRowRealMatrix(variance)).getSolver()
        .solve(new org.apache.commons.math3.linear.ArrayRealVector(score)).toArray();
    double stat = 0;
    for (int i = 0; i < ng1; i++) {
      stat += score[i] * solved[i];
    }
    return new Result(stat, ChiSquare.upperTail(stat, ng1), ng1);
  }

  /** One stratum's contribution (Gray's crst). */
  private static final class Stratum {
    private final double[] time;
    private final int[] status;
    private final int[] group;
    private final double[] patients;
    private final int cause;
    private final int[] rows;
    private final int ng;

    Stratum(double[] time, int[] status, int[] group, double[] patients, int cause, int[] rows, int ng) {
      this.time = time;
      this.status = status;
      this.group = group;
      this.patients = patients;
      this.cause = cause;
      this.rows = rows;
      this.ng = ng;
    }

    void accumulate(double[] score, double[][] variance) {
      int ng1 = ng - 1;
      double[] atRisk = new double[ng];
      for (int i : rows) {
        atRisk[group[i]] += patients(i);
      }
      double[] f1Before = new double[ng];
      double[] f1 = new double[ng];
      double[] kmBefore = new double[ng];
      double[] km = new double[ng];
      Arrays.fill(kmBefore, 1);
      Arrays.fill(km, 1);
      double[] v3 = new double[ng];
      double[][] v2 = new double[ng1][ng];
      double[][] c = new double[ng][ng];
      double[][] a = new double[ng][ng];
      double[][] v = new double[ng1][ng1];
      double[] s = new double[ng1];
      double fBefore = 0;
      int lo = 0;
      int n = rows.length;
      while (lo < n) {
        int hi = lo;
        while (hi + 1 < n && time[rows[hi + 1]] <= time[rows[lo]]) {
          hi++;
        }
        double[][] d = new double[3][ng];
        for (int k = lo; k <= hi; k++) {
          int i = rows[k];
          int kind = status[i] == 0 ? 0 : status[i] == cause ? 1 : 2;
          d[kind][group[i]] += patients(i);
        }
        double nd1 = Arrays.stream(d[1]).sum();
        double nd2 = Arrays.stream(d[2]).sum();
        double f = fBefore;
        if (nd1 > 0 || nd2 > 0) {
          double tr = 0;
          double tq = 0;
          for (int g = 0; g < ng; g++) {
            if (atRisk[g] <= 0) {
              continue;
            }
            double td = d[1][g] + d[2][g];
            km[g] = kmBefore[g] * (atRisk[g] - td) / atRisk[g];
            f1[g] = f1Before[g] + kmBefore[g] * d[1][g] / atRisk[g];
            tr += atRisk[g] / kmBefore[g];
            tq += atRisk[g] * (1 - f1Before[g]) / kmBefore[g];
          }
          f = fBefore + nd1 / tr;
          double fb = 1; // (1 - F(t-))^rho with rho = 0
          for (int g = 0; g < ng; g++) {
            for (int h = g; h < ng; h++) {
              a[g][h] = 0;
            }
            if (atRisk[g] <= 0) {
              continue;
            }
            double t1 = atRisk[g] / kmBefore[g];
            a[g][g] = fb * t1 * (1 - t1 / tr);
            c[g][g] += a[g][g] * nd1 / (tr * (1 - fBefore));
            for (int h = g + 1; h < ng; h++) {
              if (atRisk[h] <= 0) {
                continue;
              }
              a[g][h] = -fb * t1 * atRisk[h] / (kmBefore[h] * tr);
              c[g][h] += a[g][h] * nd1 / (tr * (1 - fBefore));
            }
          }
          for (int g = 1; g < ng; g++) {
            for (int h = 0; h < g; h++) {
              a[g][h] = a[h][g];
              c[g][h] = c[h][g];
            }
          }
          for (int g = 0; g < ng1; g++) {
            if (atRisk[g] > 0) {
              s[g] += fb * (d[1][g] - nd1 * atRisk[g] * (1 - f1Before[g]) / (kmBefore[g] * tq));
            }
          }
          if (nd1 > 0) {
            for (int k = 0; k < ng; k++) {
              if (atRisk[k] <= 0) {
                continue;
              }
              double t4 = km[k] > 0 ? 1 - (1 - f) / km[k] : 1;
              double t5 = nd1 > 1 ? 1 - (nd1 - 1) / (tr * kmBefore[k] - 1) : 1;
              double t3 = t5 * kmBefore[k] * nd1 / (tr * atRisk[k]);
              v3[k] += t4 * t4 * t3;
              for (int i = 0; i < ng1; i++) {
                double t1 = a[i][k] - t4 * c[i][k];
                v2[i][k] += t1 * t4 * t3;
                for (int j = 0; j <= i; j++) {
                  double t2 = a[j][k] - t4 * c[j][k];
                  v[i][j] += t1 * t2 * t3;
                }
              }
            }
          }
          if (nd2 > 0) {
            for (int k = 0; k < ng; k++) {
              if (km[k] <= 0 || d[2][k] <= 0) {
                continue;
              }
              double t4 = (1 - f) / km[k];
              double t5 = d[2][k] > 1 ? 1 - (d[2][k] - 1.0) / (atRisk[k] - 1.0) : 1;
              double t3 = t5 * kmBefore[k] * kmBefore[k] * d[2][k] / (atRisk[k] * atRisk[k]);
              v3[k] += t4 * t4 * t3;
              for (int i = 0; i < ng1; i++) {
                double t1 = t4 * c[i][k];
                v2[i][k] -= t1 * t4 * t3;
                for (int j = 0; j <= i; j++) {
                  double t2 = t4 * c[j][k];
                  v[i][j] += t1 * t2 * t3;
                }
              }
            }
          }
        }
        for (int k = lo; k <= hi; k++) {
          atRisk[group[rows[k]]] -= patients(rows[k]);
        }
        fBefore = f;
        System.arraycopy(f1, 0, f1Before, 0, ng);
        System.arraycopy(km, 0, kmBefore, 0, ng);
        lo = hi + 1;
      }
      for (int i = 0; i < ng1; i++) {
        for (int j = 0; j <= i; j++) {
          for (int k = 0; k < ng; k++) {
            v[i][j] += c[i][k] * c[j][k] * v3[k] + c[i][k] * v2[j][k] + c[j][k] * v2[i][k];
          }
        }
      }
      for (int i = 0; i < ng1; i++) {
        score[i] += s[i];
        for (int j = 0; j <= i; j++) {
          variance[i][j] += v[i][j];
          variance[j][i] = variance[i][j];
        }
      }
    }

    private double patients(int i) {
      return patients == null ? 1 : patients[i];
    }
  }
}
