package org.npcoutcomes.plan;

/** The columns that key every mart row: which task wrote it, for which outcome, population and model. */
record RowKey(String analysisId, String outcome, String population, String model) {
  static RowKey of(AnalysisTask task) {
    return new RowKey(task.analysisId(), task.outcome(), task.population().name(), task.model());
  }

  RowKey withModel(String other) {
    return new RowKey(analysisId, outcome, population, other);
  }
}
