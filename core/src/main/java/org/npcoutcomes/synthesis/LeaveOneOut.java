package org.npcoutcomes.synthesis;

import java.util.ArrayList;
import java.util.List;

/** metafor's {@code leave1out}: the model refitted without each study in turn (same method and test). */
public final class LeaveOneOut {
  private LeaveOneOut() {}

  /** Element i is the fit without study i. */
  public static List<PooledEstimate> fits(double[] y, double[] v, TauEstimator method, IntervalTest test,
      double level) {
    int k = y.length;
    List<PooledEstimate> out = new ArrayList<>(k);
    for (int omit = 0; omit < k; omit++) {
      double[] ys = new double[k - 1];
      double[] vs = new double[k - 1];
      for (int i = 0, j = 0; i < k; i++) {
        if (i != omit) {
          ys[j] = y[i];
          vs[j++] = v[i];
        }
      }
      out.add(MetaAnalysis.fit(ys, vs, method, test, level));
    }
    return out;
  }
}
