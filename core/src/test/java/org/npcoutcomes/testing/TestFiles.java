package org.npcoutcomes.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A fixture on the test class path as a file of its own, for readers that take a path (Spark): a fixture of
 * this module's test jar is inside the jar when another module's tests use it.
 */
public final class TestFiles {
  private TestFiles() {}

  /** The resource (e.g. {@code "/fixtures/oracle/lung.csv"}) copied to a temporary file of the same name. */
  public static String file(String resource) {
    try (InputStream in = TestFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      Path dir = Files.createTempDirectory("fixture");
      Path file = dir.resolve(Path.of(resource).getFileName().toString());
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy test resource " + resource, e);
    }
  }
}
