package org.npcoutcomes.plan;

import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Where each row of a cohort table stands in its input: the file it was read from, the start of the file block
 * Spark read it in, and its position in the partition that read that block. Sorted, these give the input's
 * order, file by file (by path) and line by line, however Spark split and packed the files into partitions.
 * A table that is not read from files (made in memory) keeps the order of its partitions.
 */
final class InputOrder {
  /** The number of columns {@link #columns} adds. */
  static final int WIDTH = 3;

  private InputOrder() {}

  static List<Column> columns(Dataset<Row> cohort) {
    Column position = functions.monotonically_increasing_id();
    try {
      // only a table read from files has the hidden _metadata column
      cohort.select("_metadata.file_path", "_metadata.file_block_start");
      return List.of(functions.col("_metadata.file_path"), functions.col("_metadata.file_block_start"), position);
    } catch (Exception e) {
      if (!(e instanceof AnalysisException)) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      return List.of(functions.lit(""), functions.lit(0L), position);
    }
  }

  /** Compares two selected rows by the order columns starting at {@code from}. */
  static int compare(Row a, Row b, int from) {
    int c = a.getString(from).compareTo(b.getString(from));
    if (c == 0) {
      c = Long.compare(a.getLong(from + 1), b.getLong(from + 1));
    }
    return c != 0 ? c : Long.compare(a.getLong(from + 2), b.getLong(from + 2));
  }
}
