package org.npcoutcomes.marts;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The code version recorded in every run manifest, filled in at build time. */
public final class BuildInfo {
  private BuildInfo() {}

  public static String codeVersion() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/npc-outcomes-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    String version = p.getProperty("version", "unknown");
    String commit = p.getProperty("commit", "");
    return commit.isEmpty() || commit.startsWith("${") ? version : version + "+" + commit;
  }
}
