package org.npcoutcomes.clean;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import org.apache.spark.unsafe.types.UTF8String;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.ingest.FieldRule;
import org.npcoutcomes.ingest.SourceMapping;
import org.npcoutcomes.ingest.StagingSystem;

/**
 * Turns one source row into a canonical record, or says why it cannot: plain Java, one instance per
 * file header, used inside Spark tasks. Values come out as Spark stores them (strings as
 * {@link UTF8String}), so records reach Parquet without another conversion; a raw value's reading is
 * remembered, since most columns repeat a few labels millions of times.
 */
public final class RecordCleaner implements Serializable {
  private static final List<String> FIELDS = Arrays.asList(CanonicalSchema.SCHEMA.fieldNames());
  private static final int YEAR = FIELDS.indexOf(CanonicalSchema.YEAR_OF_DIAGNOSIS);
  private static final int SYSTEM = FIELDS.indexOf(CanonicalSchema.STAGING_SYSTEM);
  private static final int[] STAGE_SLOTS = {FIELDS.indexOf(CanonicalSchema.T_STAGE),
      FIELDS.indexOf(CanonicalSchema.N_STAGE), FIELDS.indexOf(CanonicalSchema.M_STAGE)};
  private static final String[] AXES = {"T", "N", "M"};
  /** Distinct raw values remembered per field; beyond this (ids, free text) values are read each time. */
  private static final int MEMO_LIMIT = 4096;
  private static final Object MISSING = new Object();

  private final SourceMapping mapping;
  private final int width;
  /** The rules, year of diagnosis first: other fields may depend on it. */
  private final FieldRule[] rules;
  /** Per rule, the column of each of its year ranges. */
  private final int[][] ruleColumns;
  /** Where each rule's value goes in the canonical record. */
  private final int[] slot;
  /** Per rule, its dictionary with canonical values as stored. */
  private final Map<String, Object>[] dictionaries;
  private final int[][] stagingColumns;
  private final UTF8String[] systemNames;
  private transient Map<String, Object>[] memo;
  private transient Map<String, Object>[] stageMemo;

  /** A cleaned row: exactly one of {@code values} (in {@link CanonicalSchema#SCHEMA} order) or {@code reject}. */
  public record Outcome(Object[] values, Reject reject) {
    static Outcome rejected(Reject reject) {
      return new Outcome(null, reject);
    }
  }

