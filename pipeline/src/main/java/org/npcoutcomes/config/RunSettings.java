package org.npcoutcomes.config;

import java.util.regex.Pattern;
import org.npcoutcomes.marts.RunPublisher;

/** Where a run publishes its marts, how, and where it keeps its intermediate data. */
public record RunSettings(String id, String output, String workDir, RunPublisher.Publication publish) {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  static RunSettings read(SettingsReader r) {
    String id = r.nonEmptyString("id");
    if (!SAFE_ID.matcher(id).matches()) {
      throw new InvalidConfigException(r.key("id"),
          "'" + id + "' must be letters, digits, '.', '_' or '-' (it names a folder)");
    }
    return new RunSettings(id, r.nonEmptyString("output"), r.nonEmptyString("work-dir"),
        r.choice("publish", v -> RunPublisher.Publication.valueOf(v.toUpperCase(java.util.Locale.ROOT)),
            "rename, marker"));
  }
}
