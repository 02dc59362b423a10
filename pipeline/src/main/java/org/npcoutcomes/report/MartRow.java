package org.npcoutcomes.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a published mart as plain values by column name (no Spark): strings, numbers, booleans, nested
 * rows and lists. A suppressed cell is null; readers say how to show it.
 */
public final class MartRow {
  private final Map<String, Object> values;

  public MartRow(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static MartRow of(Object... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return new MartRow(m);
  }

  public boolean has(String column) {
    return values.containsKey(column);
  }

  public Object get(String column) {
    return values.get(column);
  }

  public Map<String, Object> values() {
    return values;
  }

  public String str(String column) {
    Object v = values.get(column);
    return v == null ? null : v.toString();
  }

  /** A number, or null when the cell is empty (suppressed or not applicable). */
  public Double num(String column) {
    Object v = values.get(column);
    return v instanceof Number n ? n.doubleValue() : null;
  }

  /** A number, NaN when the cell is empty. */
  public double dbl(String column) {
    Double v = num(column);
    return v == null ? Double.NaN : v;
  }

  /** A whole count, or null when the cell is empty. */
  public Long count(String column) {
    Object v = values.get(column);
    return v instanceof Number n ? Long.valueOf(n.longValue()) : null;
  }

  public int integer(String column, int otherwise) {
    Object v = values.get(column);
    return v instanceof Number n ? n.intValue() : otherwise;
  }

  public boolean flag(String column) {
    return Boolean.TRUE.equals(values.get(column));
  }

  /** A list of nested rows (an array-of-struct column), empty when absent. */
  @SuppressWarnings("unchecked")
  public List<MartRow> rows(String column) {
    Object v = values.get(column);
    return v instanceof List<?> l ? (List<MartRow>) l : List.of();
  }

  /** Whether the suppression of small cells withheld something on this row. */
  public boolean suppressed() {
    Object v = values.get("suppressed");
    return v instanceof String s ? !s.isEmpty() : Boolean.TRUE.equals(v);
  }

  /**
   * Why a cell of this row was withheld, from the row's {@code suppressed} column ({@code column:reason,...}):
   * "small", "complementary", "follows", or null when it was not.
   */
  public String withheld(String column) {
    if (!(values.get("suppressed") instanceof String s)) {
      return null;
    }
    for (String part : s.split(",")) {
      int colon = part.lastIndexOf(':');
      if (colon > 0 && part.substring(0, colon).equals(column)) {
        return part.substring(colon + 1);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
