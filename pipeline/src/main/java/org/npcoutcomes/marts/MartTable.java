package org.npcoutcomes.marts;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;

/**
 * A small mart held on the driver: its rows in the order they are published. Written as it is, with no
 * Spark job to plan, sort or count it.
 */
public record MartTable(StructType schema, List<Row> rows) {
  /** Rows that carry their schema, so readers can take fields by name as from a collected Dataset. */
  public static MartTable of(Class<? extends Record> type, List<? extends Record> records) {
    StructType schema = RecordRows.schema(type);
    List<Row> rows = records.stream().<Row>map(r -> new GenericRowWithSchema(
        RecordRows.values(r), schema)).toList();
    return new MartTable(schema, rows);
  }

  public Dataset<Row> toDataset(SparkSession spark) {
    return spark.createDataFrame(rows, schema);
  }

  public long size() {
    return rows.size();
  }
}
