package org.npcoutcomes.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.TaskContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The data lines that begin inside one split, numbered as in the file. A split that does not start the
 * file begins after the first '\n' at or after {@code start - 1}, so a line beginning exactly at
 * {@code start} is its own; the header (line 1) is skipped.
 */
final class SplitLines implements Iterator<SourceLine>, AutoCloseable {
  private final ExtractSplit split;
  private final InputStream in;
  /** The file as stored, for the byte offset an error names. */
  private final FSDataInputStream stored;
  private final ByteLines lines;
  private final LongAccumulator counter;
  private long number;
  private SourceLine pending;
  private boolean done;

  /** @param counter counts the data lines read (the header is not one) */
  SplitLines(ExtractSplit split, Configuration conf, LongAccumulator counter) {
    this.split = split;
    this.counter = counter;
    this.number = split.firstLineNumber();
    try {
      Path path = new Path(split.file());
      FSDataInputStream raw = path.getFileSystem(conf).open(path);
      stored = raw;
      if (split.compressed()) {
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        in = codec.createInputStream(raw);
        lines = new ByteLines(in, 0);
      } else {
        long from = Math.max(split.start() - 1, 0);
        raw.seek(from);
        in = raw;
        lines = new ByteLines(in, from);
        done = split.start() > 0 && !lines.skipLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + split.file(), e);
    }
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> close());
    }
  }

  @Override
  public boolean hasNext() {
    while (pending == null && !done) {
      try {
        if ((!split.compressed() && lines.position() >= split.end()) || !lines.next()) {
          done = true;
          close();
          break;
        }
      } catch (IOException e) {
        throw UnreadableInputException.of(split.file(), split.compressed(), number - 1, storedOffset(), e);
      }
      long n = number++;
      if (n == 1) {
        continue;
      }
      counter.add(1);
      pending = new SourceLine(split.file(), n, lines.lineBytes(), !lines.validUtf8());
    }
    return pending != null;
  }

  private long storedOffset() {
    try {
      return stored.getPos();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public SourceLine next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    SourceLine out = pending;
    pending = null;
    return out;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // Nothing was written through this stream; a failed close loses nothing.
    }
  }
}
