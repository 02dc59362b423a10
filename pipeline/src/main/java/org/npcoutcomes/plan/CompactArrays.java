package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A partition's (time, status, arm) of one population as primitive arrays, so a large population's
 * competing-risks analysis can gather them compactly (about ten bytes a row).
 */
record CompactArrays(double[] time, byte[] status, byte[] arm) implements Serializable {

  /** Reads rows laid out as {@link ScaleDesign#SCHEMA}. */
  static CompactArrays of(Iterator<Row> rows) {
    List<Row> all = new ArrayList<>();
    rows.forEachRemaining(all::add);
    double[] t = new double[all.size()];
    byte[] s = new byte[all.size()];
    byte[] a = new byte[all.size()];
    for (int i = 0; i < t.length; i++) {
      Row r = all.get(i);
      t[i] = r.getDouble(0);
      s[i] = (byte) r.getInt(2);
      a[i] = (byte) r.getInt(3);
    }
    return new CompactArrays(t, s, a);
  }

  static CohortArrays concat(List<CompactArrays> parts) {
    int n = parts.stream().mapToInt(p -> p.time.length).sum();
    double[] time = new double[n];
    int[] status = new int[n];
    int[] treated = new int[n];
    int at = 0;
    for (CompactArrays p : parts) {
      for (int i = 0; i < p.time.length; i++, at++) {
        time[at] = p.time[i];
        status[at] = p.status[i];
        treated[at] = p.arm[i];
      }
    }
    int[] source = new int[n];
    return new CohortArrays(time, status, treated, new String[0][], new double[0][], null, new String[0][],
        new String[n], null, null, source, n, 0, 0);
  }
}
