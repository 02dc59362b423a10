package org.npcoutcomes.plan;

import java.util.List;

/**
 * How a task went, whichever path computed it: {@code ok}; {@code warning} when it has estimates but a fit
 * diagnostic flags them (a model that did not converge, a coefficient that may be infinite, separation: each a
 * message starting {@link #WARNING}); {@code partial} when a piece of it failed (noted in its messages);
 * {@code skipped} when there was nothing to estimate; {@code failed}, with the reason.
 */
final class TaskStatus {
  /** How a message that flags an estimate starts. */
  static final String WARNING = "warning: ";

  private TaskStatus() {}

  interface Body {
    void run();
  }

  static String of(List<String> messages, Body body) {
    try {
      body.run();
      return messages.stream().anyMatch(m -> m.startsWith("failed")) ? "partial"
          : messages.stream().anyMatch(m -> m.startsWith(WARNING)) ? "warning" : "ok";
    } catch (EstimateFamilies.SkippedException e) {
      messages.add(e.getMessage());
      return "skipped";
    } catch (RuntimeException e) {
      messages.add("failed: " + e.getMessage());
      return "failed";
    }
  }

  /** Adds each of a fit's warnings as a flag. */
  static void flag(List<String> messages, List<String> warnings) {
    warnings.forEach(w -> messages.add(WARNING + w));
  }
}
