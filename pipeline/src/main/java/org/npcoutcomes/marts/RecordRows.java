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
    return reader(record.getClass()).apply(record);
  }

  /**
   * Reads records of one type: the components are looked up once (per record they cost more than the
   * values do, which shows on marts of tens of thousands of rows).
   */
  public static java.util.function.Function<Record, Object[]> reader(Class<? extends Record> type) {
    java.lang.reflect.Method[] accessors = java.util.Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getAccessor).toArray(java.lang.reflect.Method[]::new);
    return record -> {
      Object[] values = new Object[accessors.length];
      try {
        for (int i = 0; i < accessors.length; i++) {
          values[i] = accessors[i].invoke(record);
        }
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + type.getSimpleName(), e);
      }
      return values;
    };
  }

  public static List<Row> toRows(List<? extends Record> records) {
    Map<Class<? extends Record>, java.util.function.Function<Record, Object[]>> readers = new java.util.HashMap<>();
    return records.stream().map(r -> RowFactory.create(readers.computeIfAbsent(r.getClass(), RecordRows::reader)
        .apply(r))).toList();
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
