package org.npcoutcomes.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.config.InvalidConfigException;

/**
 * Reads extract files into raw lines numbered as in the file (the header is line 1), so every later
 * reject can name its file and line. Plain and gzip files; a gzip file is read by one task, a plain one
 * in parallel splits. The header of each file is read on the driver.
 */
public final class ExtractReader {
  public static final StructType LINE_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("source_file", DataTypes.StringType, false),
      DataTypes.createStructField("line_number", DataTypes.LongType, false),
      DataTypes.createStructField("line", DataTypes.StringType, false)));
  public static final StructType HEADER_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("source_file", DataTypes.StringType, false),
      DataTypes.createStructField("delimiter", DataTypes.StringType, false),
      DataTypes.createStructField("columns", DataTypes.createArrayType(DataTypes.StringType, false), false)));

  private final SourceMapping mapping;

  public ExtractReader(SourceMapping mapping) {
    this.mapping = mapping;
  }

  /** Raw data lines of the files, and each file's header and delimiter. */
  public RawExtract read(SparkSession spark, List<String> files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Row> headers = new ArrayList<>();
    JavaRDD<Row> all = null;
    for (String file : files) {
      char delimiter = delimiterFor(file);
      headers.add(RowFactory.create(file, String.valueOf(delimiter),
          scala.jdk.javaapi.CollectionConverters.asScala(header(spark.sparkContext().hadoopConfiguration(), file,
              delimiter)).toList()));
      JavaRDD<Row> lines = jsc.textFile(file).zipWithIndex()
          .filter(t -> t._2() > 0)
          .map(t -> RowFactory.create(file, t._2() + 1, DelimitedLine.normalise(t._1(), false)));
      all = all == null ? lines : all.union(lines);
    }
    return new RawExtract(spark.createDataFrame(all, LINE_SCHEMA), spark.createDataFrame(headers, HEADER_SCHEMA));
  }

  /** Tab for .txt / .tsv exports, the mapping's delimiter otherwise. */
  char delimiterFor(String file) {
    String name = file.toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
    return name.endsWith(".txt") || name.endsWith(".tsv") ? '\t' : mapping.delimiter();
  }

  private static List<String> header(Configuration conf, String file, char delimiter) {
    Path path = new Path(file);
    try {
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      InputStream raw = path.getFileSystem(conf).open(path);
      InputStream in = codec == null ? raw : codec.createInputStream(raw);
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String first = reader.readLine();
        if (first == null) {
          throw new InvalidConfigException("input.paths", file + " is empty: a header row is expected");
        }
        String[] columns = DelimitedLine.split(DelimitedLine.normalise(first, true), delimiter);
        if (columns == null) {
          throw new InvalidConfigException("input.paths", file + ": the header row has an unclosed quote");
        }
        return Arrays.stream(columns).map(String::trim).toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the header of " + file, e);
    }
  }
}
