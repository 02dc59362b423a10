package org.npcoutcomes.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.npcoutcomes.clean.CanonicalSchema;
import org.npcoutcomes.config.InvalidConfigException;

/**
 * A registry layout: which source column feeds each canonical field and how its values are read. Loaded
 * from a mapping file, so a new layout is a config change, not code.
 */
public record SourceMapping(String origin, char delimiter, Set<String> missing, boolean numericCodes,
    List<FieldRule> fields, Pattern stagePattern, Map<String, String> stageCodes, List<StagingSystem> stagingSystems)
    implements Serializable {

  /** Canonical fields the staging section fills. */
  static final Set<String> STAGING_FIELDS = Set.of(CanonicalSchema.STAGING_SYSTEM, CanonicalSchema.T_STAGE,
      CanonicalSchema.N_STAGE, CanonicalSchema.M_STAGE);

  public static SourceMapping load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException("input.source-mapping", "mapping file not found: " + file);
    }
    try {
      Config c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
      return fromConfig(c, file.toString());
    } catch (ConfigException e) {
      throw new InvalidConfigException("input.source-mapping", "cannot read mapping " + file + ": " + e.getMessage());
    }
  }

  public static SourceMapping fromConfig(Config c, String origin) {
    try {
      String delimiter = c.getString("format.delimiter");
      if (delimiter.length() != 1) {
        throw bad(origin, "format.delimiter", "must be one character");
      }
      Set<String> missing = new HashSet<>(c.getStringList("format.missing"));
      List<FieldRule> fields = new ArrayList<>();
      Set<String> canonical = new HashSet<>(Arrays.asList(CanonicalSchema.SCHEMA.fieldNames()));
      for (Map.Entry<String, ConfigValue> e : c.getObject("fields").entrySet()) {
        String field = e.getKey();
        if (!canonical.contains(field) || STAGING_FIELDS.contains(field)) {
          throw bad(origin, "fields." + field, "not a canonical field read from one column");
        }
        fields.add(rule(c.getConfig("fields").getConfig(quoted(field)), field, origin));
      }
      if (fields.stream().noneMatch(f -> f.field().equals(CanonicalSchema.PATIENT_ID))) {
        throw bad(origin, "fields.patient_id", "the patient id must be mapped");
      }
      for (FieldRule f : fields) {
        boolean yearly = !f.singleColumn();
        if (yearly && f.field().equals(CanonicalSchema.YEAR_OF_DIAGNOSIS)) {
          throw bad(origin, "fields.year_of_diagnosis", "is read from one column: other fields depend on it");
        }
        if (yearly && fields.stream().noneMatch(g -> g.field().equals(CanonicalSchema.YEAR_OF_DIAGNOSIS))) {
          throw bad(origin, "fields." + f.field() + ".by-year", "needs year_of_diagnosis to be mapped");
        }
      }
      List<StagingSystem> systems = new ArrayList<>();
      for (Config s : c.getConfigList("staging.systems")) {
        systems.add(new StagingSystem(s.getString("name"), s.getInt("from"), s.getInt("to"), s.getString("t"),
            s.getString("n"), s.getString("m")));
      }
      boolean numericCodes = c.hasPath("format.numeric-codes") && c.getBoolean("format.numeric-codes");
      return new SourceMapping(origin, delimiter.charAt(0), missing, numericCodes, List.copyOf(fields),
          compile(c.getString("staging.pattern"), origin, "staging.pattern"), stageCodes(c), List.copyOf(systems));
    } catch (ConfigException e) {
      throw new InvalidConfigException("input.source-mapping", origin + ": " + e.getMessage());
    }
  }

  /** Raw stage codes read as another text before the pattern, e.g. a coded "99" as "X". */
  private static Map<String, String> stageCodes(Config c) {
    Map<String, String> out = new LinkedHashMap<>();
    if (c.hasPath("staging.codes")) {
      c.getObject("staging.codes").forEach((k, v) -> out.put(k, String.valueOf(v.unwrapped())));
    }
    return out;
  }

  private static String quoted(String key) {
    return "\"" + key + "\"";
  }

  private static FieldRule rule(Config f, String field, String origin) {
    String key = "fields." + field;
    FieldRule.Kind kind;
    try {
      kind = FieldRule.Kind.valueOf(f.getString("type").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(origin, key + ".type", "'" + f.getString("type") + "' is not string, integer, code or boolean");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    if (kind == FieldRule.Kind.CODE || kind == FieldRule.Kind.BOOLEAN) {
      for (Map.Entry<String, ConfigValue> v : f.getObject("values").entrySet()) {
        values.put(v.getKey(), v.getValue().unwrapped());
      }
    }
    Pattern pattern = f.hasPath("pattern") ? compile(f.getString("pattern"), origin, key + ".pattern") : null;
    String template = f.hasPath("template") ? f.getString("template") : null;
    boolean required = f.hasPath("required") && f.getBoolean("required");
    boolean optional = f.hasPath("optional") && f.getBoolean("optional");
    if (required && optional) {
      throw bad(origin, key, "a required field cannot have an optional column");
    }
    if (template != null && pattern == null) {
      throw bad(origin, key + ".template", "needs a pattern whose groups fill it");
    }
    if (template != null) {
      java.util.regex.Matcher refs = Pattern.compile("\\$(\\d)").matcher(template);
      while (refs.find()) {
        if (Integer.parseInt(refs.group(1)) > pattern.matcher("").groupCount()) {
          throw bad(origin, key + ".template", "refers to group " + refs.group(1) + " the pattern does not have");
        }
      }
    }
    Set<String> missing = f.hasPath("missing") ? new HashSet<>(f.getStringList("missing")) : Set.of();
    return new FieldRule(field, columns(f, key, origin), kind, pattern, template,
        f.hasPath("min") ? f.getLong("min") : null, f.hasPath("max") ? f.getLong("max") : null, values, missing,
        required, optional);
  }

  /**
   * {@code column = "X"}, or {@code by-year = [{ from = 2004, to = 2015, column = "X" }, { from = 2016,
   * column = "Y" }]} for an item whose column depends on the year of diagnosis (the ranges may not overlap).
   */
  private static List<FieldRule.YearColumn> columns(Config f, String key, String origin) {
    if (f.hasPath("column") == f.hasPath("by-year")) {
      throw bad(origin, key, "give either column or by-year");
    }
    if (f.hasPath("column")) {
      return List.of(new FieldRule.YearColumn(FieldRule.YearColumn.ANY_FROM, FieldRule.YearColumn.ANY_TO,
          f.getString("column")));
    }
    List<FieldRule.YearColumn> out = new ArrayList<>();
    for (Config y : f.getConfigList("by-year")) {
      FieldRule.YearColumn c = new FieldRule.YearColumn(
          y.hasPath("from") ? y.getInt("from") : FieldRule.YearColumn.ANY_FROM,
          y.hasPath("to") ? y.getInt("to") : FieldRule.YearColumn.ANY_TO, y.getString("column"));
      if (c.fromYear() > c.toYear()) {
        throw bad(origin, key + ".by-year", "from " + c.fromYear() + " is after to " + c.toYear());
      }
      for (FieldRule.YearColumn other : out) {
        if (c.fromYear() <= other.toYear() && other.fromYear() <= c.toYear()) {
          throw bad(origin, key + ".by-year", "the years of " + other.column() + " and " + c.column() + " overlap");
        }
      }
      out.add(c);
    }
    if (out.isEmpty()) {
      throw bad(origin, key + ".by-year", "is empty");
    }
    return out;
  }

  private static Pattern compile(String regex, String origin, String key) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw bad(origin, key, "bad regular expression: " + e.getDescription());
    }
  }

  private static InvalidConfigException bad(String origin, String key, String message) {
    return new InvalidConfigException("input.source-mapping", origin + ": " + key + ": " + message);
  }

  /**
   * A code as looked up in a dictionary: with numeric codes, "07" and "7" are one code (exports differ
   * in zero padding); otherwise the value itself.
   */
  public String codeKey(String value) {
    if (!numericCodes || value.length() < 2 || value.charAt(0) != '0') {
      return value;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return value;
      }
    }
    String stripped = value.replaceFirst("^0+", "");
    return stripped.isEmpty() ? "0" : stripped;
  }

  /** Every source column the mapping reads. */
  public List<String> columns() {
    List<String> out = new ArrayList<>();
    fields.forEach(f -> f.columns().forEach(c -> out.add(c.column())));
    stagingSystems.forEach(s -> out.addAll(List.of(s.tColumn(), s.nColumn(), s.mColumn())));
    return out.stream().distinct().toList();
  }
}
