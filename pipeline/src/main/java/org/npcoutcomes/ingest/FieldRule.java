package org.npcoutcomes.ingest;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one canonical field is read (see conf/sources/*.conf): from one column, or from the column that
 * covers the year of diagnosis when a registry moved the item between columns over the years.
 *
 * @param pattern  what the value must match; group 1 (or the whole match) is the value
 * @param template when given, the value is this text with $1, $2 … replaced by the pattern's groups
 * @param optional when true, a file whose header lacks the column has the field empty (not an error)
 */
public record FieldRule(String field, List<YearColumn> columns, Kind kind, Pattern pattern, String template, Long min,
    Long max, Map<String, Object> values, Set<String> missing, boolean required, boolean optional)
    implements Serializable {

  /** How a raw value becomes a canonical one. */
  public enum Kind { STRING, INTEGER, CODE, BOOLEAN }

  /** The column that holds the field for diagnoses in [fromYear, toYear]. */
  public record YearColumn(int fromYear, int toYear, String column) implements Serializable {
    public static final int ANY_FROM = Integer.MIN_VALUE;
    public static final int ANY_TO = Integer.MAX_VALUE;

    public boolean covers(int year) {
      return year >= fromYear && year <= toYear;
    }
  }

  public FieldRule {
    columns = List.copyOf(columns);
  }

  /** Read from the same column whatever the year. */
  public boolean singleColumn() {
    return columns.size() == 1 && columns.get(0).fromYear() == YearColumn.ANY_FROM
        && columns.get(0).toYear() == YearColumn.ANY_TO;
  }
}
