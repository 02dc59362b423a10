package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.config.AnalysisSpec;

/**
 * The columns of a whole cohort that an analysis reads, as arrays: every outcome's time and status, the
 * treatment arm, covariates, strata, subgroup variables and ids. Small enough to ship to each executor once;
 * each task takes its outcome and population from it ({@link #arrays}).
 */
public final class CohortTable implements Serializable {
  private static final byte MISSING = RecordCoder.MISSING;
  private static final byte OTHER_ARM = RecordCoder.OTHER_ARM;

  final int n;
  /** [outcome][row], NaN where missing. */
  final double[][] time;
  /** [outcome][row]: 1 event, 2 competing event, 0 censored, -1 missing. */
  final byte[][] status;
  /** 1 treated, 0 reference, -1 missing, -2 another treatment. */
  final byte[] arm;
  final String[][] categorical;
  final double[][] continuous;
  /** Combined strata label per row, null where a stratum is missing or the spec has none. */
  final String[] stratum;
  final String[][] subgroup;
  final String[] id;
  /** Names of the grouping columns (subgroups, then sites), in the order of {@link #subgroup}. */
  private final List<String> variables;

  private CohortTable(Builder b) {
    variables = b.subgroupNames;
    n = b.arm.size();
    int outcomes = b.time.length;
    time = new double[outcomes][];
    status = new byte[outcomes][];
    for (int o = 0; o < outcomes; o++) {
      time[o] = b.time[o].stream().mapToDouble(Double::doubleValue).toArray();
      status[o] = toBytes(b.status[o]);
    }
    arm = toBytes(b.arm);
    categorical = b.categorical.stream().map(l -> l.toArray(new String[0])).toArray(String[][]::new);
    subgroup = b.subgroup.stream().map(l -> l.toArray(new String[0])).toArray(String[][]::new);
    continuous = b.continuous.stream().map(l -> l.stream().mapToDouble(Double::doubleValue).toArray())
        .toArray(double[][]::new);
    stratum = b.stratified ? b.stratum.toArray(new String[0]) : null;
    id = b.id.toArray(new String[0]);
  }

  private static byte[] toBytes(List<Byte> values) {
    byte[] out = new byte[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  public int size() {
    return n;
  }

  /**
   * One outcome in one population: the rows at {@code rows.rows()} whose time, status and arm are known,
   * time measured from {@code rows.shift()}, with the population's weights or matched sets.
   */
  CohortArrays arrays(int outcome, PopulationRows rows) {
    int[] kept = new int[rows.rows().length];
    int m = 0;
    long dropped = 0;
    long other = 0;
    for (int k = 0; k < rows.rows().length; k++) {
      int i = rows.rows()[k];
      if (arm[i] == OTHER_ARM) {
        other++;
      } else if (arm[i] == MISSING || Double.isNaN(time[outcome][i]) || status[outcome][i] == MISSING) {
        dropped++;
      } else {
        kept[m++] = k;
      }
    }
    int[] selected = new int[m];
    double[] weight = rows.weight() == null ? null : new double[m];
    int[] cluster = rows.cluster() == null ? null : new int[m];
    for (int j = 0; j < m; j++) {
      selected[j] = rows.rows()[kept[j]];
      if (weight != null) {
        weight[j] = rows.weight()[kept[j]];
      }
      if (cluster != null) {
        cluster[j] = rows.cluster()[kept[j]];
      }
    }
    CohortArrays chosen = whole(outcome).select(selected);
    double[] t = chosen.time;
    for (int j = 0; j < m; j++) {
      t[j] -= rows.shift();
    }
    return new CohortArrays(t, chosen.status, chosen.treated, chosen.categorical, chosen.continuous,
        chosen.stratum, chosen.subgroup, chosen.id, weight, cluster, chosen.source, rows.rows().length, dropped,
        other);
  }

  /** Every row of the table for one outcome, sharing the table's arrays (select from it, never change it). */
  private CohortArrays whole(int outcome) {
    int[] s = new int[n];
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = status[outcome][i];
      a[i] = arm[i];
    }
    return new CohortArrays(time[outcome], s, a, categorical, continuous, stratum, subgroup, id, null, null,
        allRows(), n, 0, 0);
  }

  /** The rows of a population for one outcome (a landmark depends on the outcome's time). */
  PopulationRows rows(Population p, int outcome, Adjustments adjustments) {
    return switch (p.kind()) {
      case OVERALL -> PopulationRows.of(allRows());
      case SUBGROUP, SITE -> {
        int v = subgroupIndex(p.variable());
        yield PopulationRows.of(where(i -> p.level().equals(subgroup[v][i])));
      }
      case LANDMARK -> new PopulationRows(where(i -> time[outcome][i] >= p.landmark()), null, null, p.landmark());
      case MATCHED -> new PopulationRows(adjustments.matchedRows(), null, adjustments.matchedSet(), 0);
      case WEIGHTED -> {
        int[] rows = adjustments.scoredRows();
        double[] all = adjustments.weights().get(p.name());
        double[] w = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
          w[k] = all[k];
        }
        yield new PopulationRows(rows, w, null, 0);
      }
    };
  }

