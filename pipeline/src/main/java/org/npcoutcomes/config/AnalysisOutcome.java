package org.npcoutcomes.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One survival outcome of an analysis: a time column and a status column whose values say event, competing
 * event or censored; any other value is an error of the input (checked before the analysis), never taken as
 * censored. A row whose status is missing is left out of this outcome only.
 * Kaplan–Meier, log-rank and Cox treat a competing event as censored (cause-specific hazards); cumulative
 * incidence and Fine–Gray use it as the competing cause.
 */
public record AnalysisOutcome(String name, String time, String statusColumn, List<String> eventValues,
    List<String> competingValues, List<String> censoredValues) implements Serializable {

  /** Censoring code when a status block does not list its own. */
  static final List<String> DEFAULT_CENSORED = List.of("0");

  public boolean hasCompetingEvents() {
    return !competingValues.isEmpty();
  }

  /** The outcomes of an analyze block: the {@code outcomes} list, or the {@code time}/{@code status} shorthand. */
  static List<AnalysisOutcome> read(SettingsReader r) {
    List<AnalysisOutcome> out = new ArrayList<>();
    for (SettingsReader o : r.objects("outcomes")) {
      o.allowOnly(List.of("name", "time", "status"));
      String name = o.nonEmptyString("name");
      if (!name.matches("[A-Za-z0-9_.-]+")) {
        throw new InvalidConfigException(o.key("name"), "'" + name + "' must be letters, digits, '_', '.' or '-'");
      }
      if (out.stream().anyMatch(e -> e.name().equals(name))) {
        throw new InvalidConfigException(o.key("name"), "outcome '" + name + "' is defined twice");
      }
      out.add(fromStatus(name, o.nonEmptyString("time"), o.child("status")));
    }
    if (!out.isEmpty()) {
      if (!r.string("time").isEmpty()) {
        throw new InvalidConfigException(r.key("time"), "give either analyze.outcomes or analyze.time, not both");
      }
      return List.copyOf(out);
    }
    if (r.string("time").isBlank()) {
      throw new InvalidConfigException(r.key("time"), "missing: set analyze.time and analyze.status, or analyze.outcomes");
    }
    out.add(fromStatus(PRIMARY, r.string("time"), r.child("status")));
    // The older cause block: cumulative incidence of one cause, its other values competing, on the same time.
    SettingsReader cause = r.child("cause");
    if (!cause.string("column").isBlank()) {
      List<String> events = List.of(cause.string("event"));
      List<String> competing = cause.scalars("competing");
      out.add(new AnalysisOutcome(CAUSE_SPECIFIC, r.string("time"), cause.string("column"), events, competing,
          censored(cause, events, competing)));
    }
    return List.copyOf(out);
  }

  /** Name of the outcome given by the {@code time}/{@code status} shorthand. */
  public static final String PRIMARY = "primary";
  /** Name of the outcome given by the {@code cause} shorthand. */
  public static final String CAUSE_SPECIFIC = "cause_specific";

  private static AnalysisOutcome fromStatus(String name, String time, SettingsReader status) {
    List<String> events = status.scalars("event");
    if (events.isEmpty()) {
      throw new InvalidConfigException(status.key("event"), "at least one status value must mean the event");
    }
    List<String> competing = status.has("competing") ? status.scalars("competing") : List.of();
    for (String c : competing) {
      if (events.contains(c)) {
        throw new InvalidConfigException(status.key("competing"), "value " + c + " is also an event value");
      }
    }
    return new AnalysisOutcome(name, time, status.nonEmptyString("column"), events, competing,
        censored(status, events, competing));
  }

  /** The status block's censoring codes ({@code censored}, default 0), none of them an event or competing code. */
  private static List<String> censored(SettingsReader status, List<String> events, List<String> competing) {
    List<String> censored = status.has("censored") ? status.scalars("censored") : DEFAULT_CENSORED;
    if (censored.isEmpty()) {
      throw new InvalidConfigException(status.key("censored"), "at least one status value must mean censored");
    }
    for (String c : censored) {
      if (events.contains(c) || competing.contains(c)) {
        throw new InvalidConfigException(status.key("censored"), "value " + c + " is also an event or competing "
            + "value");
      }
    }
    return List.copyOf(censored);
  }
}
