package org.npcoutcomes.cohort;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.npcoutcomes.config.RuleSpec;

/** The ordered eligibility rules of a study and the flow table they produce. */
public final class EligibilityRules {
  private final List<EligibilityRule> rules;

  public EligibilityRules(List<RuleSpec> specs) {
    this.rules = specs.stream().map(EligibilityRule::new).toList();
  }

  /** Rows passing every rule. */
  public Column keepsAll() {
    Column all = lit(true);
    for (EligibilityRule r : rules) {
      all = all.and(r.keeps());
    }
    return all;
  }

  /**
   * Counts, in one pass over the records, how many remain after each rule applied in order; step 0 is
   * every record. Extra final steps (such as arm assignment) are given as named predicates.
   */
  public List<AttritionStep> attrition(Dataset<Row> records, List<NamedPredicate> extraSteps) {
    List<NamedPredicate> steps = new ArrayList<>();
    rules.forEach(r -> steps.add(new NamedPredicate(r.name(), r.spec().description(), r.keeps())));
    steps.addAll(extraSteps);
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)));
    Column cumulative = lit(true);
    for (NamedPredicate s : steps) {
      cumulative = cumulative.and(s.predicate());
      aggregates.add(sum(when(cumulative, 1L).otherwise(0L)));
    }
    Row counts = records.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(new Column[0]))
        .first();
    List<AttritionStep> out = new ArrayList<>();
    long previous = counts.getLong(0);
    out.add(new AttritionStep(0, "all-records", "Clean records in the extract", previous, 0));
    for (int i = 0; i < steps.size(); i++) {
      long remaining = counts.isNullAt(i + 1) ? 0 : counts.getLong(i + 1);
      out.add(new AttritionStep(i + 1, steps.get(i).name(), steps.get(i).description(), remaining,
          previous - remaining));
      previous = remaining;
    }
    return out;
  }

  /** A named predicate that is a step of the flow table without being a configured rule. */
  public record NamedPredicate(String name, String description, Column predicate) {}
}
