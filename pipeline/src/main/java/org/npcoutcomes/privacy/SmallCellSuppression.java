package org.npcoutcomes.privacy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.config.PrivacySettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;

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
    return settings.suppresses() ? model.solve(settings.minCell())
        : new SuppressionModel.Result(new BitSet(), new BitSet());
  }

  /**
   * The flow table (step, rule, description, remaining, excluded), in step order: each step's remaining is the
   * previous one's minus its excluded, and the records excluded by a run of steps are the difference of the
   * remaining counts around it (protected too when small). Step 0 (clean records) is in the run manifest, and
   * the last step (the cohort) in the analysis marts, so a reader has both; neither is used as a complement.
   */
  public MartTable attrition(MartTable table) {
    SuppressionModel model = new SuppressionModel();
    TableCells cells = new TableCells(table, model);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> Double.compare(cells.number(a, "step"), cells.number(b, "step")));
    int[] remaining = cells.counts("remaining");
    int[] excluded = cells.counts("excluded");
    for (int k = 0; k < order.size(); k++) {
      int i = order.get(k);
      if (k == 0) {
        model.markKnown(remaining[i]);
      } else {
        int before = order.get(k - 1);
        model.relation(new int[] {remaining[before], excluded[i], remaining[i]}, new int[] {1, -1, -1});
      }
    }
    // records excluded by several consecutive rules: a difference of two published remaining counts
    for (int a = 0; a < order.size(); a++) {
      for (int b = a + 2; b < order.size(); b++) {
        List<Integer> parts = new ArrayList<>();
        for (int k = a + 1; k <= b; k++) {
          parts.add(excluded[order.get(k)]);
        }
        model.sum(model.hidden(model.value(remaining[order.get(a)]) - model.value(remaining[order.get(b)])), parts);
      }
    }
    if (!order.isEmpty()) {
      int last = remaining[order.get(order.size() - 1)];
      if (last >= 0 && model.value(last) >= settings.minCell()) {
        model.markKnown(last);
      }
    }
    return cells.apply(solve(model));
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
   * without counts are returned as they are.
   */
  public Map<Mart, MartTable> analysis(Map<Mart, MartTable> marts, String referenceArm, String treatedArm) {
    SuppressionModel model = new SuppressionModel();
    AnalysisCells cells = new AnalysisCells(model, marts, referenceArm, treatedArm);
    cells.build(settings.suppresses() ? settings.minCell() : 0);
    return cells.apply(solve(model));
  }
}
