package org.npcoutcomes.config;

/** A setting that is unknown, missing or has a bad value; the message names the key (and its origin). */
public final class InvalidConfigException extends RuntimeException {
  private final String key;

  public InvalidConfigException(String key, String message) {
    super(key == null ? message : "config key '" + key + "': " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
