package org.npcoutcomes.config;

import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How the cohort's covariates are derived from canonical fields (all choices in config, none in code). */
public record CovariateSpec(String unknownLevel, Map<String, String> categorical, Map<String, String> continuous,
    List<Binned> binned, List<Grouped> grouped, SiteCount siteCount) {

  /** A number cut into labelled bins. */
  public record Binned(String name, String field, List<BinSpec> bins) {}

  /** Categorical values collected into labelled groups. */
  public record Grouped(String name, String field, Map<String, List<String>> groups) {}

  /** How many of several yes/no fields are positive, capped. */
  public record SiteCount(String name, List<String> fields, String positive, List<String> known, int cap) {}

  static CovariateSpec read(SettingsReader cohort) {
    SettingsReader r = cohort.child("covariates");
    List<Binned> binned = new ArrayList<>();
    for (SettingsReader b : r.objects("binned")) {
      b.allowOnly(List.of("name", "field", "bins"));
      binned.add(new Binned(b.nonEmptyString("name"), CanonicalFields.require(b, "field"), BinSpec.readAll(b, "bins")));
    }
    List<Grouped> grouped = new ArrayList<>();
    for (SettingsReader g : r.objects("grouped")) {
      g.allowOnly(List.of("name", "field", "groups"));
      Map<String, List<String>> groups = new LinkedHashMap<>();
      for (SettingsReader level : g.objects("groups")) {
        level.allowOnly(List.of("label", "values"));
        groups.put(level.nonEmptyString("label"), level.scalars("values"));
      }
      grouped.add(new Grouped(g.nonEmptyString("name"), CanonicalFields.require(g, "field"), groups));
    }
    SettingsReader s = r.child("site-count");
    List<String> siteFields = s.strings("fields");
    siteFields.forEach(f -> CanonicalFields.check(s.key("fields"), f));
    int cap = s.integer("cap");
    if (cap < 1) {
      throw new InvalidConfigException(s.key("cap"), "must be at least 1");
    }
    SiteCount siteCount = new SiteCount(s.nonEmptyString("name"), siteFields, s.nonEmptyString("positive"),
        s.scalars("known"), cap);
    CovariateSpec spec = new CovariateSpec(cohort.nonEmptyString("unknown-level"), fieldMap(r, "categorical"),
        fieldMap(r, "continuous"), binned, grouped, siteCount);
    spec.checkNamesUnique(r);
    return spec;
  }

  private static Map<String, String> fieldMap(SettingsReader r, String path) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : r.child(path).raw().root().entrySet()) {
      String field = String.valueOf(e.getValue().unwrapped());
      CanonicalFields.check(r.key(path + "." + e.getKey()), field);
      out.put(e.getKey(), field);
    }
    return out;
  }

  /**
   * The levels of each derived covariate in the order the config declares them (bins and groups as listed,
   * site counts 0, 1, ..., >=cap), then the unknown level: the order a reader expects in every table.
   */
  public Map<String, List<String>> declaredLevels() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Binned b : binned) {
      List<String> levels = new ArrayList<>(b.bins().stream().map(BinSpec::label).toList());
      levels.add(unknownLevel);
      out.put(b.name(), List.copyOf(new java.util.LinkedHashSet<>(levels)));
    }
    for (Grouped g : grouped) {
      List<String> levels = new ArrayList<>(g.groups().keySet());
      levels.add(unknownLevel);
      out.put(g.name(), List.copyOf(new java.util.LinkedHashSet<>(levels)));
    }
    List<String> counts = new ArrayList<>();
    for (int k = 0; k < siteCount.cap(); k++) {
      counts.add(Integer.toString(k));
    }
    counts.add(">=" + siteCount.cap());
    counts.add(unknownLevel);
    out.put(siteCount.name(), List.copyOf(counts));
    return out;
  }

  /** Cohort column names, in the order they are derived. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>(continuous.keySet());
    names.addAll(categorical.keySet());
    binned.forEach(b -> names.add(b.name()));
    grouped.forEach(g -> names.add(g.name()));
    names.add(siteCount.name());
    return names;
  }

  private void checkNamesUnique(SettingsReader r) {
    List<String> names = columnNames();
    for (String n : names) {
      if (names.indexOf(n) != names.lastIndexOf(n)) {
        throw new InvalidConfigException(r.key(""), "covariate '" + n + "' is defined twice");
      }
    }
  }
}
