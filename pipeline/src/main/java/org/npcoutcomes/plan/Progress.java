package org.npcoutcomes.plan;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line per stage and per batch of analysis tasks, for a nightly log: what ran, on how many rows, how
 * long it took.
 */
public final class Progress {
  private final PrintStream out;
  private final long started = System.nanoTime();

  private Progress(PrintStream out) {
    this.out = out;
  }

  public static Progress to(PrintStream out) {
    return new Progress(out);
  }

  public static Progress silent() {
    return new Progress(null);
  }

  public void line(String format, Object... args) {
    if (out != null) {
      out.printf(Locale.ROOT, "[npc-outcomes %6.1fs] %s%n", (System.nanoTime() - started) / 1e9,
          String.format(Locale.ROOT, format, args));
    }
  }
}
