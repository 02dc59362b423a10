package org.npcoutcomes.jobs;

/** Input data failed a quality gate (too many rejected rows, or counts that do not add up). */
public final class DataQualityException extends RuntimeException {
  public DataQualityException(String message) {
    super(message);
  }
}