  /** Binds the mapping to one file's header; a mapped column the header lacks is a configuration error. */
  @SuppressWarnings("unchecked")
  public RecordCleaner(SourceMapping mapping, List<String> header, String file) {
    this.mapping = mapping;
    this.width = header.size();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      index.putIfAbsent(header.get(i).trim(), i);
    }
    rules = mapping.fields().stream()
        .sorted((a, b) -> Boolean.compare(!a.field().equals(CanonicalSchema.YEAR_OF_DIAGNOSIS),
            !b.field().equals(CanonicalSchema.YEAR_OF_DIAGNOSIS)))
        .toArray(FieldRule[]::new);
    ruleColumns = new int[rules.length][];
    slot = new int[rules.length];
    dictionaries = new Map[rules.length];
    for (int f = 0; f < rules.length; f++) {
      ruleColumns[f] = rules[f].columns().stream().mapToInt(c -> column(index, c.column(), file)).toArray();
      slot[f] = FIELDS.indexOf(rules[f].field());
      dictionaries[f] = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : rules[f].values().entrySet()) {
        Object previous = dictionaries[f].put(mapping.codeKey(e.getKey()), stored(e.getValue()));
        if (previous != null) {
          throw new InvalidConfigException("input.source-mapping", mapping.origin() + ": fields." + rules[f].field()
              + ".values: code '" + e.getKey() + "' is listed twice (numeric codes ignore leading zeros)");
        }
      }
    }
    stagingColumns = new int[mapping.stagingSystems().size()][];
    systemNames = new UTF8String[stagingColumns.length];
    for (int s = 0; s < stagingColumns.length; s++) {
      StagingSystem sys = mapping.stagingSystems().get(s);
      stagingColumns[s] = new int[] {column(index, sys.tColumn(), file), column(index, sys.nColumn(), file),
          column(index, sys.mColumn(), file)};
      systemNames[s] = UTF8String.fromString(sys.name());
    }
  }

  private static Object stored(Object v) {
    if (v instanceof Number n) {
      return n.intValue();
    }
    return v instanceof String s ? UTF8String.fromString(s) : v;
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
    return clean(UTF8String.fromString(sourceFile), lineNumber, raw);
  }

  /** As {@link #clean(String, long, String[])}, with the file name already as stored. */
  public Outcome clean(UTF8String sourceFile, long lineNumber, String[] raw) {
    if (raw.length != width) {
      return reject(Reject.WRONG_FIELD_COUNT, null, raw.length + " fields, header has " + width);
    }
    Object[] values = new Object[FIELDS.size()];
    values[0] = sourceFile;
    values[1] = lineNumber;
    for (int f = 0; f < rules.length; f++) {
      int column = columnFor(f, values[YEAR]);
      if (column < 0) {
        continue;
      }
      String value = raw[column].trim();
      Object parsed = read(f, value);
      if (parsed == MISSING) {
        if (rules[f].required()) {
          return reject(Reject.MISSING_REQUIRED, rules[f].field(), value);
        }
      } else if (parsed instanceof RejectedValue r) {
        return reject(r.reason, rules[f].field(), value);
      } else {
        values[slot[f]] = parsed;
      }
    }
    stage(raw, values);
    return new Outcome(values, null);
  }

  /** The column rule {@code f} reads for this year of diagnosis; -1 when none covers it. */
  private int columnFor(int f, Object year) {
    if (ruleColumns[f].length == 1 && rules[f].singleColumn()) {
      return ruleColumns[f][0];
    }
    if (!(year instanceof Integer y)) {
      return -1;
    }
    List<FieldRule.YearColumn> columns = rules[f].columns();
    for (int c = 0; c < columns.size(); c++) {
      if (columns.get(c).covers(y)) {
        return ruleColumns[f][c];
      }
    }
    return -1;
  }

  /** The reading of one raw value: a stored value, {@link #MISSING}, or a {@link RejectedValue}. */
  private Object read(int f, String value) {
    Map<String, Object> remembered = memo()[f];
    Object known = remembered.get(value);
    if (known != null) {
      return known;
    }
    Object parsed;
    if (mapping.missing().contains(value) || rules[f].missing().contains(value)) {
      parsed = MISSING;
    } else {
      parsed = parse(f, value);
    }
    if (remembered.size() < MEMO_LIMIT) {
      remembered.put(value, parsed);
    }
    return parsed;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object>[] memo() {
    if (memo == null) {
      // Concurrent maps: an instance may be shared by tasks running in one executor.
      Map<String, Object>[] m = new Map[rules.length];
      for (int f = 0; f < m.length; f++) {
        m[f] = new ConcurrentHashMap<>();
      }
      memo = m;
    }
    return memo;
  }

  private static Outcome reject(String reason, String field, String raw) {
    return Outcome.rejected(new Reject(reason, field, raw));
  }

  /** Why a value was refused; kept as a value so a refused label is remembered like an accepted one. */
  private record RejectedValue(String reason) {}

  private Object parse(int f, String value) {
    FieldRule rule = rules[f];
    switch (rule.kind()) {
      case CODE, BOOLEAN -> {
        Object v = dictionaries[f].get(mapping.codeKey(value));
        return v == null ? new RejectedValue(Reject.VALUE_NOT_IN_DICTIONARY) : v;
      }
      case INTEGER -> {
        String digits = extract(rule, value);
        if (digits == null) {
          return new RejectedValue(Reject.UNPARSEABLE_NUMBER);
        }
        long n;
        try {
          n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
          return new RejectedValue(Reject.UNPARSEABLE_NUMBER);
        }
        if ((rule.min() != null && n < rule.min()) || (rule.max() != null && n > rule.max())) {
          return new RejectedValue(Reject.OUT_OF_RANGE);
        }
        return (int) n;
      }
      default -> {
        String s = extract(rule, value);
        return s == null ? new RejectedValue(Reject.PATTERN_MISMATCH) : UTF8String.fromString(s);
      }
    }
  }

  /**
   * The value, the first group of the rule's pattern in it, or the rule's template filled from the
   * pattern's groups; null when the pattern does not match.
   */
  private static String extract(FieldRule rule, String value) {
    if (rule.pattern() == null) {
      return value;
    }
    Matcher m = rule.pattern().matcher(value);
    if (!m.find()) {
      return null;
    }
    if (rule.template() != null) {
      StringBuilder out = new StringBuilder();
      m.appendReplacement(out, rule.template());
      // appendReplacement also copies the text before the match; only the filled template is the value.
      return out.substring(m.start());
    }
    return m.groupCount() >= 1 ? m.group(1) : m.group();
  }

  /** T, N and M from the columns of the staging system that covers the year of diagnosis. */
  private void stage(String[] raw, Object[] values) {
    if (!(values[YEAR] instanceof Integer y)) {
      return;
    }
    for (int s = 0; s < stagingColumns.length; s++) {
      if (mapping.stagingSystems().get(s).covers(y)) {
        values[SYSTEM] = systemNames[s];
        for (int axis = 0; axis < 3; axis++) {
          values[STAGE_SLOTS[axis]] = stageValue(axis, raw[stagingColumns[s][axis]]);
        }
        return;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private UTF8String stageValue(int axis, String raw) {
    if (stageMemo == null) {
      stageMemo = new Map[] {new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>()};
    }
    Object known = stageMemo[axis].get(raw);
    if (known == null) {
      String trimmed = raw.trim();
      String value = mapping.stageCodes().getOrDefault(trimmed, trimmed);
      Matcher m = mapping.stagePattern().matcher(value);
      known = !mapping.missing().contains(trimmed) && m.find()
          ? UTF8String.fromString(AXES[axis] + m.group(1).toUpperCase(Locale.ROOT)) : MISSING;
      if (stageMemo[axis].size() < MEMO_LIMIT) {
        stageMemo[axis].put(raw, known);
      }
    }
    return known == MISSING ? null : (UTF8String) known;
  }
}
