package org.npcoutcomes.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * An attacker's check, independent of the suppression code: which withheld cells of a table can be worked out
 * exactly from its published cells and relations (sum of coefficient * cell = 0) a reader knows. A withheld
 * cell x is determined when adding the equation "x = anything" does not raise the rank of the relations
 * restricted to the withheld cells (its unit vector is in their row space).
 */
final class Recoverable {
  private final Map<String, Double> cells = new LinkedHashMap<>();
  private final List<Map<String, Integer>> relations = new ArrayList<>();
  private final java.util.Set<String> hidden = new java.util.HashSet<>();

  /** A cell as published (null: withheld). */
  Recoverable cell(String name, Double published) {
    cells.put(name, published);
    return this;
  }

  /** A quantity no table shows (unknown to a reader), that relations go through; not reported. */
  Recoverable hidden(String name) {
    hidden.add(name);
    return cell(name, null);
  }

  /** A cell a reader knows from elsewhere. */
  Recoverable known(String name, double value) {
    return cell(name, value);
  }

  /** total = sum of parts. */
  Recoverable sum(String total, String... parts) {
    Map<String, Integer> r = new LinkedHashMap<>();
    r.put(total, 1);
    for (String p : parts) {
      r.merge(p, -1, Integer::sum);
    }
    relations.add(r);
    return this;
  }

  /** The withheld cells (not the hidden quantities) a reader can work out. */
  List<String> determined() {
    List<String> unknown = new ArrayList<>();
    cells.forEach((name, v) -> {
      if (v == null) {
        unknown.add(name);
      }
    });
    for (Map<String, Integer> r : relations) {
      for (String name : r.keySet()) {
        if (!cells.containsKey(name)) {
          throw new IllegalArgumentException("no cell " + name);
        }
      }
    }
    List<String> out = new ArrayList<>();
    if (unknown.isEmpty()) {
      return out;
    }
    double[][] a = new double[relations.size() + 1][unknown.size()];
    for (int i = 0; i < relations.size(); i++) {
      for (int j = 0; j < unknown.size(); j++) {
        a[i][j] = relations.get(i).getOrDefault(unknown.get(j), 0);
      }
    }
    int rank = rank(a, relations.size());
    for (int j = 0; j < unknown.size(); j++) {
      double[] row = a[relations.size()];
      java.util.Arrays.fill(row, 0);
      row[j] = 1;
      if (!hidden.contains(unknown.get(j)) && rank(a, relations.size() + 1) == rank) {
        out.add(unknown.get(j));
      }
    }
    return out;
  }

  private static int rank(double[][] a, int rows) {
    if (rows == 0) {
      return 0;
    }
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = a[i].clone();
    }
    return new SingularValueDecomposition(new Array2DRowRealMatrix(m, false)).getRank();
  }
}
