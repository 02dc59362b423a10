package org.npcoutcomes.report;

import java.util.List;

/** A built report: the page and the figures it shows (also written beside it as SVG and PNG). */
public record Report(String html, List<Figure> figures) {
  /** Builds the report of a run from its marts alone. */
  public static Report of(RunMarts marts) {
    return new ReportPage(marts).build();
  }

  /** A page saying the report could not be built (the marts are published all the same). */
  public static Report failed(String runId, Throwable error) {
    return new Report(ReportPage.errorPage(runId, error), List.of());
  }
}
