package org.npcoutcomes.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes a report into a folder: {@code index.html} and {@code figures/<id>.svg|png}. */
public final class ReportWriter {
  public static final String FOLDER = "report";
  public static final String PAGE = "index.html";

  private ReportWriter() {}

  public static void write(Report report, FileSystem fileSystem, Path folder) {
    // a checksummed local file system would leave a .crc file beside every page and figure
    FileSystem fs = fileSystem instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fileSystem;
    try {
      fs.mkdirs(folder);
      put(fs, new Path(folder, PAGE), report.html().getBytes(StandardCharsets.UTF_8));
      Path figures = new Path(folder, "figures");
      if (!report.figures().isEmpty()) {
        fs.mkdirs(figures);
      }
      for (Figure f : report.figures()) {
        String svg = f.document();
        put(fs, new Path(figures, f.id() + ".svg"), svg.getBytes(StandardCharsets.UTF_8));
        put(fs, new Path(figures, f.id() + ".png"), PngRenderer.png(svg, PngRenderer.width(f.markup())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + folder, e);
    }
  }

  private static void put(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      out.write(bytes);
    }
  }
}
