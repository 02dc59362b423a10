package org.npcoutcomes.clean;

import java.io.Serializable;

/** Why a row could not become a canonical record: a reason code, and the field and value at fault. */
public record Reject(String reason, String field, String rawValue) implements Serializable {
  public static final String WRONG_FIELD_COUNT = "wrong_field_count";
  public static final String MISSING_REQUIRED = "missing_required";
  public static final String UNPARSEABLE_NUMBER = "unparseable_number";
  public static final String VALUE_NOT_IN_DICTIONARY = "value_not_in_dictionary";
  public static final String OUT_OF_RANGE = "out_of_range";
  public static final String PATTERN_MISMATCH = "pattern_mismatch";
  public static final String DUPLICATE_KEY = "duplicate_key";
  public static final String ENCODING_ERROR = "encoding_error";
}