  private int subgroupIndex(String variable) {
    int v = variables.indexOf(variable);
    if (v < 0) {
      throw new IllegalArgumentException("no subgroup variable " + variable);
    }
    return v;
  }


  /** Observed levels of each subgroup variable, in the spec's order. */
  List<String> subgroupLevels(AnalysisSpec spec, int variable) {
    return spec.levels().arrange(variables.get(variable), java.util.Arrays.asList(subgroup[variable]));
  }

  int[] allRows() {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }

  private int[] where(java.util.function.IntPredicate keep) {
    return java.util.stream.IntStream.range(0, n).filter(keep).toArray();
  }

  public static Builder builder(AnalysisSpec spec) {
    return new Builder(spec);
  }

  /** Accumulates rows one at a time, as they are read from a cohort table. */
  public static final class Builder {
    private final RecordCoder coder;
    private final boolean stratified;
    private final List<Double>[] time;
    private final List<Byte>[] status;
    private final List<Byte> arm = new ArrayList<>();
    private final List<List<String>> categorical = new ArrayList<>();
    private final List<List<Double>> continuous = new ArrayList<>();
    private final List<List<String>> subgroup = new ArrayList<>();
    private final List<String> stratum = new ArrayList<>();
    private final List<String> id = new ArrayList<>();
    private final List<String> subgroupNames;
    /** One copy of each distinct text value, so a broadcast table holds each level once. */
    private final Map<String, String> interned = new HashMap<>();

    @SuppressWarnings("unchecked")
    private Builder(AnalysisSpec spec) {
      coder = new RecordCoder(spec);
      stratified = spec.stratified();
      time = new List[spec.outcomes().size()];
      status = new List[spec.outcomes().size()];
      for (int o = 0; o < time.length; o++) {
        time[o] = new ArrayList<>();
        status[o] = new ArrayList<>();
      }
      spec.categorical().forEach(c -> categorical.add(new ArrayList<>()));
      spec.continuous().forEach(c -> continuous.add(new ArrayList<>()));
      spec.groupings().forEach(c -> subgroup.add(new ArrayList<>()));
      subgroupNames = spec.groupings();
    }

    /**
     * @param times one per outcome (null = missing)
     * @param statuses one per outcome, the status column's value (null = missing)
     * @param strata the strata columns' values
     */
    public void add(String treatment, Double[] times, String[] statuses, String[] categoricalValues,
        Double[] continuousValues, String[] strata, String[] subgroups, String patientId) {
      add(new CohortRecord(treatment, times, statuses, categoricalValues, continuousValues, strata, subgroups,
          patientId));
    }

    void add(CohortRecord r) {
      arm.add(coder.arm(r.treatment()));
      for (int o = 0; o < time.length; o++) {
        time[o].add(r.times()[o] == null ? Double.NaN : r.times()[o]);
        status[o].add(coder.status(o, r.statuses()[o]));
      }
      for (int c = 0; c < categorical.size(); c++) {
        categorical.get(c).add(intern(r.categorical()[c]));
      }
      for (int c = 0; c < continuous.size(); c++) {
        continuous.get(c).add(r.continuous()[c] == null ? Double.NaN : r.continuous()[c]);
      }
      for (int c = 0; c < subgroup.size(); c++) {
        subgroup.get(c).add(intern(r.subgroups()[c]));
      }
      if (stratified) {
        stratum.add(intern(r.stratumLabel()));
      }
      id.add(r.id());
    }

    private String intern(String v) {
      return v == null ? null : interned.computeIfAbsent(v, k -> k);
    }

    public CohortTable build() {
      return new CohortTable(this);
    }
  }
}
