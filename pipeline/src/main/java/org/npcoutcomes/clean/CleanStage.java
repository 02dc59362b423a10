package org.npcoutcomes.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

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
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;
import org.npcoutcomes.ingest.FieldSlices;
import org.npcoutcomes.ingest.FileHeader;
import org.npcoutcomes.ingest.RawExtract;
import org.npcoutcomes.ingest.SourceLine;
import org.npcoutcomes.ingest.SourceMapping;
import org.npcoutcomes.marts.MartFiles;

/**
 * Raw lines to canonical records and rejects. Each line is parsed once and stored with its outcome (a
 * record, coded fields as numbers per the {@link CodeBook}, or a reject), so neither output re-parses the
 * input; then a repeated (patient id, sequence number) keeps its first occurrence and rejects the others
 * ({@link RepeatedKeys}). Every input line ends as exactly one clean record or one reject.
 */
public final class CleanStage {
  /** Whether the stored row is a reject (true) or a clean record. */
  private static final String REJECTED = "rejected";
  private static final String KEY_HASH = "key_hash";
  private static final int PATIENT_ID_SLOT = CanonicalSchema.SCHEMA.fieldIndex(CanonicalSchema.PATIENT_ID);
  private static final int SEQUENCE_SLOT = CanonicalSchema.SCHEMA.fieldIndex(CanonicalSchema.SEQUENCE_NUMBER);

  /** Up to this many duplicate lines are broadcast to every task rather than joined by shuffle. */
  private static final int BROADCAST_LIMIT = 1_000_000;
  private static final String PARSED = "/parsed";
  private static final String DUPLICATES = "/duplicates";
  private static final String CODE_BOOK = "/code-book.json";

  private final SourceMapping mapping;

  public CleanStage(SourceMapping mapping) {
    this.mapping = mapping;
  }

  /**
   * Clean records ({@link CanonicalSchema#SCHEMA}) and rejects ({@link CanonicalSchema#REJECT_SCHEMA}), and
   * how many rejects there are (counted while parsing and from the repeated keys' file footers, so a caller
   * can tell whether they are few enough to bring to the driver without counting them again).
   */
  public record CleanOutput(Dataset<Row> clean, Dataset<Row> rejects, long rejectCount) {}

