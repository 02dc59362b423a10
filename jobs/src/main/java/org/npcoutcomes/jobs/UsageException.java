package org.npcoutcomes.jobs;

/** The command line itself is wrong. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
