package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Headless Chromium for the tests that check pages as a reader sees them (Debian's chromium; CI installs it). */
final class HeadlessChromium {
  private final String binary;
  private final Path dir;

  private HeadlessChromium(String binary, Path dir) {
    this.binary = binary;
    this.dir = dir;
  }

  /** The Chromium binary: $CHROMIUM, else chromium on the PATH; a clear failure when there is none. */
  static HeadlessChromium in(Path dir) {
    String binary = System.getenv().getOrDefault("CHROMIUM", "chromium");
    try {
      Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return new HeadlessChromium(binary, dir);
      }
    } catch (IOException e) {
      // reported below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fail("the page is rendered in headless Chromium, and '" + binary + "' cannot be run: "
        + "install it (Debian: apt-get install -y chromium; .ci/run does) or point $CHROMIUM at it");
    return null;
  }

  /** Runs Chromium headless with these arguments (e.g. --dump-dom URL); returns what it printed. */
  String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary, "--headless", "--disable-gpu", "--no-sandbox",
        "--hide-scrollbars", "--user-data-dir=" + dir.resolve("chromium-profile")));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(dir.resolve("chromium.err").toFile()).start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "chromium did not finish: " + command);
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(dir.resolve("chromium.err")));
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
