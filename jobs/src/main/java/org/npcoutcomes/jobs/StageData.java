package org.npcoutcomes.jobs;

import org.apache.hadoop.fs.Path;

/** Where a run keeps the intermediate data sets that let each stage run alone. */
record StageData(String workDir, String runId) {
  String raw() {
    return location("raw");
  }

  String clean() {
    return location("clean");
  }

  String cohort() {
    return location("cohort");
  }

  private String location(String name) {
    return new Path(new Path(workDir, runId), name).toString();
  }
}
