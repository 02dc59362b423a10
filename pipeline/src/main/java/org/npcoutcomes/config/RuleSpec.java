package org.npcoutcomes.config;

import java.util.List;

/**
 * One eligibility rule as configured: a test on one canonical field. Exactly one of the value tests
 * ({@code in}, {@code not-in}) or a range ({@code min}, {@code max}, {@code greater-than}) is given.
 */
public record RuleSpec(String name, String description, String field, List<String> in, List<String> notIn,
    Double min, Double max, Double greaterThan, boolean allowMissing) {

  private static final List<String> KEYS =
      List.of("name", "description", "field", "in", "not-in", "min", "max", "greater-than", "allow-missing");

  static RuleSpec read(SettingsReader r) {
    r.allowOnly(KEYS);
    String field = CanonicalFields.require(r, "field");
    List<String> in = r.has("in") ? r.scalars("in") : null;
    List<String> notIn = r.has("not-in") ? r.scalars("not-in") : null;
    Double min = r.has("min") ? r.number("min") : null;
    Double max = r.has("max") ? r.number("max") : null;
    Double gt = r.has("greater-than") ? r.number("greater-than") : null;
    boolean valueTest = in != null || notIn != null;
    boolean rangeTest = min != null || max != null || gt != null;
    if (valueTest == rangeTest || (in != null && notIn != null)) {
      throw new InvalidConfigException(r.key("name"),
          "a rule needs exactly one of: in, not-in, or a range (min / max / greater-than)");
    }
    String name = r.nonEmptyString("name");
    String description = r.has("description") ? r.string("description") : name;
    boolean allowMissing = r.has("allow-missing") && r.raw().getBoolean("allow-missing");
    return new RuleSpec(name, description, field, in, notIn, min, max, gt, allowMissing);
  }
}
