package org.npcoutcomes.jobs;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.ingest.InputFiles;
import org.npcoutcomes.marts.InputFile;

/**
 * Accounts for every input row (clean or rejected, per file) and stops the run when a file's rejected
 * share exceeds the configured limit, naming the file and its most common reasons.
 */
final class QualityGate {
  private final double maxRejectShare;

  QualityGate(double maxRejectShare) {
    this.maxRejectShare = maxRejectShare;
  }

  /**
   * Per file: the lines read must equal the clean records plus the rejects (else nothing may be
   * published), and the rejected share must be within the limit.
   */
  List<InputFile> check(SparkSession spark, List<InputFiles.Resolved> inputs, Map<String, Long> linesRead,
      Dataset<Row> clean, Dataset<Row> rejects) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    return check(inputs, linesRead, countsByFile(clean), countsByFile(rejects), file -> topReasons(rejects, file),
        file -> InputFiles.sha256(conf, file));
  }

  /**
   * As above, with the clean and rejected rows already counted per file, and each file's SHA-256 from
   * {@code sha256} (the run computes them while Spark reads the files).
   */
  List<InputFile> check(List<InputFiles.Resolved> inputs, Map<String, Long> linesRead,
      Map<String, Long> cleanCounts, Map<String, Long> rejectCounts, Function<String, String> topReasons,
      Function<String, String> sha256) {
    List<InputFile> out = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (InputFiles.Resolved in : inputs) {
      long ok = cleanCounts.getOrDefault(in.path(), 0L);
      long bad = rejectCounts.getOrDefault(in.path(), 0L);
      long read = linesRead.getOrDefault(in.path(), 0L);
      if (read != ok + bad) {
        throw new IllegalStateException(String.format("%s: %d lines read but %d clean + %d rejected = %d; "
            + "rows were lost or repeated, nothing is published", in.path(), read, ok, bad, ok + bad));
      }
      out.add(new InputFile(in.path(), sha256.apply(in.path()), in.sizeBytes(), read, ok, bad));
      if (read > 0 && (double) bad / read > maxRejectShare) {
        failures.add(String.format("%s: %d of %d rows rejected (%.2f%% > %.2f%%); top reasons: %s", in.path(), bad,
            read, 100.0 * bad / read, 100.0 * maxRejectShare, topReasons.apply(in.path())));
      }
    }
    if (!failures.isEmpty()) {
      throw new DataQualityException("rejected share above quality.max-reject-share:\n  "
          + String.join("\n  ", failures));
    }
    return out;
  }

  private static Map<String, Long> countsByFile(Dataset<Row> rows) {
    Map<String, Long> out = new HashMap<>();
    rows.groupBy("source_file").count().collectAsList().forEach(r -> out.put(r.getString(0), r.getLong(1)));
    return out;
  }

  static String topReasons(Dataset<Row> rejects, String file) {
    return rejects.where(col("source_file").equalTo(file)).groupBy("reason").count()
        .orderBy(col("count").desc(), col("reason")).limit(3).collectAsList().stream()
        .map(r -> r.getString(0) + " (" + r.getLong(1) + ")").collect(Collectors.joining(", "));
  }
}
