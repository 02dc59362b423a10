package org.npcoutcomes.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.npcoutcomes.ingest.DelimitedLine;
import org.npcoutcomes.ingest.FileHeader;
import org.npcoutcomes.ingest.RawExtract;
import org.npcoutcomes.ingest.SourceLine;
import org.npcoutcomes.ingest.SourceMapping;

/**
 * Raw lines to canonical records and rejects. Each line is parsed once (written with its outcome, clean
 * or reject, to a scratch folder partitioned by outcome, so neither output re-parses the input); then a
 * repeated (patient id, sequence number) keeps its first occurrence and rejects the others. Every input
 * line ends as exactly one clean record or one reject.
 */
public final class CleanStage {
  private static final String KIND = "outcome";
  private static final String CLEAN = "clean";
  private static final String REJECT = "reject";
  private static final String KEY_HASH = "key_hash";
  private static final UTF8String CLEAN_VALUE = UTF8String.fromString(CLEAN);
  private static final UTF8String REJECT_VALUE = UTF8String.fromString(REJECT);
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
   * Parses every line once, writing outcomes under {@code location} (clean records and rejects, plus the
   * lines found to repeat a patient id and sequence number); returns the clean records and all rejects.
   */
  public CleanOutput run(RawExtract raw, String location) {
    SparkSession spark = SparkSession.active();
    Map<String, RecordCleaner> cleaners = new HashMap<>();
    Map<String, Character> delimiters = new HashMap<>();
    for (FileHeader h : raw.headers()) {
      cleaners.put(h.file(), new RecordCleaner(mapping, h.columns(), h.file()));
      delimiters.put(h.file(), h.delimiter());
    }
    // Not partitioned by outcome: a partitioned write sorts every record first, and readers of either
    // outcome skip the other's columns anyway.
    InternalRows.toDataFrame(spark, raw.lines().mapPartitions(new Parse(cleaners, delimiters)), PARSED_SCHEMA)
        .write().mode(SaveMode.Overwrite).parquet(location + PARSED);
    Dataset<Row> parsed = spark.read().schema(PARSED_SCHEMA).parquet(location + PARSED);
    findRepeats(parsed.where(col(KIND).equalTo(CLEAN)), location + DUPLICATES);
    Dataset<Row> duplicates = spark.read().parquet(location + DUPLICATES).select(col(CanonicalSchema.SOURCE_FILE),
        col(CanonicalSchema.LINE_NUMBER), lit(Reject.DUPLICATE_KEY).as("reason"),
        lit(CanonicalSchema.PATIENT_ID + "," + CanonicalSchema.SEQUENCE_NUMBER).as("field"),
        concat_ws(",", col(CanonicalSchema.PATIENT_ID), col(CanonicalSchema.SEQUENCE_NUMBER).cast("string"))
            .as("raw_value"));
    Dataset<Row> rejects = parsed.where(col(KIND).equalTo(REJECT))
        .select(col(CanonicalSchema.SOURCE_FILE), col(CanonicalSchema.LINE_NUMBER), col("reason"), col("field"),
            col("raw_value"))
        .unionByName(duplicates);
    return new CleanOutput(read(spark, location), rejects);
  }

  /**
   * Writes the lines that repeat an earlier (patient id, sequence number). Repeats are rare, so the keys
   * are first counted by a 64-bit hash (a small shuffle); only lines whose hash repeats are then compared
   * by their real key and ordered, so a hash collision costs a little work and never a wrong answer.
   */
  private static void findRepeats(Dataset<Row> clean, String target) {
    Column[] key = {col(CanonicalSchema.PATIENT_ID), col(CanonicalSchema.SEQUENCE_NUMBER)};
    Dataset<Row> keys = clean.select(col(CanonicalSchema.SOURCE_FILE), col(CanonicalSchema.LINE_NUMBER), key[0],
        key[1]).withColumn(KEY_HASH, xxhash64(key));
    Dataset<Row> repeatedHashes = keys.groupBy(KEY_HASH).count().where(col("count").gt(1)).select(KEY_HASH);
    List<Row> few = repeatedHashes.limit(BROADCAST_LIMIT + 1).collectAsList();
    Dataset<Row> candidates = few.size() <= BROADCAST_LIMIT
        ? keys.join(functions.broadcast(keys.sparkSession().createDataFrame(few, repeatedHashes.schema())),
            scala.jdk.javaapi.CollectionConverters.asScala(List.of(KEY_HASH)).toSeq(), "left_semi")
        : keys.join(repeatedHashes, scala.jdk.javaapi.CollectionConverters.asScala(List.of(KEY_HASH)).toSeq(),
            "left_semi");
    candidates.drop(KEY_HASH)
        .withColumn("occurrence", row_number().over(Window.partitionBy(key)
            .orderBy(CanonicalSchema.SOURCE_FILE, CanonicalSchema.LINE_NUMBER)))
        .where(col("occurrence").gt(1)).drop("occurrence")
        .write().mode(SaveMode.Overwrite).parquet(target);
  }

  /** The clean records a run left at {@code location}: every parsed record but the repeated ones. */
  public static Dataset<Row> read(SparkSession spark, String location) {
    Column[] canonical = Arrays.stream(CanonicalSchema.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> clean = spark.read().schema(PARSED_SCHEMA).parquet(location + PARSED)
        .where(col(KIND).equalTo(CLEAN)).select(canonical);
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
  private static final class Parse implements FlatMapFunction<Iterator<SourceLine>, InternalRow> {
    private final Map<String, RecordCleaner> cleaners;
    private final Map<String, Character> delimiters;

    Parse(Map<String, RecordCleaner> cleaners, Map<String, Character> delimiters) {
      this.cleaners = cleaners;
      this.delimiters = delimiters;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<SourceLine> lines) {
      int width = PARSED_SCHEMA.size();
      int canonicalWidth = CanonicalSchema.SCHEMA.size();
      Map<String, UTF8String> names = new HashMap<>();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return lines.hasNext();
        }

        @Override
        public InternalRow next() {
          SourceLine line = lines.next();
          UTF8String file = names.computeIfAbsent(line.file(), UTF8String::fromString);
          RecordCleaner.Outcome outcome = outcome(file, line);
          Object[] out = new Object[width];
          if (outcome.reject() == null) {
            out[0] = CLEAN_VALUE;
            System.arraycopy(outcome.values(), 0, out, 1, canonicalWidth);
          } else {
            out[0] = REJECT_VALUE;
            out[1] = file;
            out[2] = line.lineNumber();
            out[1 + canonicalWidth] = UTF8String.fromString(outcome.reject().reason());
            out[2 + canonicalWidth] = outcome.reject().field() == null ? null
                : UTF8String.fromString(outcome.reject().field());
            out[3 + canonicalWidth] = outcome.reject().rawValue() == null ? null
                : UTF8String.fromString(truncate(outcome.reject().rawValue()));
          }
          return new GenericInternalRow(out);
        }
      };
    }

    private RecordCleaner.Outcome outcome(UTF8String file, SourceLine line) {
      if (line.badEncoding()) {
        return RecordCleaner.Outcome.rejected(new Reject(Reject.ENCODING_ERROR, null, line.text()));
      }
      String[] fields = DelimitedLine.split(line.text(), delimiters.get(line.file()));
      return fields == null
          ? RecordCleaner.Outcome.rejected(new Reject(Reject.WRONG_FIELD_COUNT, null, "unclosed quote"))
          : cleaners.get(line.file()).clean(file, line.lineNumber(), fields);
    }

    /** A whole malformed line is not worth keeping in full in the rejects mart. */
    private static String truncate(String s) {
      return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
  }
}
