package org.npcoutcomes.ingest;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** How one canonical field is read from one source column (see conf/sources/*.conf). */
public record FieldRule(String field, String column, Kind kind, Pattern pattern, Long min, Long max,
    Map<String, Object> values, Set<String> missing, boolean required) implements Serializable {

  /** How a raw value becomes a canonical one. */
  public enum Kind { STRING, INTEGER, CODE, BOOLEAN }
}
