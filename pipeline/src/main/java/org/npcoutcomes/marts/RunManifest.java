package org.npcoutcomes.marts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a run did: the one-row {@code run_manifest} mart. The mapping file is fingerprinted apart from the
 * configuration, which names it but does not hold its content; both are null for a job that read no extract.
 * {@code privacyPolicy} and {@code minCell} say how the aggregate marts were suppressed ({@code minCell} null
 * for policy none); {@code seed} is the seed of everything random in the analysis (the propensity matcher's
 * random order), null for a job that ran no analysis. {@code restrictedLocation} is where the run's
 * patient-level marts were published ({@code run.restricted-output}, or the run folder's {@code restricted/}).
 */
public record RunManifest(String runId, String job, String status, Instant startedAt, Instant finishedAt,
    String configDigest, Long seed, String sourceMapping, String sourceMappingSha256, String codeVersion,
    String sparkVersion, List<InputFile> inputs, List<MartCount> marts, String effectiveConfig, String privacyPolicy,
    Integer minCell, String restrictedLocation) {

  public static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("run_id", DataTypes.StringType, false),
      DataTypes.createStructField("job", DataTypes.StringType, false),
      DataTypes.createStructField("status", DataTypes.StringType, false),
      DataTypes.createStructField("started_at", DataTypes.TimestampType, false),
      DataTypes.createStructField("finished_at", DataTypes.TimestampType, false),
      DataTypes.createStructField("config_digest", DataTypes.StringType, false),
      DataTypes.createStructField("seed", DataTypes.LongType, true),
      DataTypes.createStructField("source_mapping", DataTypes.StringType, true),
      DataTypes.createStructField("source_mapping_sha256", DataTypes.StringType, true),
      DataTypes.createStructField("code_version", DataTypes.StringType, false),
      DataTypes.createStructField("spark_version", DataTypes.StringType, false),
      DataTypes.createStructField("inputs",
          DataTypes.createArrayType(RecordRows.schema(InputFile.class), false), false),
      DataTypes.createStructField("marts",
          DataTypes.createArrayType(RecordRows.schema(MartCount.class), false), false),
      DataTypes.createStructField("effective_config", DataTypes.StringType, false),
      DataTypes.createStructField("privacy_policy", DataTypes.StringType, false),
      DataTypes.createStructField("min_cell", DataTypes.IntegerType, true),
      DataTypes.createStructField("restricted_location", DataTypes.StringType, true)));

  /** The manifest's one row, in the order of {@link #SCHEMA}. */
  public Row toRow() {
    return RowFactory.create(runId, job, status, Timestamp.from(startedAt), Timestamp.from(finishedAt),
        configDigest, seed, sourceMapping, sourceMappingSha256, codeVersion, sparkVersion,
        RecordRows.toArrayValue(inputs), RecordRows.toArrayValue(marts), effectiveConfig, privacyPolicy, minCell,
        restrictedLocation);
  }

  public Dataset<Row> toDataset(SparkSession spark) {
    return spark.createDataFrame(List.of(toRow()), SCHEMA);
  }
}
