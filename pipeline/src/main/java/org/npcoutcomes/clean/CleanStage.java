package org.npcoutcomes.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.ingest.DelimitedLine;
import org.npcoutcomes.ingest.RawExtract;
import org.npcoutcomes.ingest.SourceMapping;

/**
 * Raw lines to canonical records and rejects. Each line is parsed once (written with its outcome, clean
 * or reject, to a scratch folder partitioned by outcome, so neither output re-parses the input); then a
 * repeated (patient id, sequence number) keeps its first occurrence and rejects the others. Every input
 * line ends as exactly one clean record or one reject.
 */
public final class CleanStage {
  private static final String KIND = "outcome";
  private static final StructType PARSED_SCHEMA = parsedSchema();
  /** Up to this many duplicate lines are broadcast to every task rather than joined by shuffle. */
  private static final int BROADCAST_LIMIT = 1_000_000;
  private static final String PARSED = "/parsed";
  private static final String DUPLICATES = "/duplicates";

  private final SourceMapping mapping;

  public CleanStage(SourceMapping mapping) {
    this.mapping = mapping;
  }

  /** Clean records ({@link CanonicalSchema#SCHEMA}) and rejects ({@link CanonicalSchema#REJECT_SCHEMA}). */
  public record CleanOutput(Dataset<Row> clean, Dataset<Row> rejects) {}

  private static StructType parsedSchema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(KIND, DataTypes.StringType, false));
    for (StructField f : CanonicalSchema.SCHEMA.fields()) {
      fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    for (String r : List.of("reason", "field", "raw_value")) {
      fields.add(DataTypes.createStructField(r, DataTypes.StringType, true));
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * Parses every line once, writing outcomes under {@code location} (partitioned into clean records and
   * rejects, plus the lines found to repeat a patient id and sequence number); returns the clean records
   * and all rejects.
   */
  public CleanOutput run(RawExtract raw, String location) {
    SparkSession spark = raw.lines().sparkSession();
    Map<String, RecordCleaner> cleaners = new HashMap<>();
    Map<String, Character> delimiters = new HashMap<>();
    for (Row h : raw.headers().collectAsList()) {
      String file = h.getString(0);
      cleaners.put(file, new RecordCleaner(mapping, h.getList(2), file));
      delimiters.put(file, h.getString(1).charAt(0));
    }
    raw.lines().mapPartitions(new Parse(cleaners, delimiters), Encoders.row(PARSED_SCHEMA))
        .write().mode(SaveMode.Overwrite).partitionBy(KIND).parquet(location + PARSED);
    Dataset<Row> parsed = spark.read().schema(PARSED_SCHEMA).parquet(location + PARSED);
    // Duplicates are found on the four key columns only, so the full-width records are never shuffled.
    parsed.where(col(KIND).equalTo("clean"))
        .select(col(CanonicalSchema.SOURCE_FILE), col(CanonicalSchema.LINE_NUMBER), col(CanonicalSchema.PATIENT_ID),
            col(CanonicalSchema.SEQUENCE_NUMBER))
        .withColumn("occurrence", row_number().over(Window
            .partitionBy(CanonicalSchema.PATIENT_ID, CanonicalSchema.SEQUENCE_NUMBER)
            .orderBy(CanonicalSchema.SOURCE_FILE, CanonicalSchema.LINE_NUMBER)))
        .where(col("occurrence").gt(1)).drop("occurrence")
        .write().mode(SaveMode.Overwrite).parquet(location + DUPLICATES);
    Dataset<Row> duplicates = spark.read().parquet(location + DUPLICATES).select(col(CanonicalSchema.SOURCE_FILE),
        col(CanonicalSchema.LINE_NUMBER), lit(Reject.DUPLICATE_KEY).as("reason"),
        lit(CanonicalSchema.PATIENT_ID + "," + CanonicalSchema.SEQUENCE_NUMBER).as("field"),
        concat_ws(",", col(CanonicalSchema.PATIENT_ID), col(CanonicalSchema.SEQUENCE_NUMBER).cast("string"))
            .as("raw_value"));
    Dataset<Row> rejects = parsed.where(col(KIND).equalTo("reject"))
        .select(col(CanonicalSchema.SOURCE_FILE), col(CanonicalSchema.LINE_NUMBER), col("reason"), col("field"),
            col("raw_value"))
        .unionByName(duplicates);
    return new CleanOutput(read(spark, location), rejects);
  }

  /** The clean records a run left at {@code location}: every parsed record but the repeated ones. */
  public static Dataset<Row> read(SparkSession spark, String location) {
    Column[] canonical = Arrays.stream(CanonicalSchema.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> clean = spark.read().schema(PARSED_SCHEMA).parquet(location + PARSED)
        .where(col(KIND).equalTo("clean")).select(canonical);
    Dataset<Row> repeated = spark.read().parquet(location + DUPLICATES)
        .select(CanonicalSchema.SOURCE_FILE, CanonicalSchema.LINE_NUMBER);
    List<Row> lines = repeated.limit(BROADCAST_LIMIT + 1).collectAsList();
    if (lines.isEmpty()) {
      return clean;
    }
    Dataset<Row> drop = lines.size() <= BROADCAST_LIMIT
        ? functions.broadcast(spark.createDataFrame(lines, repeated.schema())) : repeated;
    return clean.join(drop, scala.jdk.javaapi.CollectionConverters.asScala(
        List.of(CanonicalSchema.SOURCE_FILE, CanonicalSchema.LINE_NUMBER)).toSeq(), "left_anti");
  }

  /** Runs in the executors: one outcome row per input line. */
  private static final class Parse implements MapPartitionsFunction<Row, Row> {
    private final Map<String, RecordCleaner> cleaners;
    private final Map<String, Character> delimiters;

    Parse(Map<String, RecordCleaner> cleaners, Map<String, Character> delimiters) {
      this.cleaners = cleaners;
      this.delimiters = delimiters;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> lines) {
      int width = PARSED_SCHEMA.size();
      int canonicalWidth = CanonicalSchema.SCHEMA.size();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return lines.hasNext();
        }

        @Override
        public Row next() {
          Row line = lines.next();
          String file = line.getString(0);
          long number = line.getLong(1);
          String[] fields = DelimitedLine.split(line.getString(2), delimiters.get(file));
          RecordCleaner.Outcome outcome = fields == null
              ? new RecordCleaner.Outcome(null, new Reject(Reject.WRONG_FIELD_COUNT, null, "unclosed quote"))
              : cleaners.get(file).clean(file, number, fields);
          Object[] out = new Object[width];
          if (outcome.reject() == null) {
            out[0] = "clean";
            System.arraycopy(outcome.values(), 0, out, 1, canonicalWidth);
          } else {
            out[0] = "reject";
            out[1] = file;
            out[2] = number;
            out[1 + canonicalWidth] = outcome.reject().reason();
            out[2 + canonicalWidth] = outcome.reject().field();
            out[3 + canonicalWidth] = truncate(outcome.reject().rawValue());
          }
          return RowFactory.create(out);
        }
      };
    }

    /** A whole malformed line is not worth keeping in full in the rejects mart. */
    private static String truncate(String s) {
      return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
  }
}
