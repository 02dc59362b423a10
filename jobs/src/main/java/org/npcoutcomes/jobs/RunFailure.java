package org.npcoutcomes.jobs;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.npcoutcomes.ingest.UnreadableInputException;

/**
 * What an operator reads when a run fails during its work: one line on stderr naming what failed (for an
 * unreadable input file, the file, line and byte offset), and the stack trace in the log (conf/log4j2.properties
 * writes it to the log file, not to the console).
 */
final class RunFailure {
  /** The logger whose records carry the stack traces of failed runs. */
  static final String LOGGER = "org.npcoutcomes.failure";
  /** Set by scripts/run-local.sh: where the log file is, to point the operator at it. */
  static final String LOG_FILE_PROPERTY = "npc.log.file";

  private RunFailure() {}

  /** The one line printed on stderr; it never spans lines. */
  static String describe(Throwable e) {
    UnreadableInputException unreadable = find(e, UnreadableInputException.class);
    String what = unreadable != null ? "error: " + oneLine(unreadable.getMessage())
        : "run failed: " + oneLine(rootMessage(e));
    return what + " (nothing published; " + where() + ")";
  }

  static void log(Throwable e) {
    Logger log = LogManager.getLogger(LOGGER);
    log.error("run failed", e);
  }

  static String oneLine(Throwable e) {
    return oneLine(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** The innermost cause's message (Spark wraps a task's exception in its own, with the stack in the text). */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
    return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  private static String where() {
    String file = System.getProperty(LOG_FILE_PROPERTY);
    return file == null ? "stack trace in the driver log" : "stack trace in " + file;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
