package org.npcoutcomes.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.config.PrivacySettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;

/**
 * Small-cell suppression of the aggregate marts before they are published: counts from 1 to min-cell - 1
 * become null, with complementary cells withheld so that none of them can be worked out from the totals and
 * counts published beside it (see {@link SuppressionModel} for the rules, {@link AnalysisCells} and
 * {@link KaplanMeierBlocks} for the relations of the analysis marts, docs/marts.md for the columns). Every mart
 * with counts gets a last column {@code suppressed}, true on the rows where something was withheld; with policy
 * none it is false everywhere and nothing changes. Plain Java on the rows of small marts: no Spark job.
 */
public final class SmallCellSuppression {
  /** The flag column added to every mart with counts. */
  public static final String FLAG = "suppressed";

  private final PrivacySettings settings;

  public SmallCellSuppression(PrivacySettings settings) {
    this.settings = settings;
  }

  public PrivacySettings settings() {
    return settings;
  }

  private SuppressionModel.Result solve(SuppressionModel model) {
    return settings.suppresses() ? model.solve(settings.minCell()) : SuppressionModel.Result.none();
  }

  /**
   * The flow table (step, rule, description, remaining, excluded), in step order. Every remaining count is
   * published: it is the flow diagram, and the last one is the cohort the analysis marts publish by arm. A
   * step that excludes 1..min-cell - 1 records would be given away by the remaining counts around it, so it
   * is merged with its neighbour that excludes fewer (never with step 0), repeatedly, until every row
   * excludes none or at least min-cell: the merged row has the first step's number, the rules joined by
   * {@code +}, the descriptions by {@code " or "}, the remaining count after its last step and the sum of the
   * exclusions. Only when all the exclusions together are fewer than min-cell (the clean records in the run
   * manifest minus the cohort give them anyway) is the one merged count withheld.
   */
  public MartTable attrition(MartTable table) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < table.rows().size(); i++) {
      order.add(i);
    }
    int stepIndex = table.schema().fieldIndex("step");
    order.sort((a, b) -> Double.compare(((Number) table.rows().get(a).get(stepIndex)).doubleValue(),
        ((Number) table.rows().get(b).get(stepIndex)).doubleValue()));
    List<List<Integer>> groups = new ArrayList<>();
    for (int i : order) {
      groups.add(new ArrayList<>(List.of(i)));
    }
    int excludedIndex = table.schema().fieldIndex("excluded");
    java.util.function.ToLongFunction<List<Integer>> excluded = g -> g.stream()
        .mapToLong(i -> ((Number) table.rows().get(i).get(excludedIndex)).longValue()).sum();
    if (settings.suppresses()) {
      while (true) {
        int smallest = -1;
        for (int g = 1; g < groups.size(); g++) {
          long e = excluded.applyAsLong(groups.get(g));
          if (e > 0 && e < settings.minCell()
              && (smallest < 0 || e < excluded.applyAsLong(groups.get(smallest)))) {
            smallest = g;
          }
        }
        if (smallest < 0 || groups.size() <= 2) {
          break;
        }
        int before = smallest - 1 >= 1 ? smallest - 1 : -1;
        int after = smallest + 1 < groups.size() ? smallest + 1 : -1;
        int with = before < 0 ? after : after < 0 ? before
            : excluded.applyAsLong(groups.get(after)) < excluded.applyAsLong(groups.get(before)) ? after : before;
        int first = Math.min(with, smallest);
        groups.get(first).addAll(groups.get(first + 1));
        groups.remove(first + 1);
      }
    }
    StructType schema = table.schema();
    List<Row> rows = new ArrayList<>();
    for (List<Integer> g : groups) {
      Row head = table.rows().get(g.get(0));
      Row tail = table.rows().get(g.get(g.size() - 1));
      Object[] values = new Object[schema.size()];
      for (int c = 0; c < schema.size(); c++) {
        values[c] = tail.get(c);
      }
      values[stepIndex] = head.get(stepIndex);
      if (g.size() > 1) {
        values[schema.fieldIndex("rule")] = join(table, g, "rule", "+");
        values[schema.fieldIndex("description")] = join(table, g, "description", " or ");
        values[excludedIndex] = excluded.applyAsLong(g);
      }
      rows.add(new GenericRowWithSchema(values, schema));
    }
    MartTable merged = new MartTable(schema, rows);
    SuppressionModel model = new SuppressionModel();
    TableCells cells = new TableCells(merged, model);
    for (int i = 0; i < merged.rows().size(); i++) {
      cells.count(i, "excluded");
    }
    return cells.apply(solve(model));
  }

  private static String join(MartTable table, List<Integer> rows, String column, String separator) {
    int c = table.schema().fieldIndex(column);
    return String.join(separator, rows.stream().map(i -> String.valueOf(table.rows().get(i).get(c))).toList());
  }

  /**
   * Rejected rows per file, field and reason: a file's rows add up to its rejected lines, which the run
   * manifest publishes. A file with one reason for all its rejects keeps it withheld when small, though the
   * manifest gives it.
   */
  public MartTable dataQuality(MartTable table) {
    SuppressionModel model = new SuppressionModel();
    TableCells cells = new TableCells(table, model);
    Map<String, List<Integer>> files = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      files.computeIfAbsent(cells.string(i, "source_file"), f -> new ArrayList<>()).add(cells.count(i, "rows"));
    }
    files.values().forEach(parts -> {
      double total = 0;
      for (int c : parts) {
        total += model.value(c);
      }
      model.sum(model.known(total), parts);
    });
    return cells.apply(solve(model));
  }

  /**
   * Missing and unknown records per field and year: the records of a year are one count repeated for every
   * field, and the years add up to the clean records (in the run manifest). The shares follow their counts.
   */
  public MartTable completeness(MartTable table) {
    SuppressionModel model = new SuppressionModel();
    TableCells cells = new TableCells(table, model);
    cells.follows("missing_share", "missing", "records");
    cells.follows("unknown_share", "unknown", "records");
    Map<String, Integer> years = new LinkedHashMap<>();
    Map<String, List<Integer>> fields = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      int records = cells.count(i, "records");
      cells.count(i, "missing");
      cells.count(i, "unknown");
      Integer year = years.putIfAbsent(cells.string(i, "year_of_diagnosis"), records);
      if (year != null) {
        model.same(year, records);
      }
      fields.computeIfAbsent(cells.string(i, "field"), f -> new ArrayList<>()).add(records);
    }
    fields.values().forEach(parts -> {
      double total = 0;
      for (int c : parts) {
        total += model.value(c);
      }
      model.sum(model.known(total), parts);
    });
    return cells.apply(solve(model));
  }

  /**
   * The analyze stage's marts, suppressed together since they publish the same populations' counts; marts
   * without counts are returned as they are. The Kaplan–Meier curves' counts at every distinct time are no
   * table a paper prints: they move to the restricted mart {@code km_counts} ({@link KaplanMeierCounts}), and
   * the aggregate {@code km_curve} keeps the estimates; the numbers at risk a paper prints are
   * survival_at_time's.
   */
  public Map<Mart, MartTable> analysis(Map<Mart, MartTable> marts, String referenceArm, String treatedArm) {
    Map<Mart, MartTable> split = KaplanMeierCounts.split(marts);
    SuppressionModel model = new SuppressionModel();
    AnalysisCells cells = new AnalysisCells(model, split, referenceArm, treatedArm);
    cells.build();
    return cells.apply(solve(model));
  }
}
