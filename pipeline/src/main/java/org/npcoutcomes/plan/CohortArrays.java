package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The columns of one analysis task as arrays. Rows without time, status or treatment are dropped and
 * counted; rows whose treatment is neither arm are dropped and counted apart. Missing covariate and strata
 * values are kept (null / NaN) so that each analysis drops only the rows missing in the columns it uses,
 * as R's {@code na.omit} does per model.
 */
public final class CohortArrays {
  public final double[] time;
  public final boolean[] event;
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
  /** Patient ids, null where the spec names no id column. */
  public final String[] id;
  /** Cause of the event (competing risks), null where missing or not configured. */
  public final String[] cause;
  public final long nRows;
  public final long nDroppedMissing;
  public final long nOtherTreatment;

  private CohortArrays(double[] time, boolean[] event, int[] treated, String[][] categorical, double[][] continuous,
      String[] stratum, String[][] subgroup, String[] id, String[] cause, long nRows, long dropped, long other) {
    this.subgroup = subgroup;
    this.id = id;
    this.cause = cause;
    this.time = time;
    this.event = event;
    this.treated = treated;
    this.categorical = categorical;
    this.continuous = continuous;
    this.stratum = stratum;
    this.nRows = nRows;
    this.nDroppedMissing = dropped;
    this.nOtherTreatment = other;
  }

  private CohortArrays(List<double[]> numeric, List<String[]> text, int nCat, int nCont, int nStrata, int nSubgroups,
      List<String> ids, List<String> causes, long nRows, long dropped, long other) {
    int n = numeric.size();
    subgroup = new String[nSubgroups][n];
    id = ids.toArray(new String[0]);
    cause = causes.toArray(new String[0]);
    time = new double[n];
    event = new boolean[n];
    treated = new int[n];
    categorical = new String[nCat][n];
    continuous = new double[nCont][n];
    stratum = nStrata == 0 ? null : new String[n];
    for (int i = 0; i < n; i++) {
      double[] num = numeric.get(i);
      String[] txt = text.get(i);
      time[i] = num[0];
      event[i] = num[1] == 1.0;
      treated[i] = (int) num[2];
      for (int c = 0; c < nCont; c++) {
        continuous[c][i] = num[3 + c];
      }
      for (int c = 0; c < nCat; c++) {
        categorical[c][i] = txt[c];
      }
      for (int c = 0; c < nSubgroups; c++) {
        subgroup[c][i] = txt[nCat + nStrata + c];
      }
      if (nStrata > 0) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < nStrata && s != null; c++) {
          s = txt[nCat + c] == null ? null : s.append(c == 0 ? "" : "|").append(txt[nCat + c]);
        }
        stratum[i] = s == null ? null : s.toString();
      }
    }
    this.nRows = nRows;
    this.nDroppedMissing = dropped;
    this.nOtherTreatment = other;
  }

  public int size() {
    return time.length;
  }

  /** Rows with strata known (when stratified) and every covariate in {@code names} known. */
  public boolean[] complete(org.npcoutcomes.config.AnalysisSpec spec, List<String> names) {
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
    double[] t = new double[n];
    boolean[] e = new boolean[n];
    int[] a = new int[n];
    String[][] cat = new String[categorical.length][n];
    double[][] cont = new double[continuous.length][n];
    String[] s = stratum == null ? null : new String[n];
    String[][] sub = new String[subgroup.length][n];
    String[] ids = new String[n];
    String[] causes = new String[n];
    for (int i = 0, j = 0; i < keep.length; i++) {
      if (!keep[i]) {
        continue;
      }
      t[j] = time[i];
      e[j] = event[i];
      a[j] = treated[i];
      for (int c = 0; c < cat.length; c++) {
        cat[c][j] = categorical[c][i];
      }
      for (int c = 0; c < cont.length; c++) {
        cont[c][j] = continuous[c][i];
      }
      if (s != null) {
        s[j] = stratum[i];
      }
      for (int c = 0; c < sub.length; c++) {
        sub[c][j] = subgroup[c][i];
      }
      ids[j] = id[i];
      causes[j] = cause[i];
      j++;
    }
    return new CohortArrays(t, e, a, cat, cont, s, sub, ids, causes, nRows, nDroppedMissing, nOtherTreatment);
  }

  /** Sorted distinct values of a categorical column; the first is the reference level. */
  public List<String> levels(int column) {
    return levels(categorical[column]);
  }

  /** Sorted distinct non-missing values, numerically when all are numbers (as R orders factor levels). */
  public static List<String> levels(String[] values) {
    Set<String> distinct = new TreeSet<>();
    for (String v : values) {
      if (v != null) {
        distinct.add(v);
      }
    }
    List<String> levels = new ArrayList<>(distinct);
    // As R orders the levels of a numeric column: by value, not as text ("9" before "10").
    if (levels.stream().allMatch(CohortArrays::isNumber)) {
      levels.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
    }
    return List.copyOf(levels);
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
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

  /** Accumulates rows one at a time (as an executor iterates a group). */
  public static final class Builder {
    private final Set<String> eventValues;
    private final String reference;
    private final String treatedArm;
    private final int nCat;
    private final int nCont;
    private final int nStrata;
    private final int nSubgroups;
    private final List<double[]> numeric = new ArrayList<>();
    private final List<String[]> text = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final List<String> causes = new ArrayList<>();
    private long rows;
    private long dropped;
    private long other;

    public Builder(List<String> eventValues, String reference, String treatedArm, int nCat, int nCont, int nStrata,
        int nSubgroups) {
      this.nSubgroups = nSubgroups;
      this.eventValues = eventValues.stream().map(Builder::normalise).collect(Collectors.toSet());
      this.reference = reference;
      this.treatedArm = treatedArm;
      this.nCat = nCat;
      this.nCont = nCont;
      this.nStrata = nStrata;
    }

    /** Numbers compare by value, so status 2, "2" and 2.0 are one value. */
    static String normalise(String v) {
      if (v == null) {
        return null;
      }
      String t = v.trim();
      try {
        double d = Double.parseDouble(t);
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
      } catch (NumberFormatException e) {
        return t;
      }
    }

    /**
     * @param categoricalAndStrata categorical covariate values, then strata values, then subgroup values
     */
    public void add(Double time, String status, String treatment, String[] categoricalAndStrata,
        Double[] continuousValues) {
      add(time, status, treatment, categoricalAndStrata, continuousValues, null, null);
    }

    public void add(Double time, String status, String treatment, String[] categoricalAndStrata,
        Double[] continuousValues, String id, String cause) {
      rows++;
      String arm = normalise(treatment);
      if (time == null || time.isNaN() || status == null || arm == null) {
        dropped++;
        return;
      }
      int treatedFlag;
      if (arm.equals(normalise(treatedArm))) {
        treatedFlag = 1;
      } else if (arm.equals(normalise(reference))) {
        treatedFlag = 0;
      } else {
        other++;
        return;
      }
      double[] num = new double[3 + nCont];
      num[0] = time;
      num[1] = eventValues.contains(normalise(status)) ? 1.0 : 0.0;
      num[2] = treatedFlag;
      for (int c = 0; c < nCont; c++) {
        num[3 + c] = continuousValues[c] == null ? Double.NaN : continuousValues[c];
      }
      numeric.add(num);
      text.add(categoricalAndStrata.clone());
      ids.add(id);
      causes.add(normalise(cause));
    }

    public CohortArrays build() {
      return new CohortArrays(numeric, text, nCat, nCont, nStrata, nSubgroups, ids, causes, rows, dropped, other);
    }
  }
}
