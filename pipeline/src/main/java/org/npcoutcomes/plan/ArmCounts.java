package org.npcoutcomes.plan;

/** Unweighted rows and events of the reference (index 0) and treated (1) arms. */
record ArmCounts(long[] rows, long[] events) {
  static ArmCounts of(int[] arm, boolean[] event) {
    long[] rows = new long[2];
    long[] events = new long[2];
    for (int i = 0; i < arm.length; i++) {
      rows[arm[i]]++;
      events[arm[i]] += event[i] ? 1 : 0;
    }
    return new ArmCounts(rows, events);
  }

  long totalRows() {
    return rows[0] + rows[1];
  }

  long totalEvents() {
    return events[0] + events[1];
  }

  boolean bothArms() {
    return rows[0] > 0 && rows[1] > 0;
  }
}