  /** How the records are stored: rejected or not, the canonical fields (coded ones as numbers), reject, key hash. */
  private static StructType parsedSchema(CodeBook codes) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(REJECTED, DataTypes.BooleanType, false));
    for (StructField f : codes.storedSchema(CanonicalSchema.SCHEMA).fields()) {
      fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    for (String r : List.of("reason", "field", "raw_value")) {
      fields.add(DataTypes.createStructField(r, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(KEY_HASH, DataTypes.LongType, true));
    return DataTypes.createStructType(fields);
  }

  /**
   * Parses every line once, writing outcomes under {@code location} (clean records and rejects, plus the
   * lines found to repeat a patient id and sequence number); returns the clean records and all rejects.
   */
  public CleanOutput run(RawExtract raw, String location) {
    SparkSession spark = SparkSession.active();
    CodeBook codes = CodeBook.of(mapping);
    codes.write(spark.sparkContext().hadoopConfiguration(), location + CODE_BOOK);
    StructType parsedSchema = parsedSchema(codes);
    LongAccumulator rejected = spark.sparkContext().longAccumulator("lines rejected while parsing");
    Map<String, RecordCleaner> cleaners = new HashMap<>();
    Map<String, Character> delimiters = new HashMap<>();
    for (FileHeader h : raw.headers()) {
      cleaners.put(h.file(), new RecordCleaner(mapping, h.columns(), h.file(), codes));
      delimiters.put(h.file(), h.delimiter());
    }
    // Not partitioned by outcome: a partitioned write sorts every record first, and readers of either
    // outcome skip the other's columns anyway.
    // Columns whose values are all distinct skip the dictionary a writer would build and then drop.
    InternalRows.toDataFrame(spark, raw.lines().mapPartitions(new Parse(cleaners, delimiters, parsedSchema.size(),
            rejected)),
            parsedSchema)
        .write().mode(SaveMode.Overwrite)
        .option("parquet.enable.dictionary#" + CanonicalSchema.PATIENT_ID, "false")
        .option("parquet.enable.dictionary#" + CanonicalSchema.LINE_NUMBER, "false")
        .option("parquet.enable.dictionary#" + KEY_HASH, "false")
        .parquet(location + PARSED);
    Dataset<Row> parsed = spark.read().schema(parsedSchema).parquet(location + PARSED);
    long rows = raw.linesRead().get().values().stream().mapToLong(Long::longValue).sum();
    boolean repeats = RepeatedKeys.write(parsed.where(not(col(REJECTED))), KEY_HASH, rows, location + DUPLICATES);
    Dataset<Row> rejects = parsed.where(col(REJECTED))
        .select(col(CanonicalSchema.SOURCE_FILE), col(CanonicalSchema.LINE_NUMBER), col("reason"), col("field"),
            col("raw_value"));
    if (!repeats) {
      // Nothing repeats (the usual case): the clean records are the parsed ones, with no lookup of repeats.
      return new CleanOutput(parsedClean(spark, location, codes), rejects, rejected.value());
    }
    Dataset<Row> duplicates = spark.read().parquet(location + DUPLICATES).select(col(CanonicalSchema.SOURCE_FILE),
        col(CanonicalSchema.LINE_NUMBER), lit(Reject.DUPLICATE_KEY).as("reason"),
        lit(CanonicalSchema.PATIENT_ID + "," + CanonicalSchema.SEQUENCE_NUMBER).as("field"),
        concat_ws(",", col(CanonicalSchema.PATIENT_ID), col(CanonicalSchema.SEQUENCE_NUMBER).cast("string"))
            .as("raw_value"));
    return new CleanOutput(withoutRepeats(spark, location, codes), rejects.unionByName(duplicates),
        rejected.value() + MartFiles.rowCount(spark.sparkContext().hadoopConfiguration(),
            new org.apache.hadoop.fs.Path(location + DUPLICATES)));
  }

  /** The clean records a run left at {@code location}: every parsed record but the repeated ones. */
  public static Dataset<Row> read(SparkSession spark, String location) {
    return withoutRepeats(spark, location,
        CodeBook.read(spark.sparkContext().hadoopConfiguration(), location + CODE_BOOK));
  }

  private static Dataset<Row> withoutRepeats(SparkSession spark, String location, CodeBook codes) {
    Dataset<Row> clean = parsedClean(spark, location, codes);
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

  private static Dataset<Row> parsedClean(SparkSession spark, String location, CodeBook codes) {
    Column[] canonical = Arrays.stream(CanonicalSchema.SCHEMA.fieldNames()).map(codes::decode).toArray(Column[]::new);
    return spark.read().schema(parsedSchema(codes)).parquet(location + PARSED).where(not(col(REJECTED)))
        .select(canonical);
  }

  /** Runs in the executors: one outcome row per input line. */
  private static final class Parse implements FlatMapFunction<Iterator<SourceLine>, InternalRow> {
    private final Map<String, RecordCleaner> cleaners;
    private final Map<String, Character> delimiters;
    private final int width;
    private final LongAccumulator rejected;
    /** Reused for every line of the task. */
    private transient FieldSlices fields;

    Parse(Map<String, RecordCleaner> cleaners, Map<String, Character> delimiters, int width,
        LongAccumulator rejected) {
      this.cleaners = cleaners;
      this.delimiters = delimiters;
      this.width = width;
      this.rejected = rejected;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<SourceLine> lines) {
      int canonicalWidth = CanonicalSchema.SCHEMA.size();
      Map<String, UTF8String> names = new HashMap<>();
      fields = new FieldSlices();
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
            out[0] = false;
            System.arraycopy(outcome.values(), 0, out, 1, canonicalWidth);
            out[width - 1] = keyHash(outcome.values());
          } else {
            rejected.add(1);
            out[0] = true;
            out[1] = file;
            out[2] = line.lineNumber();
            out[1 + canonicalWidth] = UTF8String.fromString(outcome.reject().reason());
            out[2 + canonicalWidth] = outcome.reject().field() == null ? null
                : UTF8String.fromString(outcome.reject().field());
            String rawValue = truncate(outcome.reject().rawValue());
            out[3 + canonicalWidth] = rawValue == null ? null : UTF8String.fromString(rawValue);
          }
          return new GenericInternalRow(out);
        }
      };
    }

    private RecordCleaner.Outcome outcome(UTF8String file, SourceLine line) {
      if (line.badEncoding()) {
        return RecordCleaner.Outcome.rejected(new Reject(Reject.ENCODING_ERROR, null, line.text()));
      }
      if (!fields.split(line.bytes(), 0, line.bytes().length, delimiters.get(line.file()))) {
        return RecordCleaner.Outcome.rejected(new Reject(Reject.WRONG_FIELD_COUNT, null, "unclosed quote"));
      }
      return cleaners.get(line.file()).clean(file, line.lineNumber(), fields);
    }

    /** A 64-bit hash of (patient id, sequence number), computed here so finding repeats reads one column. */
    private static long keyHash(Object[] values) {
      byte[] id = ((UTF8String) values[PATIENT_ID_SLOT]).getBytes();
      Object sequence = values[SEQUENCE_SLOT];
      long h = ByteMemo.hash64(id, 0, id.length);
      return (h ^ (sequence == null ? -1L : (Integer) sequence)) * 0x9E3779B97F4A7C15L;
    }

    /** A whole malformed line is not worth keeping in full in the rejects mart. */
    private static String truncate(String s) {
      return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
  }
}
