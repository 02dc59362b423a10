package org.npcoutcomes.config;

import java.util.Arrays;
import org.npcoutcomes.clean.CanonicalSchema;

/** Checks that a configured field names a field of the canonical record. */
final class CanonicalFields {
  private CanonicalFields() {}

  static String check(String key, String field) {
    if (Arrays.stream(CanonicalSchema.SCHEMA.fieldNames()).noneMatch(field::equals)) {
      throw new InvalidConfigException(key, "'" + field + "' is not a canonical field; known: "
          + String.join(", ", CanonicalSchema.SCHEMA.fieldNames()));
    }
    return field;
  }

  static String require(SettingsReader r, String path) {
    return check(r.key(path), r.nonEmptyString(path));
  }
}
