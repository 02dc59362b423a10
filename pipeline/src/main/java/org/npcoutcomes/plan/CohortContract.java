package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.npcoutcomes.config.AnalysisOutcome;
import org.npcoutcomes.config.AnalysisSpec;

/**
 * The input contract of a cohort table given to an analysis (a CSV or Parquet table for {@code --job analyze},
 * or the cohort a run staged), checked on the whole table before any task runs: it has rows; every time is
 * missing, unreadable (left out) or a finite number at least 0; every status value is missing (left out) or one
 * of the outcome's declared codes; no id is on two rows when {@code analyze.id} is set; both treatment levels
 * occur; the primary outcome has {@code analyze.min-rows-per-arm} rows and {@code analyze.min-events-per-arm}
 * events in each arm. Every problem found is reported at once ({@link CohortContractException}); when there is
 * none, the counts of rows left out and why are the {@code analysis_inputs} mart. One pass over the table on
 * Spark (plus one grouping by id), whatever its size.
 */
public final class CohortContract {
  private final AnalysisSpec spec;

  public CohortContract(AnalysisSpec spec) {
    this.spec = spec;
  }

  /** One row of the analysis_inputs mart: rows of the input table, per outcome and reason. */
  public record InputRow(String outcome, String reason, long rows) {}

  /** Checks the table; returns the analysis_inputs rows, or throws naming every problem found. */
  public List<InputRow> check(Dataset<Row> cohort) {
    InputTally tally = tally(cohort);
    List<String> inputErrors = new ArrayList<>();
    List<String> qualityErrors = new ArrayList<>();
    if (tally.rows == 0) {
      throw new CohortContractException("the cohort table has no rows (a header only?): nothing to analyse, "
          + "and the published output of this run id is kept", false);
    }
    for (int o = 0; o < spec.outcomes().size(); o++) {
      AnalysisOutcome outcome = spec.outcomes().get(o);
      if (tally.badTime[o] > 0) {
        inputErrors.add(String.format("column '%s' (time of outcome %s): %,d negative or infinite times, e.g. %s",
            outcome.time(), outcome.name(), tally.badTime[o], String.join(", ", tally.badTimeExamples.get(o))));
      }
      if (tally.undeclared[o] > 0) {
        inputErrors.add(String.format("column '%s' (status of outcome %s): %,d %s with values that are not "
            + "declared codes: %s; declared: event %s, competing %s, censored %s (set the outcome's status.censored "
            + "or status.competing, or fix the table), e.g. %s", outcome.statusColumn(), outcome.name(),
            tally.undeclared[o], tally.undeclared[o] == 1 ? "row" : "rows", values(tally.undeclaredValues.get(o)), outcome.eventValues(),
            outcome.competingValues(), outcome.censoredValues(), String.join(", ", tally.undeclaredExamples.get(o))));
      }
    }
    String[] armNames = {spec.referenceArm(), spec.treatedArm()};
    String[] armRoles = {"reference", "treated"};
    for (int a = 0; a < 2; a++) {
      if (tally.armRows[a] == 0) {
        inputErrors.add(String.format("column '%s' (analyze.treatment): the %s level '%s' does not occur in the "
            + "%,d rows; other levels: %s", spec.treatmentColumn(), armRoles[a], armNames[a], tally.rows,
            tally.otherLevels.isEmpty() ? "none" : values(tally.otherLevels)));
      }
    }
    if (!spec.id().isEmpty()) {
      duplicates(cohort, inputErrors);
    }
    if (inputErrors.isEmpty()) {
      // The minimums apply to the primary outcome; a thin secondary outcome is flagged by its tasks.
      AnalysisOutcome primary = spec.primaryOutcome();
      for (int a = 0; a < 2; a++) {
        if (tally.analysed[0][a] < spec.minRowsPerArm()) {
          qualityErrors.add(String.format("outcome %s: arm '%s' has %,d rows with time and status known, fewer "
              + "than analyze.min-rows-per-arm = %d", primary.name(), armNames[a], tally.analysed[0][a],
              spec.minRowsPerArm()));
        } else if (tally.events[0][a] < spec.minEventsPerArm()) {
          qualityErrors.add(String.format("outcome %s: arm '%s' has %,d events (status %s in column '%s') in %,d "
              + "rows, fewer than analyze.min-events-per-arm = %d", primary.name(), armNames[a], tally.events[0][a],
              primary.eventValues(), primary.statusColumn(), tally.analysed[0][a], spec.minEventsPerArm()));
        }
      }
    }
    if (!inputErrors.isEmpty() || !qualityErrors.isEmpty()) {
      List<String> all = new ArrayList<>(inputErrors);
      all.addAll(qualityErrors);
      throw new CohortContractException("the cohort table breaks the analysis's input contract ("
          + all.size() + (all.size() == 1 ? " problem" : " problems") + "):\n  " + String.join("\n  ", all),
          inputErrors.isEmpty());
    }
    return rows(tally);
  }

