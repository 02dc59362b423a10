package org.npcoutcomes.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.npcoutcomes.marts.Mart;

/**
 * The aggregate marts of one run, as plain rows, with what the report needs to know about the run that only
 * its manifest holds (arms, outcomes, chosen times, the small-cell threshold). Patient-level marts are never
 * read.
 */
public final class RunMarts {
  /** Shown for a suppressed count when the run does not record its threshold. */
  public static final int DEFAULT_MIN_CELL = 11;

  private final Map<Mart, List<MartRow>> marts;
  private final Config config;

  public RunMarts(Map<Mart, List<MartRow>> marts) {
    this.marts = new EnumMap<>(Mart.class);
    this.marts.putAll(marts);
    MartRow manifest = manifest();
    String json = manifest == null ? null : manifest.str("effective_config");
    Config parsed;
    try {
      parsed = json == null ? ConfigFactory.empty() : ConfigFactory.parseString(json);
    } catch (RuntimeException e) {
      parsed = ConfigFactory.empty();
    }
    this.config = parsed;
  }

  /** The rows of a mart in published order; empty when the run has none. */
  public List<MartRow> rows(Mart mart) {
    return marts.getOrDefault(mart, List.of());
  }

  public boolean has(Mart mart) {
    return marts.containsKey(mart);
  }

  /** Rows of one outcome, population and model (a null key matches anything). */
  public List<MartRow> select(Mart mart, String outcome, String population, String model) {
    return rows(mart).stream().filter(r -> (outcome == null || outcome.equals(r.str("outcome")))
        && (population == null || population.equals(r.str("population")))
        && (model == null || model.equals(r.str("model")))).toList();
  }

  public MartRow manifest() {
    List<MartRow> m = rows(Mart.RUN_MANIFEST);
    return m.isEmpty() ? null : m.get(0);
  }

  public String runId() {
    MartRow m = manifest();
    return m == null || m.str("run_id") == null ? "(unknown run)" : m.str("run_id");
  }

  /** The run's effective configuration (from the manifest); empty when not recorded. */
  public Config config() {
    return config;
  }

  /**
   * The smallest count a published cell may show, for "&lt;n" in place of a suppressed one: a manifest column
   * named like {@code min_cell}, else a {@code min-cell} key anywhere in the effective configuration, else 11.
   */
  public int minCell() {
    MartRow m = manifest();
    if (m != null) {
      for (Map.Entry<String, Object> e : m.values().entrySet()) {
        if (e.getKey().toLowerCase(Locale.ROOT).contains("min_cell") && e.getValue() instanceof Number n) {
          return n.intValue();
        }
      }
    }
    Integer fromConfig = findMinCell(config.root().entrySet());
    return fromConfig == null ? DEFAULT_MIN_CELL : fromConfig;
  }

  private static Integer findMinCell(Set<Map.Entry<String, ConfigValue>> entries) {
    for (Map.Entry<String, ConfigValue> e : entries) {
      ConfigValue v = e.getValue();
      String key = e.getKey().toLowerCase(Locale.ROOT).replace('_', '-');
      if (key.contains("min-cell") && v.valueType() == ConfigValueType.NUMBER) {
        return ((Number) v.unwrapped()).intValue();
      }
      if (v.valueType() == ConfigValueType.OBJECT) {
        Integer inner = findMinCell(((com.typesafe.config.ConfigObject) v).entrySet());
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }

  /** Reference arm first, then the treated arm: from the spec, else in the order the curves list them. */
  public List<String> arms() {
    if (config.hasPath("analyze.treatment.reference") && config.hasPath("analyze.treatment.treated")
        && !config.getString("analyze.treatment.reference").isEmpty()) {
      return List.of(config.getString("analyze.treatment.reference"), config.getString("analyze.treatment.treated"));
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Mart m : List.of(Mart.SURVIVAL_SUMMARY, Mart.KM_CURVE, Mart.BASELINE)) {
      rows(m).forEach(r -> {
        if (r.str("arm") != null) {
          seen.add(r.str("arm"));
        }
      });
    }
    return List.copyOf(seen);
  }

  /** The outcomes in spec order (those with rows in any survival mart). */
  public List<String> outcomes() {
    Set<String> out = new LinkedHashSet<>();
    if (config.hasPath("analyze.outcomes")) {
      config.getConfigList("analyze.outcomes").forEach(o -> out.add(o.getString("name")));
    }
    for (Mart m : List.of(Mart.SURVIVAL_SUMMARY, Mart.KM_CURVE, Mart.HAZARD_RATIO, Mart.CUMULATIVE_INCIDENCE)) {
      rows(m).forEach(r -> {
        if (r.str("outcome") != null) {
          out.add(r.str("outcome"));
        }
      });
    }
    return List.copyOf(out);
  }

  /** The spec's times for survival estimates (survival_at_time), in order. */
  public List<Double> times() {
    if (config.hasPath("analyze.times")) {
      return config.getDoubleList("analyze.times");
    }
    Set<Double> t = new java.util.TreeSet<>();
    rows(Mart.SURVIVAL_AT_TIME).forEach(r -> t.add(r.dbl("time")));
    return List.copyOf(t);
  }

  /** The confidence level of the curves' bands, as a percentage label ("95%"). */
  public String confLevel() {
    double level = config.hasPath("analyze.conf-level") ? config.getDouble("analyze.conf-level") : 0.95;
    return Format.number(100 * level, level * 100 % 1 == 0 ? 0 : 1) + "%";
  }

  /** The time column of an outcome, to name the axis unit ("months" for os_months); empty when unknown. */
  public String timeUnit(String outcome) {
    String column = "";
    if (config.hasPath("analyze.outcomes")) {
      for (Config o : config.getConfigList("analyze.outcomes")) {
        if (outcome.equals(o.getString("name")) && o.hasPath("time")) {
          column = o.getString("time");
        }
      }
    }
    if (column.isEmpty() && config.hasPath("analyze.time")) {
      column = config.getString("analyze.time");
    }
    String c = column.toLowerCase(Locale.ROOT);
    for (String unit : List.of("months", "days", "weeks", "years")) {
      if (c.contains(unit) || c.contains(unit.substring(0, unit.length() - 1))) {
        return unit;
      }
    }
    return "";
  }

  /** Patients per arm in the analytic cohort: Table 1's counts when complete, else the first outcome's curves. */
  public Map<String, Long> armSizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    List<MartRow> baseline = rows(Mart.BASELINE);
    String first = baseline.stream().filter(r -> r.num("mean") == null).map(r -> r.str("variable"))
        .filter(Objects::nonNull).findFirst().orElse(null);
    boolean complete = first != null;
    for (MartRow r : baseline) {
      if (first != null && first.equals(r.str("variable"))) {
        if (r.count("n") == null) {
          complete = false;
        } else {
          sizes.merge(r.str("arm"), r.count("n"), Long::sum);
        }
      }
    }
    if (complete && !sizes.isEmpty()) {
      return sizes;
    }
    sizes.clear();
    List<String> outcomes = outcomes();
    if (!outcomes.isEmpty()) {
      for (MartRow r : select(Mart.SURVIVAL_SUMMARY, outcomes.get(0), "overall", null)) {
        sizes.put(r.str("arm"), r.count("n"));
      }
    }
    return sizes;
  }

  /** The distinct values of a column, in first-seen order. */
  public static List<String> distinct(List<MartRow> rows, String column) {
    Set<String> out = new LinkedHashSet<>();
    rows.forEach(r -> {
      if (r.str(column) != null) {
        out.add(r.str(column));
      }
    });
    return new ArrayList<>(out);
  }
}
