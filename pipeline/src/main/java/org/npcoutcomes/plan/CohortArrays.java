package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.design.LevelOrder;

/**
 * The columns of one outcome in one population as arrays, the form every estimator takes. Rows without time,
 * status or treatment are already left out and counted; rows whose treatment is neither arm are left out and
 * counted apart. Missing covariate and strata values are kept (null / NaN) so that each analysis drops only
 * the rows missing in the columns it uses, as R's {@code na.omit} does per model.
 */
public final class CohortArrays {
  public final double[] time;
  public final boolean[] event;
  /** Competing-risks status: 1 the event, 2 a competing event, 0 censored. */
  public final int[] status;
  /** 1 = treated arm, 0 = reference arm. */
  public final int[] treated;
  /** [column][row] */
  public final String[][] categorical;
  /** [column][row] */
  public final double[][] continuous;
  /** Combined strata label per row, or null when the analysis is not stratified. */
  public final String[] stratum;
  /** Subgroup variable values, [variable][row]; null where missing. */
  public final String[][] subgroup;
  /** Patient ids (null values where the spec names no id column). */
  public final String[] id;
  /** Case weights of a weighted population, or null. */
  public final double[] weight;
  /** Matched set of each row of a matched population, or null. */
  public final int[] cluster;
  /** Position of each row in the cohort table it was taken from. */
  public final int[] source;
  public final long nRows;
  public final long nDroppedMissing;
  public final long nOtherTreatment;

  CohortArrays(double[] time, int[] status, int[] treated, String[][] categorical, double[][] continuous,
      String[] stratum, String[][] subgroup, String[] id, double[] weight, int[] cluster, int[] source, long nRows,
      long dropped, long other) {
    this.source = source;
    this.time = time;
    this.status = status;
    this.event = new boolean[status.length];
    for (int i = 0; i < status.length; i++) {
      event[i] = status[i] == 1;
    }
    this.treated = treated;
    this.categorical = categorical;
    this.continuous = continuous;
    this.stratum = stratum;
    this.subgroup = subgroup;
    this.id = id;
    this.weight = weight;
    this.cluster = cluster;
    this.nRows = nRows;
    this.nDroppedMissing = dropped;
    this.nOtherTreatment = other;
  }

  public int size() {
    return time.length;
  }

  /** The same rows, not stratified. */
  public CohortArrays withoutStrata() {
    return stratum == null ? this : new CohortArrays(time, status, treated, categorical, continuous, null, subgroup,
        id, weight, cluster, source, nRows, nDroppedMissing, nOtherTreatment);
  }

  /** Rows with strata known (when stratified) and every covariate in {@code names} known. */
  public boolean[] complete(AnalysisSpec spec, List<String> names) {
    boolean[] keep = complete(false);
    for (String name : names) {
      int c = spec.categorical().indexOf(name);
      for (int i = 0; i < keep.length; i++) {
        keep[i] &= c >= 0 ? categorical[c][i] != null
            : !Double.isNaN(continuous[spec.continuous().indexOf(name)][i]);
      }
    }
    return keep;
  }

  /** Which rows an analysis can use: strata known (when stratified) and, if asked, every covariate known. */
  public boolean[] complete(boolean covariatesNeeded) {
    boolean[] keep = new boolean[size()];
    for (int i = 0; i < keep.length; i++) {
      boolean ok = stratum == null || stratum[i] != null;
      for (int c = 0; covariatesNeeded && c < categorical.length; c++) {
        ok &= categorical[c][i] != null;
      }
      for (int c = 0; covariatesNeeded && c < continuous.length; c++) {
        ok &= !Double.isNaN(continuous[c][i]);
      }
      keep[i] = ok;
    }
    return keep;
  }

  /** The rows where {@code keep} is true. */
  public CohortArrays subset(boolean[] keep) {
    int n = 0;
    for (boolean k : keep) {
      n += k ? 1 : 0;
    }
    int[] rows = new int[n];
    for (int i = 0, j = 0; i < keep.length; i++) {
      if (keep[i]) {
        rows[j++] = i;
      }
    }
    return select(rows);
  }

  /** The rows at the given positions, in that order (a position may repeat). */
  public CohortArrays select(int[] rows) {
    int n = rows.length;
    double[] t = new double[n];
    int[] s = new int[n];
    int[] a = new int[n];
    String[][] cat = new String[categorical.length][n];
    double[][] cont = new double[continuous.length][n];
    String[] strat = stratum == null ? null : new String[n];
    String[][] sub = new String[subgroup.length][n];
    String[] ids = new String[n];
    double[] w = weight == null ? null : new double[n];
    int[] cl = cluster == null ? null : new int[n];
    int[] src = new int[n];
    for (int j = 0; j < n; j++) {
      int i = rows[j];
      src[j] = source[i];
      t[j] = time[i];
      s[j] = status[i];
      a[j] = treated[i];
      for (int c = 0; c < cat.length; c++) {
        cat[c][j] = categorical[c][i];
      }
      for (int c = 0; c < cont.length; c++) {
        cont[c][j] = continuous[c][i];
      }
      if (strat != null) {
        strat[j] = stratum[i];
      }
      for (int c = 0; c < sub.length; c++) {
        sub[c][j] = subgroup[c][i];
      }
      ids[j] = id[i];
      if (w != null) {
        w[j] = weight[i];
      }
      if (cl != null) {
        cl[j] = cluster[i];
      }
    }
    return new CohortArrays(t, s, a, cat, cont, strat, sub, ids, w, cl, src, nRows, nDroppedMissing, nOtherTreatment);
  }

  /** Levels of a categorical column in the spec's order ({@link LevelOrder}); the first is the reference. */
  public List<String> levels(AnalysisSpec spec, int column) {
    return spec.levels().arrange(spec.categorical().get(column), Arrays.asList(categorical[column]));
  }

  /** Stratum labels mapped to 0..k-1 (sorted), or null when unstratified. */
  public int[] stratumCodes() {
    if (stratum == null) {
      return null;
    }
    TreeSet<String> distinct = new TreeSet<>();
    for (String s : stratum) {
      if (s == null) {
        throw new IllegalStateException("missing stratum: take the complete rows first");
      }
      distinct.add(s);
    }
    List<String> labels = new ArrayList<>(distinct);
    int[] codes = new int[stratum.length];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = labels.indexOf(stratum[i]);
    }
    return codes;
  }

  /** Rows of one arm. */
  public CohortArrays arm(int arm) {
    boolean[] keep = new boolean[size()];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = treated[i] == arm;
    }
    return subset(keep);
  }

  public long events() {
    long e = 0;
    for (boolean b : event) {
      e += b ? 1 : 0;
    }
    return e;
  }
}
