package org.npcoutcomes.plan;

import java.io.Serializable;

/**
 * A set of patients an analysis runs on: the whole cohort, one level of a subgroup variable, the patients
 * still followed at a landmark (time measured from there), or a propensity-adjusted population (the matched
 * sample, or the cohort weighted for one estimand). A site (one level of a column of {@code analyze.sites},
 * e.g. the registry) is chosen like a subgroup level but kept apart from them: no forest row or interaction
 * test, and its own name, so each site's estimates can be pooled across sites.
 */
public record Population(String name, Kind kind, String variable, String level, Double landmark)
    implements Serializable {
  public enum Kind { OVERALL, SUBGROUP, SITE, LANDMARK, MATCHED, WEIGHTED }

  public static final String OVERALL = "overall";
  public static final String MATCHED = "matched";

  public static Population overall() {
    return new Population(OVERALL, Kind.OVERALL, null, null, null);
  }

  public static Population subgroup(String variable, String level) {
    return new Population(variable + "=" + level, Kind.SUBGROUP, variable, level, null);
  }

  /** What a site population's name starts with. */
  public static final String SITE_PREFIX = "site:";

  /** One level of a site column: {@code site:registry=Utah}. */
  public static Population site(String variable, String level) {
    return new Population(SITE_PREFIX + variable + "=" + level, Kind.SITE, variable, level, null);
  }

  public static Population landmark(double time) {
    String t = time == Math.rint(time) ? Long.toString((long) time) : Double.toString(time);
    return new Population("landmark=" + t, Kind.LANDMARK, null, null, time);
  }

  public static Population matched() {
    return new Population(MATCHED, Kind.MATCHED, null, null, null);
  }

  /** The cohort weighted for one estimand; {@code label} is iptw_ate, iptw_att or overlap. */
  public static Population weighted(String label) {
    return new Population(label, Kind.WEIGHTED, null, null, null);
  }

  public boolean adjusted() {
    return kind == Kind.MATCHED || kind == Kind.WEIGHTED;
  }
}
