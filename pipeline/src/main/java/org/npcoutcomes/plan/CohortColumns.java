package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.npcoutcomes.config.AnalysisOutcome;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.InvalidConfigException;

/**
 * The columns of a cohort table that an analysis reads, checked against the table and selected in a fixed
 * layout: treatment, then per outcome its time and status, categorical covariates, continuous covariates,
 * strata, subgroup variables and the id.
 */
final class CohortColumns implements java.io.Serializable {
  private final AnalysisSpec spec;

  CohortColumns(AnalysisSpec spec) {
    this.spec = spec;
  }

  /** Every configured column must exist in the cohort table; the error names the key that uses it. */
  void check(Dataset<Row> cohort) {
    List<String> present = Arrays.asList(cohort.columns());
    Map<String, List<String>> uses = new LinkedHashMap<>();
    for (int o = 0; o < spec.outcomes().size(); o++) {
      AnalysisOutcome outcome = spec.outcomes().get(o);
      boolean shorthand = spec.outcomes().get(0).name().equals(AnalysisOutcome.PRIMARY);
      String where = shorthand ? "analyze" : "analyze.outcomes[" + o + "]";
      if (outcome.name().equals(AnalysisOutcome.CAUSE_SPECIFIC) && shorthand) {
        uses.put("analyze.cause.column", List.of(outcome.statusColumn()));
        continue;
      }
      uses.merge(where + ".time", List.of(outcome.time()), CohortColumns::concat);
      uses.merge(where + ".status.column", List.of(outcome.statusColumn()), CohortColumns::concat);
    }
    uses.put("analyze.id", spec.id().isEmpty() ? List.of() : List.of(spec.id()));
    uses.put("analyze.treatment.column", List.of(spec.treatmentColumn()));
    uses.put("analyze.covariates.categorical", spec.categorical());
    uses.put("analyze.covariates.continuous", spec.continuous());
    uses.put("analyze.strata", spec.strata());
    uses.put("analyze.subgroups", spec.subgroups());
    uses.put("analyze.sites", spec.sites());
    uses.putAll(BaselineTable.columnUses(spec));
    for (Map.Entry<String, List<String>> use : uses.entrySet()) {
      for (String column : use.getValue()) {
        if (!present.contains(column)) {
          throw new InvalidConfigException(use.getKey(), "column '" + column + "' is not in the cohort table; it has: "
              + String.join(", ", present));
        }
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The analysis columns, cast and in the layout {@link #add} reads. */
  Dataset<Row> select(Dataset<Row> cohort) {
    List<Column> cols = new ArrayList<>();
    cols.add(Columns.named(spec.treatmentColumn()).cast("string"));
    for (AnalysisOutcome o : spec.outcomes()) {
      cols.add(Columns.named(o.time()).try_cast("double"));
      cols.add(Columns.named(o.statusColumn()).cast("string"));
    }
    spec.categorical().forEach(c -> cols.add(Columns.named(c).cast("string")));
    spec.continuous().forEach(c -> cols.add(Columns.named(c).try_cast("double")));
    spec.strata().forEach(c -> cols.add(Columns.named(c).cast("string")));
    spec.groupings().forEach(c -> cols.add(Columns.named(c).cast("string")));
    cols.add(spec.id().isEmpty() ? functions.lit(null).cast("string") : Columns.named(spec.id()).cast("string"));
    cols.addAll(InputOrder.columns(cohort));
    return cohort.select(cols.toArray(new Column[0]));
  }

  /**
   * The order an analysis reads the selected rows in, whatever order Spark returns them in (which follows
   * the input's partitioning). With an id: by id, numerically when both ids are whole numbers, then by every
   * other column. Without one: the input's own order, file by file and line by line ({@link InputOrder}), so
   * the matcher breaks ties in score as R does on the same file. The propensity matcher's ties and its
   * {@code data} order follow this order, and so do the floating-point sums of each task, so results do not
   * depend on how the cohort was partitioned.
   */
  static Comparator<Row> rowOrder() {
    return (a, b) -> {
      int id = a.length() - 1 - InputOrder.WIDTH;
      if (a.isNullAt(id) && b.isNullAt(id)) {
        return InputOrder.compare(a, b, id + 1);
      }
      int c = compareIds(a.isNullAt(id) ? null : a.getString(id), b.isNullAt(id) ? null : b.getString(id));
      for (int i = 0; c == 0 && i < id; i++) {
        c = compareValues(a.get(i), b.get(i));
      }
      return c != 0 ? c : InputOrder.compare(a, b, id + 1);
    };
  }

  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");

  /** Whole numbers first, in numeric order (then as text, so "01" and "1" differ); any other id as text. */
  static int compareIds(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    boolean na = WHOLE_NUMBER.matcher(a).matches();
    boolean nb = WHOLE_NUMBER.matcher(b).matches();
    if (na != nb) {
      return na ? -1 : 1;
    }
    int c = na ? Long.compare(Long.parseLong(a), Long.parseLong(b)) : 0;
    return c != 0 ? c : a.compareTo(b);
  }

  private static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Double x && b instanceof Double y) {
      return Double.compare(x, y);
    }
    return a.toString().compareTo(b.toString());
  }

  /** One selected row as a record. */
  CohortRecord read(Row r) {
    int at = 0;
    String arm = text(r, at++);
    int outcomes = spec.outcomes().size();
    Double[] times = new Double[outcomes];
    String[] statuses = new String[outcomes];
    for (int o = 0; o < outcomes; o++) {
      times[o] = r.isNullAt(at) ? null : r.getDouble(at);
      statuses[o] = text(r, at + 1);
      at += 2;
    }
    String[] categorical = new String[spec.categorical().size()];
    for (int c = 0; c < categorical.length; c++) {
      categorical[c] = text(r, at++);
    }
    Double[] continuous = new Double[spec.continuous().size()];
    for (int c = 0; c < continuous.length; c++) {
      continuous[c] = r.isNullAt(at) ? null : r.getDouble(at);
      at++;
    }
    String[] strata = new String[spec.strata().size()];
    for (int c = 0; c < strata.length; c++) {
      strata[c] = text(r, at++);
    }
    String[] subgroups = new String[spec.groupings().size()];
    for (int c = 0; c < subgroups.length; c++) {
      subgroups[c] = text(r, at++);
    }
    return new CohortRecord(arm, times, statuses, categorical, continuous, strata, subgroups, text(r, at));
  }

  private static String text(Row r, int at) {
    return r.isNullAt(at) ? null : r.getString(at);
  }
}
