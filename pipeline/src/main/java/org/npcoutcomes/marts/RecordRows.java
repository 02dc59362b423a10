package org.npcoutcomes.marts;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Mart schemas derived from the Java records that carry the results, so a record and its Parquet
 * columns cannot drift apart: component {@code nRisk} becomes column {@code n_risk}; primitives are
 * non-null columns, boxed types and strings nullable.
 */
public final class RecordRows {
  private static final Map<Class<?>, DataType> TYPES = Map.of(
      String.class, DataTypes.StringType, double.class, DataTypes.DoubleType, Double.class, DataTypes.DoubleType,
      long.class, DataTypes.LongType, Long.class, DataTypes.LongType, int.class, DataTypes.IntegerType,
      Integer.class, DataTypes.IntegerType, boolean.class, DataTypes.BooleanType, Boolean.class, DataTypes.BooleanType);

  private RecordRows() {}

  public static StructType schema(Class<? extends Record> type) {
    List<StructField> fields = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      DataType t = TYPES.get(c.getType());
      if (t == null) {
        throw new IllegalArgumentException(type.getSimpleName() + "." + c.getName() + ": no column type for "
            + c.getType());
      }
      fields.add(DataTypes.createStructField(snakeCase(c.getName()), t, !c.getType().isPrimitive()));
    }
    return DataTypes.createStructType(fields);
  }

  public static Row toRow(Record record) {
    return RowFactory.create(values(record));
  }

  /** A record's component values, in declaration order. */
  public static Object[] values(Record record) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        values[i] = components[i].getAccessor().invoke(record);
      }
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + record.getClass().getSimpleName(), e);
    }
    return values;
  }

  public static List<Row> toRows(List<? extends Record> records) {
    return records.stream().map(RecordRows::toRow).toList();
  }

  /** Records as the value of an array-of-struct column inside a Row (Spark wants a Scala Seq there). */
  public static scala.collection.immutable.Seq<Row> toArrayValue(List<? extends Record> records) {
    return scala.jdk.javaapi.CollectionConverters.asScala(toRows(records)).toList();
  }

  static String snakeCase(String camel) {
    StringBuilder out = new StringBuilder();
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        out.append('_').append(Character.toLowerCase(ch));
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }
}
