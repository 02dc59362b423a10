package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cohort table holds against its analysis spec, counted row by row and mergeable across partitions:
 * rows per arm, rows left out of each outcome and why, events per arm, and the rows that break the input
 * contract (negative or infinite times, status values that are not declared codes), with a few examples of
 * each. {@link CohortContract} judges it.
 */
final class InputTally implements Serializable {
  /** Examples kept per problem, and distinct values kept per list of values. */
  static final int EXAMPLES = 5;
  static final int VALUES = 20;

  long rows;
  long missingTreatment;
  long otherTreatment;
  /** Rows per arm over the whole table: [reference, treated]. */
  final long[] armRows = new long[2];
  final Map<String, Long> otherLevels = new TreeMap<>();
  /** Per outcome. */
  final long[] missingTime;
  final long[] unreadableTime;
  final long[] badTime;
  final long[] missingStatus;
  final long[] undeclared;
  final List<Map<String, Long>> undeclaredValues = new ArrayList<>();
  /** [outcome][arm]: rows whose time and status are known, and events among them. */
  final long[][] analysed;
  final long[][] events;
  final List<List<String>> badTimeExamples = new ArrayList<>();
  final List<List<String>> unreadableExamples = new ArrayList<>();
  final List<List<String>> undeclaredExamples = new ArrayList<>();

  InputTally(int outcomes) {
    missingTime = new long[outcomes];
    unreadableTime = new long[outcomes];
    badTime = new long[outcomes];
    missingStatus = new long[outcomes];
    undeclared = new long[outcomes];
    analysed = new long[outcomes][2];
    events = new long[outcomes][2];
    for (int o = 0; o < outcomes; o++) {
      undeclaredValues.add(new TreeMap<>());
      badTimeExamples.add(new ArrayList<>());
      unreadableExamples.add(new ArrayList<>());
      undeclaredExamples.add(new ArrayList<>());
    }
  }

  int outcomes() {
    return missingTime.length;
  }

  /**
   * Counts one row.
   *
   * @param arm the coder's arm (1 treated, 0 reference, -1 missing, -2 other)
   * @param rawTimes each outcome's time as written (null = missing)
   * @param times each outcome's time as a number (null = not a number)
   * @param statuses each outcome's status code from the coder
   * @param rawStatuses each outcome's status as written
   * @param label how an example names the row (its id, or its values)
   */
  void add(byte arm, String treatment, String[] rawTimes, Double[] times, byte[] statuses, String[] rawStatuses,
      String label) {
    rows++;
    if (arm >= 0) {
      armRows[arm]++;
    } else if (arm == RecordCoder.MISSING) {
      missingTreatment++;
    } else {
      otherTreatment++;
      count(otherLevels, treatment, 1);
    }
    for (int o = 0; o < outcomes(); o++) {
      boolean noTime = rawTimes[o] == null || rawTimes[o].isBlank();
      boolean unreadable = !noTime && (times[o] == null || Double.isNaN(times[o]));
      boolean bad = !noTime && !unreadable && (times[o] < 0 || Double.isInfinite(times[o]));
      if (unreadable) {
        example(unreadableExamples.get(o), label + " (time " + rawTimes[o] + ")");
      }
      if (bad) {
        badTime[o]++;
        example(badTimeExamples.get(o), label + " (time " + rawTimes[o] + ")");
      }
      if (statuses[o] == RecordCoder.UNDECLARED) {
        undeclared[o]++;
        count(undeclaredValues.get(o), rawStatuses[o], 1);
        example(undeclaredExamples.get(o), label + " (status " + rawStatuses[o] + ")");
      }
      if (arm < 0) {
        continue; // left out of every outcome already, as missing_treatment or other_treatment
      }
      if (noTime) {
        missingTime[o]++;
      } else if (unreadable) {
        unreadableTime[o]++;
      } else if (statuses[o] == RecordCoder.MISSING) {
        missingStatus[o]++;
      } else if (!bad && statuses[o] != RecordCoder.UNDECLARED) {
        analysed[o][arm]++;
        events[o][arm] += statuses[o] == 1 ? 1 : 0;
      }
    }
  }

  InputTally merge(InputTally other) {
    rows += other.rows;
    missingTreatment += other.missingTreatment;
    otherTreatment += other.otherTreatment;
    for (int a = 0; a < 2; a++) {
      armRows[a] += other.armRows[a];
    }
    other.otherLevels.forEach((k, v) -> count(otherLevels, k, v));
    for (int o = 0; o < outcomes(); o++) {
      missingTime[o] += other.missingTime[o];
      unreadableTime[o] += other.unreadableTime[o];
      badTime[o] += other.badTime[o];
      missingStatus[o] += other.missingStatus[o];
      undeclared[o] += other.undeclared[o];
      Map<String, Long> values = undeclaredValues.get(o);
      other.undeclaredValues.get(o).forEach((k, v) -> count(values, k, v));
      for (int a = 0; a < 2; a++) {
        analysed[o][a] += other.analysed[o][a];
        events[o][a] += other.events[o][a];
      }
      List<String> bad = badTimeExamples.get(o);
      List<String> unreadable = unreadableExamples.get(o);
      List<String> undeclaredOnes = undeclaredExamples.get(o);
      other.badTimeExamples.get(o).forEach(e -> example(bad, e));
      other.unreadableExamples.get(o).forEach(e -> example(unreadable, e));
      other.undeclaredExamples.get(o).forEach(e -> example(undeclaredOnes, e));
    }
    return this;
  }

  /** Counts a value, keeping at most {@link #VALUES} distinct ones (the total is counted apart). */
  private static void count(Map<String, Long> values, String value, long n) {
    String key = String.valueOf(value);
    if (values.containsKey(key) || values.size() < VALUES) {
      values.merge(key, n, Long::sum);
    }
  }

  private static void example(List<String> examples, String example) {
    if (examples.size() < EXAMPLES) {
      examples.add(example);
    }
  }
}
