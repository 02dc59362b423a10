package org.npcoutcomes.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed, key-qualified access to one subtree of the configuration: every failure names the full key,
 * so a user can find it in their file.
 */
public final class SettingsReader {
  private final Config config;
  private final String prefix;

  public SettingsReader(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  public String key(String path) {
    return prefix.isEmpty() ? path : prefix + "." + path;
  }

  public SettingsReader child(String path) {
    return new SettingsReader(get(path, config::getConfig), key(path));
  }

  public boolean has(String path) {
    return config.hasPath(path);
  }

  private <T> T get(String path, Function<String, T> getter) {
    try {
      return getter.apply(path);
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(key(path), "missing");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new InvalidConfigException(key(path), "wrong type: " + e.getMessage());
    }
  }

  public String string(String path) {
    return get(path, config::getString);
  }

  public String nonEmptyString(String path) {
    String s = string(path);
    if (s.isBlank()) {
      throw new InvalidConfigException(key(path), "must not be empty");
    }
    return s;
  }

  public int integer(String path) {
    return get(path, config::getInt);
  }

  public double number(String path) {
    return get(path, config::getDouble);
  }

  public double numberIn(String path, double min, double max) {
    double v = number(path);
    if (!(v >= min && v <= max)) {
      throw new InvalidConfigException(key(path), "must be between " + min + " and " + max + ", was " + v);
    }
    return v;
  }

  public List<String> strings(String path) {
    return get(path, config::getStringList);
  }

  public List<Double> numbers(String path) {
    return get(path, p -> config.getDoubleList(p));
  }

  /** A list whose elements may be strings or numbers, all read as their string form ("8072", "M1"). */
  public List<String> scalars(String path) {
    List<String> out = new ArrayList<>();
    for (ConfigValue v : get(path, config::getList)) {
      if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
        throw new InvalidConfigException(key(path), "list elements must be strings or numbers");
      }
      Object raw = v.unwrapped();
      out.add(raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
          ? Long.toString(n.longValue()) : String.valueOf(raw));
    }
    return out;
  }

  /** A list of objects, each read with a reader keyed like {@code cohort.rules[2]}. */
  public List<SettingsReader> objects(String path) {
    List<? extends Config> list = get(path, config::getConfigList);
    List<SettingsReader> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(new SettingsReader(list.get(i), key(path) + "[" + i + "]"));
    }
    return out;
  }

  /** Rejects keys of an object (list element) that the reader does not know. */
  public void allowOnly(List<String> keys) {
    for (String k : config.root().keySet()) {
      if (!keys.contains(k)) {
        throw new InvalidConfigException(key(k), "unknown key; allowed here: " + String.join(", ", keys));
      }
    }
  }

  public <E extends Enum<E>> E choice(String path, Function<String, E> parse, String allowed) {
    String raw = string(path);
    try {
      return parse.apply(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(key(path), "'" + raw + "' is not one of " + allowed);
    }
  }

  public Config raw() {
    return config;
  }
}
