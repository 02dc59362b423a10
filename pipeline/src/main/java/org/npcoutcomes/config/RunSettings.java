package org.npcoutcomes.config;

import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.npcoutcomes.marts.RunPublisher;

/**
 * Where a run publishes its marts, how, and where it keeps its intermediate data; when a lock left on its run
 * id counts as abandoned; and who may read its patient-level data ({@code restrictedGroup}, empty: the owner
 * only) and where it goes ({@code restrictedOutput}, empty: {@code <output>/<id>/restricted}).
 */
public record RunSettings(String id, String output, String workDir, RunPublisher.Publication publish,
    Duration lockStaleAfter, String restrictedGroup, String restrictedOutput) {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern GROUP = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,63}");

  static RunSettings read(SettingsReader r) {
    String id = r.nonEmptyString("id");
    if (!SAFE_ID.matcher(id).matches()) {
      throw new InvalidConfigException(r.key("id"),
          "'" + id + "' must be letters, digits, '.', '_' or '-' (it names a folder)");
    }
    String group = r.string("restricted-group").trim();
    if (!group.isEmpty() && !GROUP.matcher(group).matches()) {
      throw new InvalidConfigException(r.key("restricted-group"), "'" + group + "' is not a group name");
    }
    return new RunSettings(id, r.nonEmptyString("output"), r.nonEmptyString("work-dir"),
        r.choice("publish", v -> RunPublisher.Publication.valueOf(v.toUpperCase(java.util.Locale.ROOT)),
            "rename, marker"), staleAfter(r), group, r.string("restricted-output").trim());
  }

  private static Duration staleAfter(SettingsReader r) {
    Duration d;
    try {
      d = r.raw().getDuration("lock-stale-after");
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(r.key("lock-stale-after"), "missing");
    } catch (ConfigException e) {
      throw new InvalidConfigException(r.key("lock-stale-after"), "not a duration (e.g. \"6h\", \"30m\")");
    }
    if (d.isNegative() || d.isZero()) {
      throw new InvalidConfigException(r.key("lock-stale-after"), "must be positive, was " + d);
    }
    return d;
  }
}
