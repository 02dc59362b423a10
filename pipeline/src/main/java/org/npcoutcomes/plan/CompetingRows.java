package org.npcoutcomes.plan;

/**
 * What the competing-risks estimators read of a population: time, status (0 censored, 1 the event, 2 a
 * competing event) and arm, each row standing for {@code patients[i]} patients. In memory every row is one
 * patient; a large population arrives as its counts per distinct (time, status, arm), a few thousand rows
 * whatever its size, which give the same estimates.
 */
record CompetingRows(double[] time, int[] status, int[] treated, double[] patients) {

  /** One row per patient. */
  static CompetingRows of(CohortArrays data) {
    double[] ones = new double[data.size()];
    java.util.Arrays.fill(ones, 1);
    return new CompetingRows(data.time, data.status, data.treated, ones);
  }

  int rows() {
    return time.length;
  }

  long patientCount() {
    double n = 0;
    for (double c : patients) {
      n += c;
    }
    return Math.round(n);
  }

  long events() {
    double e = 0;
    for (int i = 0; i < status.length; i++) {
      e += status[i] == 1 ? patients[i] : 0;
    }
    return Math.round(e);
  }

  boolean anyEventOrCompeting() {
    for (int s : status) {
      if (s > 0) {
        return true;
      }
    }
    return false;
  }

  boolean bothArms() {
    boolean[] seen = new boolean[2];
    for (int t : treated) {
      seen[t] = true;
    }
    return seen[0] && seen[1];
  }

  /** The rows of one arm. */
  CompetingRows arm(int arm) {
    int n = 0;
    for (int t : treated) {
      n += t == arm ? 1 : 0;
    }
    double[] t = new double[n];
    int[] s = new int[n];
    int[] a = new int[n];
    double[] c = new double[n];
    for (int i = 0, j = 0; i < time.length; i++) {
      if (treated[i] == arm) {
        t[j] = time[i];
        s[j] = status[i];
        a[j] = arm;
        c[j++] = patients[i];
      }
    }
    return new CompetingRows(t, s, a, c);
  }
}
