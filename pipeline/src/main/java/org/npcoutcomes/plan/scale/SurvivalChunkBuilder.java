package org.npcoutcomes.plan.scale;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * Turns rows of the selected columns (time, event, then whichever of group, stratum, weight, cluster and x
 * are present, in that order) into chunks, checking each value as R's Surv and coxph would refuse it.
 */
final class SurvivalChunkBuilder implements Iterator<SurvivalChunk> {
  private final Iterator<Row> rows;
  private final SurvivalColumns columns;
  private final int chunkRows;
  private int p = -1;

  SurvivalChunkBuilder(Iterator<Row> rows, SurvivalColumns columns, int chunkRows) {
    this.rows = rows;
    this.columns = columns;
    this.chunkRows = chunkRows;
  }

  @Override
  public boolean hasNext() {
    return rows.hasNext();
  }

  @Override
  public SurvivalChunk next() {
    if (!rows.hasNext()) {
      throw new NoSuchElementException();
    }
    double[] time = new double[chunkRows];
    boolean[] event = new boolean[chunkRows];
    int[] group = columns.group() == null ? null : new int[chunkRows];
    int[] stratum = columns.stratum() == null ? null : new int[chunkRows];
    double[] weight = columns.weight() == null ? null : new double[chunkRows];
    long[] cluster = columns.cluster() == null ? null : new long[chunkRows];
    double[] x = null;
    int n = 0;
    while (n < chunkRows && rows.hasNext()) {
      Row row = rows.next();
      int c = 0;
      time[n] = row.isNullAt(c) ? Double.NaN : row.getDouble(c);
      if (!(time[n] >= 0)) {
        throw new IllegalArgumentException("time must be a non-negative number, not " + time[n]);
      }
      time[n] += 0.0; // -0 is 0, as == has it
      event[n] = row.getBoolean(required(row, ++c, columns.event()));
      if (group != null) {
        group[n] = row.getInt(required(row, ++c, columns.group()));
      }
      if (stratum != null) {
        stratum[n] = row.getInt(required(row, ++c, columns.stratum()));
      }
      if (weight != null) {
        weight[n] = row.getDouble(required(row, ++c, columns.weight()));
        if (!(weight[n] > 0) || Double.isInfinite(weight[n])) {
          throw new IllegalArgumentException("weights must be positive, not " + weight[n]);
        }
      }
      if (cluster != null) {
        cluster[n] = row.getLong(required(row, ++c, columns.cluster()));
      }
      if (columns.x() != null) {
        List<Double> design = row.getList(required(row, ++c, columns.x()));
        if (p < 0) {
          p = design.size();
        } else if (design.size() != p) {
          throw new IllegalArgumentException("every design row needs " + p + " values, one has " + design.size());
        }
        if (x == null) {
          x = new double[chunkRows * p];
        }
        for (int j = 0; j < p; j++) {
          Double v = design.get(j);
          if (v == null || !Double.isFinite(v)) {
            throw new IllegalArgumentException("design values must be finite numbers, not " + v);
          }
          x[n * p + j] = v;
        }
      }
      n++;
    }
    return new SurvivalChunk(n, Math.max(p, 0), trim(time, n), Arrays.copyOf(event, n), trim(group, n),
        trim(stratum, n), trim(weight, n), trim(cluster, n), x == null ? null : Arrays.copyOf(x, n * p));
  }

  private static int required(Row row, int c, String name) {
    if (row.isNullAt(c)) {
      throw new IllegalArgumentException("column " + name + " has a missing value");
    }
    return c;
  }

  private static double[] trim(double[] a, int n) {
    return a == null || a.length == n ? a : Arrays.copyOf(a, n);
  }

  private static int[] trim(int[] a, int n) {
    return a == null || a.length == n ? a : Arrays.copyOf(a, n);
  }

  private static long[] trim(long[] a, int n) {
    return a == null || a.length == n ? a : Arrays.copyOf(a, n);
  }
}
