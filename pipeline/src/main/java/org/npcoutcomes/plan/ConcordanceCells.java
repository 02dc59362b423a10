package org.npcoutcomes.plan;

import java.io.Serializable;
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

  /** Reads rows of (stratum int, time double, event boolean, risk double, sum w, sum w²). */
  static ConcordanceCells of(Iterator<Row> rows) {
    List<Row> all = new java.util.ArrayList<>();
    rows.forEachRemaining(all::add);
    int n = all.size();
    ConcordanceCells out = new ConcordanceCells(new int[n], new double[n], new boolean[n], new double[n],
        new double[n], new double[n]);
    for (int i = 0; i < n; i++) {
      Row c = all.get(i);
      out.stratum[i] = c.getInt(0);
      out.time[i] = c.getDouble(1);
      out.event[i] = c.getBoolean(2);
      out.risk[i] = c.getDouble(3);
      out.weight[i] = c.getDouble(4);
      out.weightSquared[i] = c.getDouble(5);
    }
    return out;
  }

  /** The concordance of all the parts' cells together, within strata when asked. */
  static ConcordanceIndex.Result concordance(List<ConcordanceCells> parts, boolean stratified) {
    int n = parts.stream().mapToInt(p -> p.time.length).sum();
    ConcordanceCells all = new ConcordanceCells(new int[n], new double[n], new boolean[n], new double[n],
        new double[n], new double[n]);
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
