package org.npcoutcomes.report;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.npcoutcomes.marts.Mart;

/** The thin Spark side of the report: collects the aggregate marts of a run folder into plain rows. */
public final class MartReader {
  private MartReader() {}

  /**
   * Reads every aggregate (not restricted) mart that {@code location} finds (null = the run has none).
   */
  public static RunMarts read(SparkSession spark, Function<Mart, String> location) {
    Map<Mart, List<MartRow>> marts = new EnumMap<>(Mart.class);
    for (Mart mart : Mart.values()) {
      String where = mart.restricted() ? null : location.apply(mart);
      if (where != null) {
        List<MartRow> rows = new ArrayList<>();
        for (Row r : spark.read().parquet(where).collectAsList()) {
          rows.add(toRow(r));
        }
        marts.put(mart, List.copyOf(rows));
      }
    }
    return new RunMarts(marts);
  }

  static MartRow toRow(Row r) {
    Map<String, Object> values = new LinkedHashMap<>();
    StructField[] fields = r.schema().fields();
    for (int i = 0; i < fields.length; i++) {
      Object v;
      if (r.isNullAt(i)) {
        v = null;
      } else if (fields[i].dataType() instanceof ArrayType) {
        List<Object> items = new ArrayList<>();
        for (Object item : r.getList(i)) {
          items.add(item instanceof Row nested ? toRow(nested) : plain(item));
        }
        v = items;
      } else {
        v = plain(r.get(i));
      }
      values.put(fields[i].name(), v);
    }
    return new MartRow(values);
  }

  private static Object plain(Object v) {
    if (v instanceof Row nested) {
      return toRow(nested);
    }
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    return v;
  }
}
