package org.npcoutcomes.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.marts.MartFiles;
import org.npcoutcomes.marts.MartTable;

/** Finds the lines whose (patient id, sequence number) an earlier line (by file and line) already has. */
final class RepeatedKeys {
  /** Key hashes sorted by one task: at most 8 MB of longs, however big the input. */
  private static final long HASHES_PER_TASK = 1L << 20;
  /** Up to this many repeated hashes are broadcast to every task rather than joined by shuffle. */
  private static final int BROADCAST_LIMIT = 1_000_000;

  private RepeatedKeys() {}

  /**
   * Writes the lines of {@code clean} that repeat an earlier (patient id, sequence number). Repeats are
   * rare, so the keys' 64-bit hashes (column {@code keyHash}, written with the records) are first
   * shuffled into partitions of at most {@value #HASHES_PER_TASK} and sorted there as plain longs
   * (cheaper than an aggregate over a million distinct keys); only lines whose hash repeats are then
   * compared by their real key and ordered, so a hash collision costs a little work and never a wrong
   * answer. Returns whether any hash repeated.
   */
  static boolean write(Dataset<Row> clean, String keyHash, long rows, String target) {
    Column[] key = {col(CanonicalSchema.PATIENT_ID), col(CanonicalSchema.SEQUENCE_NUMBER)};
    Dataset<Row> keys = clean.select(col(CanonicalSchema.SOURCE_FILE), col(CanonicalSchema.LINE_NUMBER), key[0],
        key[1], col(keyHash));
    int partitions = (int) Math.max(clean.sparkSession().sessionState().conf().numShufflePartitions(),
        (rows + HASHES_PER_TASK - 1) / HASHES_PER_TASK);
    Dataset<Long> repeatedHashes = keys.select(col(keyHash)).repartition(partitions, col(keyHash))
        .mapPartitions(new RepeatedHashes(), Encoders.LONG());
    List<Long> few = firstRepeated(repeatedHashes, BROADCAST_LIMIT + 1);
    if (few.isEmpty()) {
      // No hash repeats, so no key does: an empty folder of the lines' schema, written without a job.
      writeEmpty(clean.sparkSession(), keys.drop(keyHash).schema(), target);
      return false;
    }
    Dataset<Row> repeated = few.size() <= BROADCAST_LIMIT
        ? functions.broadcast(clean.sparkSession().createDataset(few, Encoders.LONG()).toDF(keyHash))
        : repeatedHashes.toDF(keyHash);
    Dataset<Row> candidates = keys.join(repeated,
        scala.jdk.javaapi.CollectionConverters.asScala(List.of(keyHash)).toSeq(), "left_semi");
    candidates.drop(keyHash)
        .withColumn("occurrence", row_number().over(Window.partitionBy(key)
            .orderBy(CanonicalSchema.SOURCE_FILE, CanonicalSchema.LINE_NUMBER)))
        .where(col("occurrence").gt(1)).drop("occurrence")
        .write().mode(SaveMode.Overwrite).parquet(target);
    return true;
  }

  /**
   * Up to {@code limit} of the repeated hashes in one job: each partition sends at most that many, as one
   * array (a limit on the data set would scan the partitions in growing batches, one job each).
   */
  private static List<Long> firstRepeated(Dataset<Long> repeatedHashes, int limit) {
    List<long[]> parts = repeatedHashes.javaRDD().mapPartitions(hashes -> {
      long[] out = new long[16];
      int n = 0;
      while (n < limit && hashes.hasNext()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, Math.min(2 * n, limit));
        }
        out[n++] = hashes.next();
      }
      return List.of(Arrays.copyOf(out, n)).iterator();
    }).collect();
    List<Long> few = new ArrayList<>();
    for (long[] part : parts) {
      for (int i = 0; i < part.length && few.size() < limit; i++) {
        few.add(part[i]);
      }
    }
    return few;
  }

  private static void writeEmpty(SparkSession spark, StructType schema, String target) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path folder = new Path(target);
    try {
      FileSystem fs = folder.getFileSystem(conf);
      if (fs.exists(folder)) {
        fs.delete(folder, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace " + target, e);
    }
    MartFiles.write(spark, folder, new MartTable(schema, List.of()));
  }

  /** The hashes that occur more than once in a partition, each once. */
  private static final class RepeatedHashes implements MapPartitionsFunction<Row, Long> {
    @Override
    public Iterator<Long> call(Iterator<Row> rows) {
      long[] hashes = new long[1024];
      int n = 0;
      while (rows.hasNext()) {
        if (n == hashes.length) {
          hashes = Arrays.copyOf(hashes, 2 * n);
        }
        hashes[n++] = rows.next().getLong(0);
      }
      Arrays.sort(hashes, 0, n);
      List<Long> repeated = new ArrayList<>();
      for (int i = 1; i < n; i++) {
        if (hashes[i] == hashes[i - 1] && (i == 1 || hashes[i - 1] != hashes[i - 2])) {
          repeated.add(hashes[i]);
        }
      }
      return repeated.iterator();
    }
  }

}
