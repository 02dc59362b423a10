package org.npcoutcomes.stats;

import java.util.Arrays;

/**
 * Tests of independence for an r x c table of counts, as R computes them: Pearson's chi-square with
 * Yates' continuity correction on 2 x 2 tables ({@code chisq.test} default), Fisher's exact test
 * ({@code fisher.test}, two-sided) for r x 2 tables, and the rule of published Table 1s that switches to
 * Fisher when any expected count is below 5.
 */
public final class ContingencyTests {
  /** R's relative tolerance for "as or less probable than the observed table". */
  private static final double FISHER_REL_ERR = 1 + 1e-7;

  private ContingencyTests() {}

  /** A test result; {@code test} names the test used. */
  public record Result(String test, double statistic, double df, double pValue) {}

  public static Result chiSquare(long[][] table, boolean yates) {
    int r = table.length;
    int c = table[0].length;
    double[] rowSums = new double[r];
    double[] colSums = new double[c];
    double n = 0;
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        rowSums[i] += table[i][j];
        colSums[j] += table[i][j];
        n += table[i][j];
      }
    }
    boolean correct = yates && r == 2 && c == 2;
    double correction = 0;
    if (correct) {
      correction = 0.5;
      for (int i = 0; i < r; i++) {
        for (int j = 0; j < c; j++) {
          correction = Math.min(correction, Math.abs(table[i][j] - rowSums[i] * colSums[j] / n));
        }
      }
    }
    double stat = 0;
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        double e = rowSums[i] * colSums[j] / n;
        double d = Math.abs(table[i][j] - e) - correction;
        stat += d * d / e;
      }
    }
    double df = (r - 1.0) * (c - 1.0);
    return new Result(correct ? "chisq_yates" : "chisq", stat, df, ChiSquare.upperTail(stat, df));
  }

  /** Smallest expected count under independence. */
  public static double minExpected(long[][] table) {
    long n = 0;
    long[] rowSums = new long[table.length];
    long[] colSums = new long[table[0].length];
    for (int i = 0; i < table.length; i++) {
      for (int j = 0; j < table[0].length; j++) {
        rowSums[i] += table[i][j];
        colSums[j] += table[i][j];
        n += table[i][j];
      }
    }
    double min = Double.POSITIVE_INFINITY;
    for (long rs : rowSums) {
      for (long cs : colSums) {
        min = Math.min(min, (double) rs * cs / n);
      }
    }
    return min;
  }

  /**
   * Two-sided Fisher exact p for an r x 2 table (rows = levels, columns = two arms): the probability, under
   * fixed margins, of all tables no more probable than the observed one. Tables are enumerated level by
   * level with exact bounds on what the remaining levels can contribute, so whole subtrees are counted or
   * skipped at once (the idea of the network algorithm).
   */
  public static Result fisher(long[][] table) {
    if (table[0].length != 2) {
      throw new IllegalArgumentException("Fisher's test here is for tables with two columns (arms)");
    }
    int r = table.length;
    int[] rows = new int[r];
    int first = 0;
    int n = 0;
    for (int i = 0; i < r; i++) {
      rows[i] = (int) (table[i][0] + table[i][1]);
      first += (int) table[i][0];
      n += rows[i];
    }
    double[] logFactorial = new double[n + 1];
    for (int k = 1; k <= n; k++) {
      logFactorial[k] = logFactorial[k - 1] + Math.log(k);
    }
    FisherSearch search = new FisherSearch(rows, first, logFactorial);
    double observed = 0;
    for (int i = 0; i < r; i++) {
      observed += search.logChoose(rows[i], (int) table[i][0]);
    }
    double p = search.probabilityAtMost(observed + Math.log(FISHER_REL_ERR));
    return new Result("fisher", Double.NaN, Double.NaN, Math.min(1.0, p));
  }

  /** chisq.test's default, but Fisher when any expected count is below 5 (published NPC Table 1 practice). */
  public static Result tableOneRule(long[][] table) {
    if (minExpected(table) < 5 && table[0].length == 2) {
      return fisher(table);
    }
    return chiSquare(table, true);
  }

  /** Exact enumeration with bounds over levels; log-probabilities relative to the common denominator. */
  private static final class FisherSearch {
    private final int[] rows;
    private final int total;
    private final double[] logFactorial;
    private final double[][] maxRest;
    private final double[][] minRest;
    private final int[] restRows;
    private final double logDenominator;
    private double sum;
    private double threshold;

    FisherSearch(int[] rows, int total, double[] logFactorial) {
      this.rows = rows;
      this.total = total;
      this.logFactorial = logFactorial;
      int r = rows.length;
      restRows = new int[r + 1];
      for (int i = r - 1; i >= 0; i--) {
        restRows[i] = restRows[i + 1] + rows[i];
      }
      logDenominator = logChoose(restRows[0], total);
      maxRest = new double[r + 1][total + 1];
      minRest = new double[r + 1][total + 1];
      for (double[] row : maxRest) {
        Arrays.fill(row, Double.NEGATIVE_INFINITY);
      }
      for (double[] row : minRest) {
        Arrays.fill(row, Double.POSITIVE_INFINITY);
      }
      maxRest[r][0] = 0;
      minRest[r][0] = 0;
      for (int i = r - 1; i >= 0; i--) {
        for (int k = 0; k <= Math.min(total, restRows[i]); k++) {
          for (int x = Math.max(0, k - restRows[i + 1]); x <= Math.min(rows[i], k); x++) {
            double here = logChoose(rows[i], x);
            maxRest[i][k] = Math.max(maxRest[i][k], here + maxRest[i + 1][k - x]);
            minRest[i][k] = Math.min(minRest[i][k], here + minRest[i + 1][k - x]);
          }
        }
      }
    }

    double logChoose(int n, int k) {
      return logFactorial[n] - logFactorial[k] - logFactorial[n - k];
    }

    double probabilityAtMost(double logThreshold) {
      threshold = logThreshold;
      sum = 0;
      visit(0, total, 0);
      return sum;
    }

    private void visit(int level, int remaining, double logSoFar) {
      if (logSoFar + maxRest[level][remaining] <= threshold) {
        // every completion is at most as probable: their total is C(rest rows, remaining) (Vandermonde)
        sum += Math.exp(logSoFar + logChoose(restRows[level], remaining) - logDenominator);
        return;
      }
      if (logSoFar + minRest[level][remaining] > threshold) {
        return;
      }
      for (int x = Math.max(0, remaining - restRows[level + 1]); x <= Math.min(rows[level], remaining); x++) {
        visit(level + 1, remaining - x, logSoFar + logChoose(rows[level], x));
      }
    }
  }
}
