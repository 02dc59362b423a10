package org.npcoutcomes.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Cuts extract files into splits read in parallel and numbers each split's first line. Numbering needs
 * the count of line breaks before each split: a byte scan of every split but the last of each file,
 * run in parallel, which costs far less than decoding the lines twice.
 */
public final class ExtractSplits {
  private ExtractSplits() {}

  /** The size in bytes of each file, as stored. */
  public static long[] lengths(Configuration conf, List<String> files) {
    long[] out = new long[files.size()];
    for (int f = 0; f < out.length; f++) {
      Path path = new Path(files.get(f));
      try {
        out[f] = path.getFileSystem(conf).getFileStatus(path).getLen();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + files.get(f), e);
      }
    }
    return out;
  }

  /**
   * Splits of about {@code splitBytes} for plain files, one split for a compressed file (a gzip stream
   * cannot be entered in the middle); {@code lengths} as {@link #lengths} gives them.
   */
  public static List<ExtractSplit> plan(Configuration conf, List<String> files, long[] lengths, long splitBytes) {
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    List<ExtractSplit> out = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      String file = files.get(f);
      long length = lengths[f];
      boolean compressed = codecs.getCodec(new Path(file)) != null;
      if (compressed || length <= splitBytes) {
        out.add(new ExtractSplit(f, file, 0, length, compressed, 1));
        continue;
      }
      long pieces = (length + splitBytes - 1) / splitBytes;
      for (long p = 0; p < pieces; p++) {
        // Even pieces, so no task gets a sliver.
        out.add(new ExtractSplit(f, file, length * p / pieces, length * (p + 1) / pieces, false, 0));
      }
    }
    return out;
  }

  /** The splits with their first line numbers, from a parallel count of the line breaks before each. */
  public static List<ExtractSplit> number(JavaSparkContext jsc, List<ExtractSplit> splits) {
    List<ExtractSplit> toCount = new ArrayList<>();
    for (int i = 0; i + 1 < splits.size(); i++) {
      if (splits.get(i + 1).fileIndex() == splits.get(i).fileIndex()) {
        toCount.add(splits.get(i));
      }
    }
    if (toCount.isEmpty()) {
      return splits;
    }
    SerializableConfiguration conf = new SerializableConfiguration(jsc.hadoopConfiguration());
    List<Breaks> counts = jsc.parallelize(toCount, toCount.size()).map(s -> count(s, conf.value())).collect();
    List<ExtractSplit> out = new ArrayList<>();
    int c = 0;
    long breaksBefore = 0;
    boolean endsWithBreak = false;
    for (int i = 0; i < splits.size(); i++) {
      ExtractSplit s = splits.get(i);
      if (s.start() == 0) {
        out.add(s.withFirstLineNumber(1));
        breaksBefore = 0;
      } else {
        // The split's first line follows the first break at or after start - 1.
        long breaksBeforeThatOne = breaksBefore - (endsWithBreak ? 1 : 0);
        out.add(s.withFirstLineNumber(breaksBeforeThatOne + 2));
      }
      if (i + 1 < splits.size() && splits.get(i + 1).fileIndex() == s.fileIndex()) {
        Breaks b = counts.get(c++);
        breaksBefore += b.count();
        endsWithBreak = b.lastByteIsBreak();
      }
    }
    return out;
  }

  /** Line breaks in a split's bytes, and whether its last byte is one. */
  record Breaks(long count, boolean lastByteIsBreak) implements Serializable {}

  private static final long NEWLINES = Swar.lanes((byte) '\n');

  /** Line breaks in buffer[0, n), eight bytes at a time. */
  static long breaks(byte[] buffer, int n) {
    long count = 0;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      count += Long.bitCount(Swar.zeroLanes(Swar.word(buffer, i) ^ NEWLINES));
    }
    for (; i < n; i++) {
      if (buffer[i] == '\n') {
        count++;
      }
    }
    return count;
  }

  static Breaks count(ExtractSplit split, Configuration conf) throws IOException {
    Path path = new Path(split.file());
    byte[] buffer = new byte[1 << 16];
    long count = 0;
    byte last = 0;
    try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
      in.seek(split.start());
      long remaining = split.end() - split.start();
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new IOException(split.file() + " is shorter than when the run began (changed while read?)");
        }
        count += breaks(buffer, n);
        if (n > 0) {
          last = buffer[n - 1];
        }
        remaining -= n;
      }
    }
    return new Breaks(count, last == '\n');
  }
}