  /** The analysis_inputs rows: whole-table counts (outcome null), then each outcome's rows left out and kept. */
  private List<InputRow> rows(InputTally t) {
    List<InputRow> out = new ArrayList<>();
    out.add(new InputRow(null, "rows_read", t.rows));
    out.add(new InputRow(null, "missing_treatment", t.missingTreatment));
    out.add(new InputRow(null, "other_treatment", t.otherTreatment));
    for (int o = 0; o < spec.outcomes().size(); o++) {
      String name = spec.outcomes().get(o).name();
      out.add(new InputRow(name, "missing_time", t.missingTime[o]));
      out.add(new InputRow(name, "unreadable_time", t.unreadableTime[o]));
      out.add(new InputRow(name, "missing_status", t.missingStatus[o]));
      out.add(new InputRow(name, "analysed", t.analysed[o][0] + t.analysed[o][1]));
    }
    return out;
  }

  private static String values(Map<String, Long> counts) {
    return counts.entrySet().stream().map(e -> String.format("'%s' (%,d %s)", e.getKey(), e.getValue(),
        e.getValue() == 1 ? "row" : "rows")).collect(Collectors.joining(", "));
  }

  /** The columns the contract reads, as text (the times also as numbers, as the analysis casts them). */
  private InputTally tally(Dataset<Row> cohort) {
    List<Column> cols = new ArrayList<>();
    cols.add(Columns.named(spec.treatmentColumn()).cast("string"));
    for (AnalysisOutcome o : spec.outcomes()) {
      cols.add(Columns.named(o.time()).cast("string"));
      cols.add(Columns.named(o.time()).try_cast("double"));
      cols.add(Columns.named(o.statusColumn()).cast("string"));
    }
    cols.add(spec.id().isEmpty() ? functions.lit(null).cast("string") : Columns.named(spec.id()).cast("string"));
    Dataset<Row> selected = cohort.select(cols.toArray(new Column[0]));
    AnalysisSpec s = spec;
    int outcomes = spec.outcomes().size();
    return selected.javaRDD().mapPartitions((Iterator<Row> it) -> {
      RecordCoder coder = new RecordCoder(s);
      InputTally tally = new InputTally(outcomes);
      String[] rawTimes = new String[outcomes];
      Double[] times = new Double[outcomes];
      String[] rawStatuses = new String[outcomes];
      byte[] statuses = new byte[outcomes];
      while (it.hasNext()) {
        Row r = it.next();
        String treatment = r.isNullAt(0) ? null : r.getString(0);
        for (int o = 0; o < outcomes; o++) {
          int at = 1 + 3 * o;
          rawTimes[o] = r.isNullAt(at) ? null : r.getString(at);
          times[o] = r.isNullAt(at + 1) ? null : r.getDouble(at + 1);
          rawStatuses[o] = r.isNullAt(at + 2) ? null : r.getString(at + 2);
          statuses[o] = coder.status(o, rawStatuses[o]);
        }
        int idAt = 1 + 3 * outcomes;
        String label = r.isNullAt(idAt) ? "a row with " + s.treatmentColumn() + " " + treatment
            : "id " + r.getString(idAt);
        tally.add(coder.arm(treatment), treatment, rawTimes, times, statuses, rawStatuses, label);
      }
      return List.of(tally).iterator();
    }).fold(new InputTally(outcomes), InputTally::merge);
  }

  /** Ids on more than one row: the count of such ids, their rows and a few of them. */
  private void duplicates(Dataset<Row> cohort, List<String> errors) {
    Dataset<Row> repeated = cohort.select(Columns.named(spec.id()).cast("string").as("id"))
        .where(functions.col("id").isNotNull()).groupBy("id").count().where(functions.col("count").gt(1));
    Row totals = repeated.agg(functions.count(functions.lit(1)), functions.sum("count")).first();
    long ids = totals.getLong(0);
    if (ids == 0) {
      return;
    }
    List<String> examples = repeated.orderBy(functions.col("count").desc(), functions.col("id"))
        .limit(InputTally.EXAMPLES).collectAsList().stream()
        .map(r -> "id " + r.getString(0) + " (" + r.getLong(1) + " rows)").toList();
    errors.add(String.format("column '%s' (analyze.id): %,d %s on more than one row (%,d rows in all), e.g. %s",
        spec.id(), ids, ids == 1 ? "id is" : "ids are", totals.getLong(1), String.join(", ", examples)));
  }
}
