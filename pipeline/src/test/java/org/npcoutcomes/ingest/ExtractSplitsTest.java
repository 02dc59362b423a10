package org.npcoutcomes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.testing.LocalSpark;

/**
 * Splitting a file anywhere loses no line, repeats none and numbers each as in the file: checked
 * against the lines as a text editor counts them, for every split size from one byte up.
 */
class ExtractSplitsTest {
  @TempDir
  Path dir;

  /** The data lines (line 2 on) as counted by hand: "\n" ends a line, a final line may lack it. */
  private static List<String> expected(String text) {
    List<String> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int n = text.endsWith("\n") ? lines.length - 1 : lines.length;
    for (int i = 1; i < n; i++) {
      String l = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      out.add((i + 1) + ":" + l);
    }
    return out;
  }

  private List<String> readAll(String file, long splitBytes) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
    Configuration conf = jsc.hadoopConfiguration();
    List<ExtractSplit> splits = ExtractSplits.number(jsc, ExtractSplits.plan(conf, List.of(file),
        ExtractSplits.lengths(conf, List.of(file)), splitBytes));
    LongAccumulator counter = jsc.sc().longAccumulator();
    List<String> out = new ArrayList<>();
    for (ExtractSplit s : splits) {
      try (SplitLines lines = new SplitLines(s, conf, counter)) {
        lines.forEachRemaining(l -> out.add(l.lineNumber() + ":" + l.text()));
      }
    }
    assertEquals(out.size(), counter.value(), "the counter counts the data lines read");
    return out;
  }

  @Test
  void everySplitSizeReadsEachLineOnceWithItsNumber() throws IOException {
    String text = "id,name\r\n1,a\r\n\r\n22,\"b\nc\"\r\n" + "9".repeat(40) + ",long\n\n3,last";
    Path file = dir.resolve("x.csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    List<String> want = expected(text);
    for (long size = 1; size <= text.length() + 1; size++) {
      assertEquals(want, readAll(file.toString(), size), "split size " + size);
    }
  }

  @Test
  void aFileEndingInALineBreakHasNoEmptyLastLine() throws IOException {
    String text = "h\na\nb\n";
    Path file = dir.resolve("y.csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    for (long size = 1; size <= text.length(); size++) {
      assertEquals(List.of("2:a", "3:b"), readAll(file.toString(), size), "split size " + size);
    }
  }

  @Test
  void bytesThatAreNotUtf8AreFlaggedNotAltered() throws IOException {
    Path file = dir.resolve("z.csv");
    byte[] bad = {'h', '\n', 'o', 'k', '\n', 'b', (byte) 0xC3, (byte) 0x28, '\n', 'n', (byte) 0xC3, (byte) 0xA9, '\n'};
    // The same lines again, long enough to be scanned eight bytes at a time, the bad byte past the first eight.
    String pad = "0123456789abcdef";
    java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
    text.write(bad);
    text.write((pad + "ok" + pad + "\n").getBytes(StandardCharsets.US_ASCII));
    text.write((pad + "b").getBytes(StandardCharsets.US_ASCII));
    text.write(new byte[] {(byte) 0xC3, (byte) 0x28});
    text.write((pad + "\n" + pad + "n\u00e9" + pad + "\n").getBytes(StandardCharsets.UTF_8));
    Files.write(file, text.toByteArray());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
    ExtractSplit whole = ExtractSplits.plan(jsc.hadoopConfiguration(), List.of(file.toString()),
        ExtractSplits.lengths(jsc.hadoopConfiguration(), List.of(file.toString())), 1 << 20).get(0);
    List<SourceLine> lines = new ArrayList<>();
    try (SplitLines in = new SplitLines(whole, jsc.hadoopConfiguration(), jsc.sc().longAccumulator())) {
      in.forEachRemaining(lines::add);
    }
    assertEquals(6, lines.size());
    for (int k = 0; k < 6; k += 3) {
      assertFalse(lines.get(k).badEncoding());
      assertTrue(lines.get(k + 1).badEncoding());
      assertEquals(3 + k, lines.get(k + 1).lineNumber());
      assertFalse(lines.get(k + 2).badEncoding());
    }
    assertEquals("n\u00e9", lines.get(2).text());
    assertEquals("0123456789abcdefn\u00e90123456789abcdef", lines.get(5).text());
  }

  @Test
  void lineBreaksAreCountedEightBytesAtATime() {
    java.util.Random random = new java.util.Random(3);
    for (int k = 0; k < 2000; k++) {
      byte[] b = new byte[random.nextInt(40)];
      long want = 0;
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (random.nextBoolean() ? '\n' : random.nextInt(256));
        want += b[i] == '\n' ? 1 : 0;
      }
      assertEquals(want, ExtractSplits.breaks(b, b.length));
    }
  }
}
