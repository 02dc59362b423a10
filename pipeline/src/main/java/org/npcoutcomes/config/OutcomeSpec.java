package org.npcoutcomes.config;

import java.util.List;

/** Which canonical fields and values define the survival outcomes of the cohort. */
public record OutcomeSpec(String timeField, ValueMatch death, ValueMatch cancerDeath, ValueMatch otherDeath) {

  /** A canonical field and the values of it that mean "yes". */
  public record ValueMatch(String field, List<String> values) {
    static ValueMatch read(SettingsReader r) {
      return new ValueMatch(CanonicalFields.require(r, "field"), r.scalars("values"));
    }
  }

  static OutcomeSpec read(SettingsReader r) {
    return new OutcomeSpec(CanonicalFields.require(r, "time-field"), ValueMatch.read(r.child("death")),
        ValueMatch.read(r.child("cancer-death")), ValueMatch.read(r.child("other-death")));
  }
}
