package org.npcoutcomes.marts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Small marts as Parquet folders written and read on the driver through the Hadoop FileSystem API (any
 * Hadoop URI), with no Spark job: a table already held on the driver costs one file write, not a job, a
 * commit protocol and a re-read. The folder looks as Spark leaves it ({@code part-00000-<uuid>-c000.<codec>.parquet}
 * and {@code _SUCCESS}), and the file carries the same Parquet schema and the same Spark schema metadata, so
 * Spark, DuckDB and pandas read back what a Spark write would have given them.
 */
public final class MartFiles {
  /** The footer key under which Spark keeps the schema it wrote (nullability included). */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";
  static final String SPARK_VERSION_KEY = "org.apache.spark.version";
  private static final String SPARK_MESSAGE_NAME = "spark_schema";
  private static final String SUCCESS = "_SUCCESS";
  private static final java.util.Set<DataType> WRITABLE = java.util.Set.of(DataTypes.StringType, DataTypes.DoubleType,
      DataTypes.LongType, DataTypes.IntegerType, DataTypes.BooleanType);
  /** The version Spark records in the files it writes. */
  public static final String SPARK_VERSION = org.apache.spark.package$.MODULE$.SPARK_VERSION_SHORT();

  private MartFiles() {}

  /**
   * The Parquet schema Spark writes for a flat table of strings, doubles, longs, ints and booleans: strings
   * as UTF-8 annotated binary, a nullable column optional, a non-null one required.
   */
  public static MessageType parquetSchema(StructType schema) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (StructField f : schema.fields()) {
      PrimitiveTypeName physical = physicalType(f);
      Types.PrimitiveBuilder<PrimitiveType> column = f.nullable() ? Types.optional(physical) : Types.required(physical);
      if (f.dataType().equals(DataTypes.StringType)) {
        column = column.as(LogicalTypeAnnotation.stringType());
      }
      message.addField(column.named(f.name()));
    }
    return message.named(SPARK_MESSAGE_NAME);
  }

  /** Whether {@link #write} can write a table of this schema (flat: strings, doubles, longs, ints, booleans). */
  public static boolean writable(StructType schema) {
    for (StructField f : schema.fields()) {
      if (!WRITABLE.contains(f.dataType())) {
        return false;
      }
    }
    return true;
  }

  private static PrimitiveTypeName physicalType(StructField f) {
    DataType t = f.dataType();
    if (t.equals(DataTypes.StringType)) {
      return PrimitiveTypeName.BINARY;
    } else if (t.equals(DataTypes.DoubleType)) {
      return PrimitiveTypeName.DOUBLE;
    } else if (t.equals(DataTypes.LongType)) {
      return PrimitiveTypeName.INT64;
    } else if (t.equals(DataTypes.IntegerType)) {
      return PrimitiveTypeName.INT32;
    } else if (t.equals(DataTypes.BooleanType)) {
      return PrimitiveTypeName.BOOLEAN;
    }
    throw new IllegalArgumentException("column " + f.name() + ": " + t.simpleString()
        + " is not written without Spark (string, double, bigint, int and boolean are)");
  }

  /**
   * Spark's name for a Parquet codec ({@code spark.sql.parquet.compression.codec}: none, uncompressed,
   * snappy, gzip, zstd, lz4, lz4_raw, brotli, lzo).
   */
  public static CompressionCodecName codec(String sparkName) {
    String name = sparkName.toUpperCase(Locale.ROOT);
    return name.equals("NONE") ? CompressionCodecName.UNCOMPRESSED : CompressionCodecName.valueOf(name);
  }

  /**
   * Writes {@code table} as the Parquet folder {@code folder}, which must not exist yet (as Spark's
   * ErrorIfExists); one file, even for no rows, so readers still find the schema.
   */
  public static void write(Configuration conf, Path folder, MartTable table, CompressionCodecName codec,
      String sparkVersion) {
    try {
      FileSystem fs = folder.getFileSystem(conf);
      if (fs.exists(folder)) {
        throw new IllegalStateException("path " + folder + " already exists");
      }
      fs.mkdirs(folder);
      Path file = new Path(folder, "part-00000-" + UUID.randomUUID() + "-c000" + codec.getExtension() + ".parquet");
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put(SPARK_VERSION_KEY, sparkVersion);
      metadata.put(SPARK_SCHEMA_KEY, table.schema().json());
      try (ParquetWriter<Row> writer = new RowWriterBuilder(HadoopOutputFile.fromPath(file, conf),
          new RowWriteSupport(table.schema(), parquetSchema(table.schema()), metadata))
          .withConf(conf).withCompressionCodec(codec).withWriteMode(ParquetFileWriter.Mode.CREATE).build()) {
        for (Row row : table.rows()) {
          writer.write(row);
        }
      }
      fs.create(new Path(folder, SUCCESS), false).close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder, e);
    }
  }

  /** As {@link #write(Configuration, Path, MartTable, CompressionCodecName, String)}, with the session's settings. */
  public static void write(SparkSession spark, Path folder, MartTable table) {
    write(spark.sparkContext().hadoopConfiguration(), folder, table, sessionCodec(spark), SPARK_VERSION);
  }

  /** The codec Spark would write Parquet with in this session ({@code spark.sql.parquet.compression.codec}). */
  public static CompressionCodecName sessionCodec(SparkSession spark) {
    return codec(spark.conf().get("spark.sql.parquet.compression.codec", "snappy"));
  }

  /** The data files of a Parquet folder, as Spark lists them (no hidden or underscore files). */
  private static List<Path> dataFiles(Configuration conf, Path folder) throws IOException {
    List<Path> out = new ArrayList<>();
    for (FileStatus s : folder.getFileSystem(conf).listStatus(folder)) {
      String name = s.getPath().getName();
      if (s.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
        out.add(s.getPath());
      }
    }
    out.sort(null);
    return out;
  }

  /** The rows of a Parquet folder, from its files' footers alone (no data is read). */
  public static long rowCount(Configuration conf, Path folder) {
    try {
      long rows = 0;
      for (Path file : dataFiles(conf, folder)) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
          rows += reader.getRecordCount();
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the footers of " + folder, e);
    }
  }

  /**
   * Reads a small Parquet folder on the driver: each row as column name to value (String, Long, Integer,
   * Double, Boolean, or null; a list column as a List, a struct as a Map; other types as their Parquet
   * {@link Binary}), in file order.
   */
  public static List<Map<String, Object>> read(Configuration conf, Path folder) {
    List<Map<String, Object>> out = new ArrayList<>();
    try {
      for (Path file : dataFiles(conf, folder)) {
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf)
            .build()) {
          for (Group g = reader.read(); g != null; g = reader.read()) {
            out.add(struct(g));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder, e);
    }
    return out;
  }

  private static Map<String, Object> struct(Group g) {
    GroupType type = g.getType();
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < type.getFieldCount(); i++) {
      out.put(type.getFieldName(i), g.getFieldRepetitionCount(i) == 0 ? null : value(g, i, type.getType(i)));
    }
    return out;
  }

  private static Object value(Group g, int field, Type type) {
    if (!type.isPrimitive()) {
      Group inner = g.getGroup(field, 0);
      if (!(type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)) {
        return struct(inner);
      }
      // Spark's three-level list: <list> (LIST) { repeated group list { <element> } }
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < inner.getFieldRepetitionCount(0); i++) {
        Group entry = inner.getGroup(0, i);
        Type element = entry.getType().getType(0);
        list.add(entry.getFieldRepetitionCount(0) == 0 ? null : value(entry, 0, element));
      }
      return list;
    }
    PrimitiveType p = type.asPrimitiveType();
    return switch (p.getPrimitiveTypeName()) {
      case BINARY -> p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
          ? g.getString(field, 0) : g.getBinary(field, 0);
      case INT32 -> g.getInteger(field, 0);
      case INT64 -> g.getLong(field, 0);
      case DOUBLE -> g.getDouble(field, 0);
      case FLOAT -> g.getFloat(field, 0);
      case BOOLEAN -> g.getBoolean(field, 0);
      case INT96 -> g.getInt96(field, 0);
      default -> g.getBinary(field, 0);
    };
  }

  private static final class RowWriterBuilder extends ParquetWriter.Builder<Row, RowWriterBuilder> {
    private final RowWriteSupport support;

    RowWriterBuilder(OutputFile file, RowWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected RowWriterBuilder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  /** Spark rows of a flat schema to Parquet records. */
  private static final class RowWriteSupport extends WriteSupport<Row> {
    private final StructType schema;
    private final MessageType parquet;
    private final Map<String, String> metadata;
    private RecordConsumer consumer;

    RowWriteSupport(StructType schema, MessageType parquet, Map<String, String> metadata) {
      this.schema = schema;
      this.parquet = parquet;
      this.metadata = metadata;
    }

    @Override
    public WriteContext init(Configuration conf) {
      return new WriteContext(parquet, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Row row) {
      consumer.startMessage();
      StructField[] fields = schema.fields();
      for (int i = 0; i < fields.length; i++) {
        Object v = row.get(i);
        if (v == null) {
          if (!fields[i].nullable()) {
            throw new IllegalArgumentException("null in the non-null column " + fields[i].name());
          }
          continue;
        }
        consumer.startField(fields[i].name(), i);
        try {
          DataType t = fields[i].dataType();
          if (t.equals(DataTypes.StringType)) {
            consumer.addBinary(Binary.fromString((String) v));
          } else if (t.equals(DataTypes.DoubleType)) {
            consumer.addDouble((Double) v);
          } else if (t.equals(DataTypes.LongType)) {
            consumer.addLong((Long) v);
          } else if (t.equals(DataTypes.IntegerType)) {
            consumer.addInteger((Integer) v);
          } else {
            consumer.addBoolean((Boolean) v);
          }
        } catch (ClassCastException e) {
          throw new IllegalArgumentException("column " + fields[i].name() + " (" + fields[i].dataType().simpleString()
              + ") holds a " + v.getClass().getSimpleName(), e);
        }
        consumer.endField(fields[i].name(), i);
      }
      consumer.endMessage();
    }
  }
}
