package org.npcoutcomes.stats;

/** A k-sample log-rank family test (R's survdiff): statistic, its df and p, and per-group totals. */
public record LogRankResult(double chisq, int df, double pValue, double[] observed, double[] expected, double[] n,
    double rho) {}
