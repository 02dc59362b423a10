package org.npcoutcomes.report;

import java.util.Locale;

/** Readable names of the marts' keys: outcomes, populations, models, tests. */
final class Labels {
  private Labels() {}

  static String outcome(String name) {
    return switch (name) {
      case "os" -> "Overall survival";
      case "css" -> "Cancer-specific survival";
      case "primary" -> "Survival";
      default -> name.replace('_', ' ');
    };
  }

  /** What the outcome's curves estimate, for the y-axis. */
  static String survivalAxis(String outcome) {
    return switch (outcome) {
      case "os" -> "Overall survival probability";
      case "css" -> "Cancer-specific survival probability";
      default -> "Survival probability";
    };
  }

  static String population(String population) {
    return switch (population) {
      case "overall" -> "Whole cohort";
      case "matched" -> "Propensity-score matched";
      case "iptw_ate" -> "IPTW (ATE)";
      case "iptw_att" -> "IPTW (ATT)";
      case "overlap" -> "Overlap weighted";
      default -> population.startsWith("landmark=") ? "Landmark at " + population.substring(9)
          : population.startsWith("site:") ? "Site " + population.substring(5).replaceFirst("=", ": ")
          : population.replaceFirst("=", ": ");
    };
  }

  static boolean weighted(String population) {
    return population.startsWith("iptw_") || population.equals("overlap");
  }

  /** Whether a population is one of the propensity adjustments (matched or weighted). */
  static boolean adjusted(String population) {
    return population.equals("matched") || weighted(population);
  }

  static String model(String model) {
    return switch (model) {
      case "fine_gray" -> "Fine–Gray";
      case "matched_set_strata" -> "stratified on matched set";
      default -> model.endsWith("_stratified") ? model.substring(0, model.length() - 11) + ", stratified"
          : model.replace('_', ' ');
    };
  }

  static String test(String test) {
    if (test == null) {
      return Format.NONE;
    }
    return switch (test) {
      case "chisq" -> "χ²";
      case "chisq_yates" -> "χ² (Yates)";
      case "fisher" -> "Fisher's exact";
      case "welch_t" -> "Welch t";
      case "none" -> Format.NONE;
      default -> test;
    };
  }

  /** The causes of a cumulative incidence mart: the registry's CSS names them, other outcomes generically. */
  static String cause(String outcome, String cause) {
    boolean event = "event".equals(cause);
    if ("css".equals(outcome)) {
      return event ? "cancer death" : "other-cause death";
    }
    return event ? "event" : "competing event";
  }

  static String slug(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
