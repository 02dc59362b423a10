package org.npcoutcomes.plan;

/**
 * One outcome in one population as the estimate families read it: its arm counts, the rows of each model
 * ({@link PopulationData}) and its competing-risks counts. Two implementations: rows in memory
 * ({@link InMemoryPopulation}) and totals aggregated by Spark ({@link AggregatedPopulation}).
 */
interface PopulationSource {
  /** Unweighted rows and events per arm: every row with the outcome and the treatment known. */
  ArmCounts counts();

  /** Whether the population carries propensity weights. */
  boolean weighted();

  /** The rows of one model; a source that cannot serve a request says why ({@link EstimateFamilies.SkippedException}). */
  PopulationData rows(ModelRequest request);

  /** Time, competing-risks status and arm, with the patients each row stands for. */
  CompetingRows competing();
}
