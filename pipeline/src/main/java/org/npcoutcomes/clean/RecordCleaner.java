package org.npcoutcomes.clean;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.ingest.FieldRule;
import org.npcoutcomes.ingest.SourceMapping;
import org.npcoutcomes.ingest.StagingSystem;

/**
 * Turns one source row into a canonical record, or says why it cannot: plain Java, one instance per
 * file header, used inside Spark tasks.
 */
public final class RecordCleaner implements Serializable {
  private static final List<String> FIELDS = Arrays.asList(CanonicalSchema.SCHEMA.fieldNames());

  private final SourceMapping mapping;
  private final int width;
  private final int[] fieldColumn;
  private final int[][] stagingColumns;

  /** A cleaned row: exactly one of {@code values} (in {@link CanonicalSchema#SCHEMA} order) or {@code reject}. */
  public record Outcome(Object[] values, Reject reject) {}

  /** Binds the mapping to one file's header; a mapped column the header lacks is a configuration error. */
  public RecordCleaner(SourceMapping mapping, List<String> header, String file) {
    this.mapping = mapping;
    this.width = header.size();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      index.putIfAbsent(header.get(i).trim(), i);
    }
    fieldColumn = new int[mapping.fields().size()];
    for (int f = 0; f < fieldColumn.length; f++) {
      fieldColumn[f] = column(index, mapping.fields().get(f).column(), file);
    }
    stagingColumns = new int[mapping.stagingSystems().size()][];
    for (int s = 0; s < stagingColumns.length; s++) {
      StagingSystem sys = mapping.stagingSystems().get(s);
      stagingColumns[s] = new int[] {column(index, sys.tColumn(), file), column(index, sys.nColumn(), file),
          column(index, sys.mColumn(), file)};
    }
  }

  private int column(Map<String, Integer> index, String column, String file) {
    Integer i = index.get(column);
    if (i == null) {
      throw new InvalidConfigException("input.source-mapping",
          "column '" + column + "' of " + mapping.origin() + " is not in the header of " + file);
    }
    return i;
  }

  public Outcome clean(String sourceFile, long lineNumber, String[] raw) {
    if (raw.length != width) {
      return reject(Reject.WRONG_FIELD_COUNT, null, raw.length + " fields, header has " + width);
    }
    Object[] values = new Object[FIELDS.size()];
    values[0] = sourceFile;
    values[1] = lineNumber;
    for (int f = 0; f < fieldColumn.length; f++) {
      FieldRule rule = mapping.fields().get(f);
      String value = raw[fieldColumn[f]].trim();
      if (mapping.missing().contains(value) || rule.missing().contains(value)) {
        if (rule.required()) {
          return reject(Reject.MISSING_REQUIRED, rule.field(), value);
        }
        continue;
      }
      Object parsed;
      try {
        parsed = parse(rule, value);
      } catch (RejectedValue e) {
        return reject(e.reason, rule.field(), value);
      }
      values[FIELDS.indexOf(rule.field())] = parsed;
    }
    stage(raw, values);
    return new Outcome(values, null);
  }

  private static Outcome reject(String reason, String field, String raw) {
    return new Outcome(null, new Reject(reason, field, raw));
  }

  private static final class RejectedValue extends Exception {
    final String reason;

    RejectedValue(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }
  }

  private static Object parse(FieldRule rule, String value) throws RejectedValue {
    switch (rule.kind()) {
      case CODE, BOOLEAN -> {
        Object v = rule.values().get(value);
        if (v == null) {
          throw new RejectedValue(Reject.VALUE_NOT_IN_DICTIONARY);
        }
        return v instanceof Number n ? n.intValue() : v;
      }
      case INTEGER -> {
        String digits = extract(rule, value);
        long n;
        try {
          n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
          throw new RejectedValue(Reject.UNPARSEABLE_NUMBER);
        }
        if ((rule.min() != null && n < rule.min()) || (rule.max() != null && n > rule.max())) {
          throw new RejectedValue(Reject.OUT_OF_RANGE);
        }
        return (int) n;
      }
      default -> {
        return extract(rule, value);
      }
    }
  }

  private static String extract(FieldRule rule, String value) throws RejectedValue {
    if (rule.pattern() == null) {
      return value;
    }
    Matcher m = rule.pattern().matcher(value);
    if (!m.find()) {
      throw new RejectedValue(rule.kind() == FieldRule.Kind.INTEGER ? Reject.UNPARSEABLE_NUMBER : Reject.PATTERN_MISMATCH);
    }
    return m.groupCount() >= 1 ? m.group(1) : m.group();
  }

  /** T, N and M from the columns of the staging system that covers the year of diagnosis. */
  private void stage(String[] raw, Object[] values) {
    Object year = values[FIELDS.indexOf(CanonicalSchema.YEAR_OF_DIAGNOSIS)];
    if (!(year instanceof Integer y)) {
      return;
    }
    for (int s = 0; s < stagingColumns.length; s++) {
      StagingSystem sys = mapping.stagingSystems().get(s);
      if (sys.covers(y)) {
        values[FIELDS.indexOf(CanonicalSchema.STAGING_SYSTEM)] = sys.name();
        values[FIELDS.indexOf(CanonicalSchema.T_STAGE)] = stageValue("T", raw[stagingColumns[s][0]]);
        values[FIELDS.indexOf(CanonicalSchema.N_STAGE)] = stageValue("N", raw[stagingColumns[s][1]]);
        values[FIELDS.indexOf(CanonicalSchema.M_STAGE)] = stageValue("M", raw[stagingColumns[s][2]]);
        return;
      }
    }
  }

  private String stageValue(String axis, String raw) {
    String value = raw.trim();
    if (mapping.missing().contains(value)) {
      return null;
    }
    Matcher m = mapping.stagePattern().matcher(value);
    return m.find() ? axis + m.group(1).toUpperCase(java.util.Locale.ROOT) : null;
  }
}
