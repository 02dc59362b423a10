package org.npcoutcomes.plan;

/**
 * A cohort table that breaks the analysis's input contract, found before any task runs; nothing is published.
 * The message names the column, the count and example rows. A table that cannot be analysed as given (no rows,
 * negative times, undeclared status codes, duplicated ids, an arm absent) is a bad input; one that is well formed
 * but too thin (fewer rows or events per arm than the configured minimum) fails the data-quality gate.
 */
public final class CohortContractException extends RuntimeException {
  private final boolean dataQuality;

  CohortContractException(String message, boolean dataQuality) {
    super(message);
    this.dataQuality = dataQuality;
  }

  /** True when every problem found is a data-quality one (too few rows or events), not a bad input. */
  public boolean dataQuality() {
    return dataQuality;
  }
}
