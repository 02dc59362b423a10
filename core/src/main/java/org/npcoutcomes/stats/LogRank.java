package org.npcoutcomes.stats;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The G-rho family of k-sample tests as R's {@code survdiff(Surv ~ group + strata(s), rho)}: rho = 0 is
 * the log-rank test, rho = 1 the Peto–Peto modification. Weights at each event time are the pooled
 * Kaplan–Meier estimate of the stratum just before it, raised to rho.
 */
public final class LogRank {
  private LogRank() {}

  /**
   * @param group group codes 0..k-1
   * @param stratum stratum codes, or null for an unstratified test
   */
  public static LogRankResult test(double[] time, boolean[] event, int[] group, int[] stratum, double rho) {
    int n = time.length;
    int k = Arrays.stream(group).max().orElse(-1) + 1;
    LogRankTotals totals = new LogRankTotals(StratumTimeIndex.of(time, stratum), k);
    for (int i = 0; i < n; i++) {
      totals.add(stratum == null ? 0 : stratum[i], time[i], group[i], event[i]);
    }
    return fromTotals(totals, rho);
  }

  /** The test from per-(stratum, time, group) deaths and rows leaving. */
  public static LogRankResult fromTotals(LogRankTotals totals, double rho) {
    int k = totals.groups();
    StratumTimeIndex index = totals.index();
    double[] observed = new double[k];
    double[] expected = new double[k];
    double[] size = new double[k];
    double[][] variance = new double[k][k];
    for (int s = 0; s < index.strata(); s++) {
      accumulateStratum(totals, index.stratumStart(s), index.stratumStart(s + 1), rho, observed, expected, variance,
          size);
    }
    // chi-square on the first k-1 groups (the variance of all k is singular); generalized inverse by eigen
    RealVector diff = new ArrayRealVector(k - 1);
    RealMatrix v = new Array2DRowRealMatrix(k - 1, k - 1);
    for (int i = 0; i < k - 1; i++) {
      diff.setEntry(i, observed[i] - expected[i]);
      for (int j = 0; j < k - 1; j++) {
        v.setEntry(i, j, variance[i][j]);
      }
    }
    EigenDecomposition eig = new EigenDecomposition(v);
    double[] values = eig.getRealEigenvalues();
    double max = Arrays.stream(values).map(Math::abs).max().orElse(0);
    double chisq = 0;
    int df = 0;
    for (int e = 0; e < values.length; e++) {
      if (values[e] > max * 1e-10 && values[e] > 0) {
        double proj = eig.getEigenvector(e).dotProduct(diff);
        chisq += proj * proj / values[e];
        df++;
      }
    }
    double p = df == 0 ? Double.NaN : ChiSquare.upperTail(chisq, df);
    return new LogRankResult(chisq, df, p, observed, expected, size, rho);
  }

  /** One stratum's blocks, time ascending: the risk set shrinks as the walk goes on. */
  private static void accumulateStratum(LogRankTotals totals, int start, int end, double rho, double[] observed,
      double[] expected, double[][] variance, double[] size) {
    int k = totals.groups();
    double[] groupAtRisk = new double[k];
    for (int b = start; b < end; b++) {
      for (int g = 0; g < k; g++) {
        groupAtRisk[g] += totals.leaving(b, g);
      }
    }
    double atRisk = 0;
    for (int g = 0; g < k; g++) {
      size[g] += groupAtRisk[g];
      atRisk += groupAtRisk[g];
    }
    double km = 1;
    for (int b = start; b < end; b++) {
      double totalDeaths = 0;
      double leaving = 0;
      for (int g = 0; g < k; g++) {
        totalDeaths += totals.deaths(b, g);
        leaving += totals.leaving(b, g);
      }
      if (totalDeaths > 0) {
        double w = rho == 0 ? 1 : Math.pow(km, rho);
        for (int g = 0; g < k; g++) {
          observed[g] += w * totals.deaths(b, g);
          expected[g] += w * totalDeaths * groupAtRisk[g] / atRisk;
        }
        if (atRisk > 1) {
          double factor = w * w * totalDeaths * (atRisk - totalDeaths) / (atRisk * atRisk * (atRisk - 1));
          for (int g = 0; g < k; g++) {
            variance[g][g] += factor * groupAtRisk[g] * atRisk;
            for (int h = 0; h < k; h++) {
              variance[g][h] -= factor * groupAtRisk[g] * groupAtRisk[h];
            }
          }
        }
        km *= (atRisk - totalDeaths) / atRisk;
      }
      for (int g = 0; g < k; g++) {
        groupAtRisk[g] -= totals.leaving(b, g);
      }
      atRisk -= leaving;
    }
  }
}
