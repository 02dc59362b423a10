package org.npcoutcomes.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The stages a run can execute: each alone, or all in order; {@code report}, which rebuilds the report of
 * a published run from its marts without running any stage; and {@code synthesize}, which pools published
 * runs and published estimates (the {@code synthesis} block) without reading any extract.
 */
public enum Job {
  INGEST, CLEAN, COHORT, ANALYZE, ALL, REPORT, SYNTHESIZE;

  public static Job parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("unknown job '" + name + "'; one of " + names());
    }
  }

  public static String names() {
    return Arrays.stream(values()).map(j -> j.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("|"));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean reads(Job stage) {
    return this == ALL || this == stage;
  }

  /** Whether the job publishes a report with its marts (the jobs that produce the analysis marts). */
  public boolean writesReport() {
    return this == ALL || this == ANALYZE;
  }
}
