package org.npcoutcomes.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the effective configuration: defaults in the jar ({@code reference.conf}), then each
 * {@code --config} file in order, then {@code -Dkey=value} overrides. Unknown keys are rejected so a
 * typo never silently falls back to a default.
 */
public final class ConfigLoader {
  /** Subtrees whose keys are free-form (passed through to Spark, or named after the user's columns). */
  private static final List<String> FREE_FORM =
      List.of("spark.conf", "cluster.conf", "cohort.covariates.categorical", "cohort.covariates.continuous",
          "analyze.levels", "analyze.covariates.reference");

  private ConfigLoader() {}

  public static Config load(List<Path> files, Map<String, String> overrides) {
    Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
    Config layered = ConfigFactory.empty();
    for (String key : overrides.keySet()) {
      layered = layered.withFallback(ConfigFactory.empty().withValue(key, overrideValue(key, overrides.get(key))));
    }
    for (int i = files.size() - 1; i >= 0; i--) {
      layered = layered.withFallback(parseFile(files.get(i)));
    }
    rejectUnknownKeys(layered, reference);
    try {
      return layered.withFallback(reference).resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
    } catch (ConfigException e) {
      throw new InvalidConfigException(null, e.getMessage());
    }
  }

  private static Config parseFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException(null, "config file not found: " + file);
    }
    try {
      return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new InvalidConfigException(null, "cannot parse config file " + file + ": " + e.getMessage());
    }
  }

  /** A list or object override is parsed as HOCON; anything else is taken literally as a string. */
  private static ConfigValue overrideValue(String key, String raw) {
    if (key.isBlank()) {
      throw new InvalidConfigException(key, "empty key in override");
    }
    String trimmed = raw.trim();
    if (trimmed.startsWith("[") || trimmed.startsWith("{") || trimmed.startsWith("\"")) {
      try {
        return ConfigFactory.parseString("v = " + trimmed).getValue("v");
      } catch (ConfigException e) {
        throw new InvalidConfigException(key, "cannot parse override value " + raw + ": " + e.getMessage());
      }
    }
    return ConfigValueFactory.fromAnyRef(raw, "-D" + key);
  }

  private static void rejectUnknownKeys(Config user, Config reference) {
    Set<String> known = new TreeSet<>();
    reference.entrySet().forEach(e -> known.add(e.getKey()));
    for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
      String key = entry.getKey();
      if (known.contains(key) || FREE_FORM.stream().anyMatch(p -> key.startsWith(p + "."))) {
        continue;
      }
      String origin = entry.getValue().origin().description();
      throw new InvalidConfigException(key, "unknown key (" + origin + ")" + suggestion(key, known));
    }
  }

  private static String suggestion(String key, Set<String> known) {
    String parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
    List<String> siblings = known.stream()
        .filter(k -> k.startsWith(parent.isEmpty() ? "" : parent + "."))
        .map(k -> parent.isEmpty() ? k.split("\\.")[0] : parent + "." + k.substring(parent.length() + 1).split("\\.")[0])
        .distinct().toList();
    if (siblings.isEmpty()) {
      return "";
    }
    String closest = siblings.stream().min((a, b) -> Integer.compare(distance(a, key), distance(b, key))).get();
    String hint = distance(closest, key) <= 3 ? "; did you mean " + closest + "?" : "";
    return hint + " (known keys here: " + String.join(", ", siblings) + ")";
  }

  /** Edit distance, to suggest the key a typo meant. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] current = new int[b.length() + 1];
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      previous = current;
    }
    return previous[b.length()];
  }
}
