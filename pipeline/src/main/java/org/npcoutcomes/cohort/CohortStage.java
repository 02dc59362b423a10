package org.npcoutcomes.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.npcoutcomes.clean.CanonicalSchema;
import org.npcoutcomes.config.CohortSettings;
import org.npcoutcomes.config.OutcomeSpec;

/**
 * Clean canonical records to the analytic cohort: ordered eligibility rules (with their flow table),
 * arm assignment, outcomes and derived covariates.
 */
public final class CohortStage {
  public static final String ARM = "arm";
  public static final String OS_MONTHS = "os_months";
  public static final String OS_EVENT = "os_event";
  public static final String CSS_EVENT = "css_event";
  public static final String CAUSE = "cause";

  private final CohortSettings settings;
  private final EligibilityRules rules;

  public CohortStage(CohortSettings settings) {
    this.settings = settings;
    this.rules = new EligibilityRules(settings.rules());
  }

  /** The cohort and its flow table. */
  public record Output(Dataset<Row> cohort, List<AttritionStep> attrition) {}

  public Output run(Dataset<Row> clean) {
    Column inArm = arm().isNotNull();
    List<AttritionStep> attrition = rules.attrition(clean, List.of(new EligibilityRules.NamedPredicate("arm-assigned",
        "In one of the two treatment arms (" + settings.arms().referenceLabel() + ", "
            + settings.arms().treatedLabel() + ")", inArm)));
    Dataset<Row> eligible = clean.where(rules.keepsAll().and(inArm));
    List<Column> columns = new ArrayList<>();
    columns.add(col(CanonicalSchema.PATIENT_ID));
    columns.add(col(CanonicalSchema.SEQUENCE_NUMBER));
    columns.add(arm().as(ARM));
    columns.addAll(outcomes());
    columns.addAll(new CovariateColumns(settings.covariates()).all());
    return new Output(eligible.select(columns.toArray(new Column[0])), attrition);
  }

  /** Arm label, or null for a record in neither arm. */
  Column arm() {
    CohortSettings.ArmSpec a = settings.arms();
    Column value = col(a.field()).cast("string");
    return when(value.isin(a.treatedValues().toArray()), a.treatedLabel())
        .when(value.isin(a.referenceValues().toArray()), a.referenceLabel());
  }

  private List<Column> outcomes() {
    OutcomeSpec o = settings.outcomes();
    Column dead = matches(o.death());
    Column cancer = matches(o.cancerDeath());
    Column other = matches(o.otherDeath());
    return List.of(
        col(o.timeField()).cast("double").as(OS_MONTHS),
        when(dead, 1).otherwise(0).as(OS_EVENT),
        when(dead.and(cancer), 1).otherwise(0).as(CSS_EVENT),
        when(dead.and(cancer), 1).when(dead.and(other), 2).when(dead, lit(null)).otherwise(0).as(CAUSE));
  }

  private static Column matches(OutcomeSpec.ValueMatch m) {
    Column v = col(m.field()).cast("string");
    return v.isNotNull().and(v.isin(m.values().toArray()));
  }
}
