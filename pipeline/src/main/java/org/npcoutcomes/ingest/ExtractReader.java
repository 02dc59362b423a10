package org.npcoutcomes.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.text.DelimitedLine;

/**
 * Reads extract files into data lines numbered as in the file (the header is line 1), so every later
 * reject can name its file and line. A plain file is read in parallel splits, a compressed one by one
 * task. Each file's header is read on the driver; each task counts the lines it reads, apart from what
 * later becomes of them, so the run can check that clean and rejected rows add up to the lines read.
 */
public final class ExtractReader {
  /** Splits are no larger than this, so a big file keeps every core busy. */
  private static final String MAX_SPLIT_BYTES = "spark.sql.files.maxPartitionBytes";
  private static final long DEFAULT_MAX_SPLIT_BYTES = 128L << 20;
  private static final long MIN_SPLIT_BYTES = 4L << 20;

  private final SourceMapping mapping;

  public ExtractReader(SourceMapping mapping) {
    this.mapping = mapping;
  }

  /** The data lines of the files (read when first used), and each file's header and delimiter. */
  public RawExtract read(SparkSession spark, List<String> files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = jsc.hadoopConfiguration();
    List<FileHeader> headers = new ArrayList<>();
    Map<String, LongAccumulator> counters = new LinkedHashMap<>();
    for (String file : files) {
      char delimiter = delimiterFor(file);
      headers.add(new FileHeader(file, delimiter, header(conf, file, delimiter)));
      counters.put(file, spark.sparkContext().longAccumulator("lines read from " + file));
    }
    long[] lengths = ExtractSplits.lengths(conf, files);
    List<ExtractSplit> splits = ExtractSplits.number(jsc, ExtractSplits.plan(conf, files, lengths,
        splitBytes(spark, jsc, java.util.Arrays.stream(lengths).sum())));
    SerializableConfiguration taskConf = new SerializableConfiguration(conf);
    List<LongAccumulator> byFile = List.copyOf(counters.values());
    JavaRDD<SourceLine> lines = jsc.parallelize(splits, splits.size()).mapPartitions(split -> {
      ExtractSplit s = split.next();
      return new SplitLines(s, taskConf.value(), byFile.get(s.fileIndex()));
    });
    return new RawExtract(lines, headers, () -> {
      Map<String, Long> out = new LinkedHashMap<>();
      counters.forEach((file, counter) -> out.put(file, counter.value()));
      return out;
    });
  }

  /**
   * Reads each file's header row, as {@link #read} will: a file that is not a readable UTF-8 text extract stops
   * the run before any work (a configuration error naming the file and byte offset).
   */
  public void check(Configuration conf, List<String> files) {
    for (String file : files) {
      header(conf, file, delimiterFor(file));
    }
  }

  /**
   * At most maxPartitionBytes (as Spark's file sources), and small enough that each core gets about
   * four, so the tasks' unequal speeds even out.
   */
  private static long splitBytes(SparkSession spark, JavaSparkContext jsc, long total) {
    long max = spark.conf().contains(MAX_SPLIT_BYTES)
        ? org.apache.spark.network.util.JavaUtils.byteStringAsBytes(spark.conf().get(MAX_SPLIT_BYTES))
        : DEFAULT_MAX_SPLIT_BYTES;
    return Math.min(max, Math.max(MIN_SPLIT_BYTES, ceilDiv(total, 4L * Math.max(1, jsc.defaultParallelism()))));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Tab for .txt / .tsv exports, the mapping's delimiter otherwise. */
  char delimiterFor(String file) {
    String name = file.toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
    return name.endsWith(".txt") || name.endsWith(".tsv") ? '\t' : mapping.delimiter();
  }

  /** Bytes looked at for a NUL, the mark of a binary file (or of UTF-16 text), before any work. */
  private static final int SNIFF_BYTES = 1 << 16;

  /**
   * The header row of a file, read on the driver before any work; a file that is not a UTF-8 text extract
   * (a binary file, a gzip file that cannot be opened, a header that is not UTF-8) stops the run here (exit 2),
   * named with the byte offset of what is wrong.
   */
  private static List<String> header(Configuration conf, String file, char delimiter) {
    Path path = new Path(file);
    byte[] head;
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    try (InputStream raw = path.getFileSystem(conf).open(path);
        InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
      head = in.readNBytes(SNIFF_BYTES);
    } catch (IOException e) {
      String why = e instanceof java.io.EOFException && codec != null
          ? "truncated: the compressed data ends at byte offset " + storedLength(conf, path) + ", the end of the file"
          : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new InvalidConfigException("input.paths", file + ": cannot read the first " + SNIFF_BYTES
          + " bytes" + (codec == null ? "" : " as " + codec.getDefaultExtension() + " data") + " (" + why + ")");
    }
    if (head.length == 0) {
      throw new InvalidConfigException("input.paths", file + " is empty: a header row is expected");
    }
    for (int i = 0; i < head.length; i++) {
      if (head[i] == 0) {
        throw new InvalidConfigException("input.paths", file + ": not a text extract (a NUL byte at byte offset " + i
            + (codec == null ? "" : " of the uncompressed data")
            + "): a binary file, or text in an encoding other than UTF-8 (e.g. UTF-16)");
      }
    }
    int end = 0;
    while (end < head.length && head[end] != '\n') {
      end++;
    }
    String first;
    try {
      first = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, end)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidConfigException("input.paths", file + " line 1: the header row is not UTF-8 text (first bad"
          + " byte at offset " + firstInvalidUtf8(head, end) + ")");
    }
    String[] columns = DelimitedLine.split(DelimitedLine.normalise(first, true), delimiter);
    if (columns == null) {
      throw new InvalidConfigException("input.paths", file + ": the header row has an unclosed quote");
    }
    return Arrays.stream(columns).map(String::trim).toList();
  }

  private static long storedLength(Configuration conf, Path path) {
    try {
      return path.getFileSystem(conf).getFileStatus(path).getLen();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The offset of the first byte of {@code bytes[0, end)} that starts no valid UTF-8 sequence. */
  static int firstInvalidUtf8(byte[] bytes, int end) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, end);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(end + 1);
    var result = decoder.decode(in, out, true);
    return result.isError() ? in.position() : end;
  }
}
