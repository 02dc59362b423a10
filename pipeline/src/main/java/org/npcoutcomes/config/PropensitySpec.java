package org.npcoutcomes.config;

import java.io.Serializable;
import java.util.List;

/** Propensity score, matching and weighting options of an analysis (the {@code analyze.propensity} block). */
public record PropensitySpec(List<String> covariates, boolean matching, int ratio, double caliper, boolean caliperOnLogitSd,
    String order, boolean replace, List<String> exact, long seed, List<String> estimands, boolean stabilize,
    List<Double> truncate) implements Serializable {

  private static final List<String> ORDERS = List.of("largest", "smallest", "data", "random");
  private static final List<String> ESTIMANDS = List.of("ate", "att", "overlap");

  static PropensitySpec read(SettingsReader r) {
    SettingsReader m = r.child("matching");
    SettingsReader w = r.child("weighting");
    int ratio = m.integer("ratio");
    if (ratio < 1) {
      throw new InvalidConfigException(m.key("ratio"), "must be at least 1");
    }
    double caliper = m.number("caliper");
    if (!(caliper > 0)) {
      throw new InvalidConfigException(m.key("caliper"), "must be positive");
    }
    String scale = m.string("caliper-scale");
    if (!List.of("ps", "logit-sd").contains(scale)) {
      throw new InvalidConfigException(m.key("caliper-scale"), "'" + scale + "' is not ps or logit-sd");
    }
    String order = m.string("order");
    if (!ORDERS.contains(order)) {
      throw new InvalidConfigException(m.key("order"), "'" + order + "' is not one of " + ORDERS);
    }
    List<String> estimands = w.strings("estimands");
    for (String e : estimands) {
      if (!ESTIMANDS.contains(e)) {
        throw new InvalidConfigException(w.key("estimands"), "'" + e + "' is not one of " + ESTIMANDS);
      }
    }
    List<Double> truncate = w.numbers("truncate");
    if (!truncate.isEmpty() && (truncate.size() != 2 || truncate.get(0) < 0 || truncate.get(1) > 100
        || truncate.get(0) >= truncate.get(1))) {
      throw new InvalidConfigException(w.key("truncate"), "must be [lower, upper] percentiles, 0 <= lower < upper <= 100");
    }
    return new PropensitySpec(r.strings("covariates"), m.raw().getBoolean("enabled"), ratio, caliper, scale.equals("logit-sd"), order,
        m.raw().getBoolean("replace"), m.strings("exact"), m.raw().getLong("seed"), estimands,
        w.raw().getBoolean("stabilize"), truncate);
  }
}
