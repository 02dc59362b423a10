package org.npcoutcomes.plan;

import java.util.List;

/**
 * How a task went, whichever path computed it: {@code ok}; {@code partial} when a piece of it failed (noted
 * in its messages); {@code skipped} when there was nothing to estimate; {@code failed}, with the reason.
 */
final class TaskStatus {
  private TaskStatus() {}

  interface Body {
    void run();
  }

  static String of(List<String> messages, Body body) {
    try {
      body.run();
      return messages.stream().anyMatch(m -> m.startsWith("failed")) ? "partial" : "ok";
    } catch (SurvivalAnalysis.SkippedException e) {
      messages.add(e.getMessage());
      return "skipped";
    } catch (RuntimeException e) {
      messages.add("failed: " + e.getMessage());
      return "failed";
    }
  }
}
