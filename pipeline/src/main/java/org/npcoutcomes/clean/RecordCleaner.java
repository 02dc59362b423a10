package org.npcoutcomes.clean;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import org.apache.spark.unsafe.types.UTF8String;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.ingest.FieldRule;
import org.npcoutcomes.ingest.FieldSlices;
import org.npcoutcomes.ingest.SourceMapping;
import org.npcoutcomes.ingest.StagingSystem;

/**
 * Turns one source row into a canonical record, or says why it cannot: plain Java, one instance per
 * file header, used inside Spark tasks. Values come out as Spark stores them (strings as
 * {@link UTF8String}; with a {@link CodeBook}, its fields as numbers), so records reach Parquet without
 * another conversion. Fields are read as UTF-8 byte ranges, and each raw value's reading is remembered by
 * its bytes, since most columns repeat a few labels millions of times.
 */
public final class RecordCleaner implements Serializable {
  private static final List<String> FIELDS = Arrays.asList(CanonicalSchema.SCHEMA.fieldNames());
  private static final int YEAR = FIELDS.indexOf(CanonicalSchema.YEAR_OF_DIAGNOSIS);
  private static final int SYSTEM = FIELDS.indexOf(CanonicalSchema.STAGING_SYSTEM);
  private static final int[] STAGE_SLOTS = {FIELDS.indexOf(CanonicalSchema.T_STAGE),
      FIELDS.indexOf(CanonicalSchema.N_STAGE), FIELDS.indexOf(CanonicalSchema.M_STAGE)};
  private static final String[] AXES = {"T", "N", "M"};
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
  /** Each staging system's name as stored. */
  private final Object[] systemNames;
  private transient ByteMemo[] memo;
  private transient ByteMemo[] stageMemo;
  private transient FieldSlices slices;

  /** A cleaned row: exactly one of {@code values} (in {@link CanonicalSchema#SCHEMA} order) or {@code reject}. */
  public record Outcome(Object[] values, Reject reject) {
    static Outcome rejected(Reject reject) {
      return new Outcome(null, reject);
    }
  }

  /** Binds the mapping to one file's header; a mapped column the header lacks is a configuration error. */
  public RecordCleaner(SourceMapping mapping, List<String> header, String file) {
    this(mapping, header, file, null);
  }

  /** As above, with the fields of {@code codes} given as their numbers, as the clean stage stores them. */
  @SuppressWarnings("unchecked")
  public RecordCleaner(SourceMapping mapping, List<String> header, String file, CodeBook codes) {
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
      FieldRule rule = rules[f];
      // An optional column the file lacks reads as empty (-1); any other missing column stops the run.
      ruleColumns[f] = rule.columns().stream()
          .mapToInt(c -> rule.optional() && !index.containsKey(c.column()) ? -1 : column(index, c.column(), file))
          .toArray();
      slot[f] = FIELDS.indexOf(rules[f].field());
      dictionaries[f] = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : rules[f].values().entrySet()) {
        Object value = codes != null && codes.coded(rules[f].field())
            ? codes.number(rules[f].field(), String.valueOf(e.getValue())) : stored(e.getValue());
        Object previous = dictionaries[f].put(mapping.codeKey(e.getKey()), value);
        if (previous != null) {
          throw new InvalidConfigException("input.source-mapping", mapping.origin() + ": fields." + rules[f].field()
              + ".values: code '" + e.getKey() + "' is listed twice (numeric codes ignore leading zeros)");
        }
      }
    }
    stagingColumns = new int[mapping.stagingSystems().size()][];
    systemNames = new Object[stagingColumns.length];
    for (int s = 0; s < stagingColumns.length; s++) {
      StagingSystem sys = mapping.stagingSystems().get(s);
      stagingColumns[s] = new int[] {column(index, sys.tColumn(), file), column(index, sys.nColumn(), file),
          column(index, sys.mColumn(), file)};
      systemNames[s] = codes != null && codes.coded(CanonicalSchema.STAGING_SYSTEM)
          ? (Object) codes.number(CanonicalSchema.STAGING_SYSTEM, sys.name()) : UTF8String.fromString(sys.name());
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

  /** Cleans a line given as text fields. */
  public Outcome clean(String sourceFile, long lineNumber, String[] raw) {
    if (slices == null) {
      slices = new FieldSlices();
    }
    slices.set(raw);
    return clean(UTF8String.fromString(sourceFile), lineNumber, slices);
  }

  /**
   * Cleans a line given as byte ranges. Not thread-safe (it remembers readings): Spark gives each task
   * its own copy of the cleaner.
   */
  public Outcome clean(UTF8String sourceFile, long lineNumber, FieldSlices raw) {
    if (raw.count() != width) {
      return reject(Reject.WRONG_FIELD_COUNT, null, raw.count() + " fields, header has " + width);
    }
    if (memo == null) {
      memo = new ByteMemo[rules.length];
      Arrays.setAll(memo, f -> new ByteMemo(value -> read(f, value)));
      stageMemo = new ByteMemo[3];
      Arrays.setAll(stageMemo, axis -> new ByteMemo(value -> stageValue(axis, value)));
    }
    Object[] values = new Object[FIELDS.size()];
    values[0] = sourceFile;
    values[1] = lineNumber;
    for (int f = 0; f < rules.length; f++) {
      int column = columnFor(f, values[YEAR]);
      if (column < 0) {
        continue;
      }
      byte[] b = raw.bytes(column);
      int from = raw.from(column);
      int to = raw.to(column);
      // Trimmed as String.trim trims: UTF-8 continuation bytes are never <= ' '.
      while (from < to && (b[from] & 0xff) <= ' ') {
        from++;
      }
      while (to > from && (b[to - 1] & 0xff) <= ' ') {
        to--;
      }
      Object parsed = memo[f].read(b, from, to);
      if (parsed == MISSING) {
        if (rules[f].required()) {
          return reject(Reject.MISSING_REQUIRED, rules[f].field(), text(b, from, to));
        }
      } else if (parsed instanceof RejectedValue r) {
        return reject(r.reason, rules[f].field(), text(b, from, to));
      } else {
        values[slot[f]] = parsed;
      }
    }
    stage(raw, values);
    return new Outcome(values, null);
  }

  private static String text(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  /** The column rule {@code f} reads for this year of diagnosis; -1 when none covers it or the file lacks it. */
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
    if (mapping.missing().contains(value) || rules[f].missing().contains(value)) {
      return MISSING;
    }
    return parse(f, value);
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
  private void stage(FieldSlices raw, Object[] values) {
    if (!(values[YEAR] instanceof Integer y)) {
      return;
    }
    for (int s = 0; s < stagingColumns.length; s++) {
      if (mapping.stagingSystems().get(s).covers(y)) {
        values[SYSTEM] = systemNames[s];
        for (int axis = 0; axis < 3; axis++) {
          int column = stagingColumns[s][axis];
          Object stage = stageMemo[axis].read(raw.bytes(column), raw.from(column), raw.to(column));
          values[STAGE_SLOTS[axis]] = stage == MISSING ? null : stage;
        }
        return;
      }
    }
  }

  /** A stage as stored, or {@link #MISSING}. */
  private Object stageValue(int axis, String raw) {
    String trimmed = raw.trim();
    String value = mapping.stageCodes().getOrDefault(trimmed, trimmed);
    Matcher m = mapping.stagePattern().matcher(value);
    return !mapping.missing().contains(trimmed) && m.find()
        ? UTF8String.fromString(AXES[axis] + m.group(1).toUpperCase(Locale.ROOT)) : MISSING;
  }
}
