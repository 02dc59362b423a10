package org.npcoutcomes.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Eligibility rules, arm definition and covariate bins of the registry cohort. */
public record CohortSettings(List<RuleSpec> rules, ArmSpec arms, OutcomeSpec outcomes,
    CovariateSpec covariates) {

  /** Arms from the values of one canonical field. */
  public record ArmSpec(String field, String referenceLabel, List<String> referenceValues, String treatedLabel,
      List<String> treatedValues) {}

  static CohortSettings read(SettingsReader r) {
    List<RuleSpec> rules = r.objects("rules").stream().map(RuleSpec::read).toList();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      if (!names.add(rules.get(i).name())) {
        throw new InvalidConfigException(r.key("rules[" + i + "].name"), "duplicate rule name " + rules.get(i).name());
      }
    }
    SettingsReader arms = r.child("arms");
    SettingsReader ref = arms.child("reference");
    SettingsReader trt = arms.child("treated");
    ArmSpec armSpec = new ArmSpec(arms.nonEmptyString("field"), ref.nonEmptyString("label"), ref.scalars("values"),
        trt.nonEmptyString("label"), trt.scalars("values"));
    if (armSpec.referenceLabel().equals(armSpec.treatedLabel())) {
      throw new InvalidConfigException(trt.key("label"), "the two arms need different labels");
    }
    if (armSpec.referenceValues().stream().anyMatch(armSpec.treatedValues()::contains)) {
      throw new InvalidConfigException(trt.key("values"), "a value cannot belong to both arms");
    }
    CanonicalFields.check(arms.key("field"), armSpec.field());
    return new CohortSettings(rules, armSpec, OutcomeSpec.read(r.child("outcomes")), CovariateSpec.read(r));
  }
}
