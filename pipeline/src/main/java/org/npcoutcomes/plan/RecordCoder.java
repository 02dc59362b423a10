package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.npcoutcomes.config.AnalysisOutcome;
import org.npcoutcomes.config.AnalysisSpec;

/**
 * Reads a record's treatment as an arm and each outcome's status value as event, competing event, censored
 * or none of the declared codes (which {@link CohortContract} turns away before any analysis); numbers compare
 * by value, so status 2, "2" and 2.0 are one value.
 */
final class RecordCoder implements Serializable {
  static final byte MISSING = -1;
  static final byte OTHER_ARM = -2;
  /** A status value that is neither an event, a competing event nor a censoring code. */
  static final byte UNDECLARED = -3;

  private final List<Set<String>> events = new ArrayList<>();
  private final List<Set<String>> competing = new ArrayList<>();
  private final List<Set<String>> censored = new ArrayList<>();
  private final String reference;
  private final String treated;

  RecordCoder(AnalysisSpec spec) {
    for (AnalysisOutcome o : spec.outcomes()) {
      events.add(normalised(o.eventValues()));
      competing.add(normalised(o.competingValues()));
      censored.add(normalised(o.censoredValues()));
    }
    reference = normalise(spec.referenceArm());
    treated = normalise(spec.treatedArm());
  }

  /** 1 treated, 0 reference, -1 missing, -2 another treatment. */
  byte arm(String treatment) {
    String a = normalise(treatment);
    return a == null ? MISSING : a.equals(treated) ? 1 : a.equals(reference) ? (byte) 0 : OTHER_ARM;
  }

  /** 1 event, 2 competing event, 0 censored, -1 missing, -3 none of the declared codes. */
  byte status(int outcome, String value) {
    String s = normalise(value);
    return s == null ? MISSING : events.get(outcome).contains(s) ? 1 : competing.get(outcome).contains(s) ? (byte) 2
        : censored.get(outcome).contains(s) ? 0 : UNDECLARED;
  }

  private static Set<String> normalised(List<String> values) {
    Set<String> out = new HashSet<>();
    values.forEach(v -> out.add(normalise(v)));
    return out;
  }

  static String normalise(String v) {
    if (v == null) {
      return null;
    }
    String t = v.trim();
    try {
      double d = Double.parseDouble(t);
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    } catch (NumberFormatException e) {
      return t;
    }
  }
}
