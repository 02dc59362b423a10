package org.npcoutcomes.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.npcoutcomes.config.RuleSpec;

/** One configured eligibility rule as a Spark predicate over canonical records. */
public record EligibilityRule(RuleSpec spec) {

  public String name() {
    return spec.name();
  }

  /**
   * True where the row is kept. Values are compared in their string form for {@code in} / {@code not-in}
   * (so 8072 and "8072" read the same from config) and numerically for ranges. Never null: a missing
   * value fails unless the rule allows it.
   */
  public Column keeps() {
    Column value = col(spec.field());
    Column test;
    if (spec.in() != null) {
      test = value.cast("string").isin(spec.in().toArray());
    } else if (spec.notIn() != null) {
      test = functionsNot(value.cast("string").isin(spec.notIn().toArray()));
    } else {
      Column number = value.cast("double");
      test = lit(true);
      if (spec.min() != null) {
        test = test.and(number.geq(spec.min()));
      }
      if (spec.max() != null) {
        test = test.and(number.leq(spec.max()));
      }
      if (spec.greaterThan() != null) {
        test = test.and(number.gt(spec.greaterThan()));
      }
    }
    return value.isNull().and(lit(spec.allowMissing())).or(value.isNotNull().and(test));
  }

  private static Column functionsNot(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }
}
