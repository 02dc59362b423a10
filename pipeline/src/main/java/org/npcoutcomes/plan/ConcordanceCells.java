package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.npcoutcomes.stats.ConcordanceIndex;

/**
 * A partition's (stratum, time, event, risk) concordance cells with their summed weights and squared weights,
 * as primitive arrays: with a continuous linear predictor there are nearly as many cells as rows, and rows
 * gathered as Spark rows would take several times the driver's memory (about 37 bytes a cell here).
 */
record ConcordanceCells(int[] stratum, double[] time, boolean[] event, double[] risk, double[] weight,
    double[] weightSquared) implements Serializable {

  /** Reads rows of (stratum int, time double, event boolean, risk double, sum w, sum w²) as they stream. */
  static ConcordanceCells of(Iterator<Row> rows) {
    ConcordanceCells out = sized(1024);
    int n = 0;
    while (rows.hasNext()) {
      if (n == out.time.length) {
        out = out.resized(2 * n);
      }
      Row c = rows.next();
      out.stratum[n] = c.getInt(0);
      out.time[n] = c.getDouble(1);
      out.event[n] = c.getBoolean(2);
      out.risk[n] = c.getDouble(3);
      out.weight[n] = c.getDouble(4);
      out.weightSquared[n++] = c.getDouble(5);
    }
    return out.resized(n);
  }

  private static ConcordanceCells sized(int n) {
    return new ConcordanceCells(new int[n], new double[n], new boolean[n], new double[n], new double[n],
        new double[n]);
  }

  /** These cells in arrays of length {@code n}, cut or padded. */
  private ConcordanceCells resized(int n) {
    return new ConcordanceCells(Arrays.copyOf(stratum, n), Arrays.copyOf(time, n), Arrays.copyOf(event, n),
        Arrays.copyOf(risk, n), Arrays.copyOf(weight, n), Arrays.copyOf(weightSquared, n));
  }

  /** The concordance of all the parts' cells together, within strata when asked. */
  static ConcordanceIndex.Result concordance(List<ConcordanceCells> parts, boolean stratified) {
    int n = parts.stream().mapToInt(p -> p.time.length).sum();
    ConcordanceCells all = sized(n);
    int at = 0;
    for (ConcordanceCells p : parts) {
      int m = p.time.length;
      System.arraycopy(p.stratum, 0, all.stratum, at, m);
      System.arraycopy(p.time, 0, all.time, at, m);
      System.arraycopy(p.event, 0, all.event, at, m);
      System.arraycopy(p.risk, 0, all.risk, at, m);
      System.arraycopy(p.weight, 0, all.weight, at, m);
      System.arraycopy(p.weightSquared, 0, all.weightSquared, at, m);
      at += m;
    }
    return ConcordanceIndex.ofCells(all.time, all.event, all.risk, all.weight, all.weightSquared,
        stratified ? all.stratum : null);
  }
}
