package org.npcoutcomes.clean;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * A data set over rows already in Spark's internal form. Spark has no public call for this; going
 * through external {@link Row}s converts every value of every record once more, which measured as a
 * third of the clean stage's time (docs/benchmarks.md). Kept to this one place so a Spark upgrade that
 * moves the call touches one line.
 */
final class InternalRows {
  private InternalRows() {}

  static Dataset<Row> toDataFrame(SparkSession spark, JavaRDD<InternalRow> rows, StructType schema) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), schema, false);
  }
}
