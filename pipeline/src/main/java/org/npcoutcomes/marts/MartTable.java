package org.npcoutcomes.marts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small mart held on the driver: its rows in the order they are published. Written as it is, with no
 * Spark job to plan, sort or count it.
 */
public record MartTable(StructType schema, List<Row> rows) {
  /** Rows that carry their schema, so readers can take fields by name as from a collected Dataset. */
  public static MartTable of(Class<? extends Record> type, List<? extends Record> records) {
    StructType schema = RecordRows.schema(type);
    var read = RecordRows.reader(type);
    List<Row> rows = records.stream().<Row>map(r -> new GenericRowWithSchema(read.apply(r), schema)).toList();
    return new MartTable(schema, rows);
  }

  public Dataset<Row> toDataset(SparkSession spark) {
    return spark.createDataFrame(rows, schema);
  }

  public long size() {
    return rows.size();
  }

  /**
   * The same table with its rows in the order Spark's {@code orderBy(columns)} gives: ascending, nulls
   * first, strings by their UTF-8 bytes (code points), doubles with -0.0 equal to 0.0 and NaN last; rows
   * equal on every column keep their order.
   */
  @SuppressWarnings("unchecked")
  public MartTable sortedBy(String... columns) {
    Comparator<Row> order = null;
    for (String c : columns) {
      int i = schema.fieldIndex(c);
      DataType t = schema.fields()[i].dataType();
      Comparator<Object> values = Comparator.nullsFirst(t.equals(DataTypes.StringType)
          ? (a, b) -> compareStrings((String) a, (String) b)
          : t.equals(DataTypes.DoubleType) ? (a, b) -> compareDoubles((Double) a, (Double) b)
          : (a, b) -> ((Comparable<Object>) a).compareTo(b));
      Comparator<Row> byColumn = Comparator.comparing(r -> r.get(i), values);
      order = order == null ? byColumn : order.thenComparing(byColumn);
    }
    List<Row> sorted = new ArrayList<>(rows);
    if (order != null) {
      sorted.sort(order);
    }
    return new MartTable(schema, sorted);
  }

  /** Strings as Spark orders them: by code point, which is the order of their UTF-8 bytes. */
  public static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private static int compareDoubles(double a, double b) {
    return a == b ? 0 : Double.compare(a, b);
  }
}
