package org.npcoutcomes.ingest;

import java.io.Serializable;

/** The T, N and M columns that apply to diagnoses in a range of years. */
public record StagingSystem(String name, int fromYear, int toYear, String tColumn, String nColumn, String mColumn)
    implements Serializable {
  public boolean covers(int year) {
    return year >= fromYear && year <= toYear;
  }
}
