package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The columns of one analysis as arrays, after R's {@code na.omit}: a row with a missing value in any
 * used column is dropped and counted. Rows whose treatment is neither arm are dropped and counted apart.
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
  public final long nRows;
  public final long nDroppedMissing;
  public final long nOtherTreatment;

  private CohortArrays(List<double[]> numeric, List<String[]> text, int nCat, int nCont, int nStrata, long nRows,
      long dropped, long other) {
    int n = numeric.size();
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
      if (nStrata > 0) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < nStrata; c++) {
          s.append(c == 0 ? "" : "|").append(txt[nCat + c]);
        }
        stratum[i] = s.toString();
      }
    }
    this.nRows = nRows;
    this.nDroppedMissing = dropped;
    this.nOtherTreatment = other;
  }

  public int size() {
    return time.length;
  }

  /** Sorted distinct values of a categorical column; the first is the reference level. */
  public List<String> levels(int column) {
    Set<String> levels = new TreeSet<>();
    for (String v : categorical[column]) {
      levels.add(v);
    }
    return List.copyOf(levels);
  }

  /** Stratum labels mapped to 0..k-1 (sorted), or null when unstratified. */
  public int[] stratumCodes() {
    if (stratum == null) {
      return null;
    }
    List<String> labels = new ArrayList<>(new TreeSet<>(List.of(stratum)));
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
    private final List<double[]> numeric = new ArrayList<>();
    private final List<String[]> text = new ArrayList<>();
    private long rows;
    private long dropped;
    private long other;

    public Builder(List<String> eventValues, String reference, String treatedArm, int nCat, int nCont, int nStrata) {
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
     * @param categoricalAndStrata categorical covariate values followed by strata values
     */
    public void add(Double time, String status, String treatment, String[] categoricalAndStrata,
        Double[] continuousValues) {
      rows++;
      String arm = normalise(treatment);
      boolean missing = time == null || time.isNaN() || status == null || arm == null;
      for (String s : categoricalAndStrata) {
        missing |= s == null;
      }
      for (Double d : continuousValues) {
        missing |= d == null || d.isNaN();
      }
      if (missing) {
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
        num[3 + c] = continuousValues[c];
      }
      numeric.add(num);
      text.add(categoricalAndStrata.clone());
    }

    public CohortArrays build() {
      return new CohortArrays(numeric, text, nCat, nCont, nStrata, rows, dropped, other);
    }
  }
}
