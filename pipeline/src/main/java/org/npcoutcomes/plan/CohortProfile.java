package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.npcoutcomes.config.AnalysisSpec;

/**
 * What a large cohort holds, found in one aggregation: its rows, the levels of each categorical covariate,
 * the size of each subgroup level and landmark population, the strata labels, and whether any stratum or
 * covariate is missing. Mergeable.
 */
final class CohortProfile implements Serializable {
  /** A categorical column with more distinct values than this is not a category. */
  private static final int MAX_LEVELS = 10_000;

  long rows;
  final List<TreeSet<String>> categoricalLevels = new ArrayList<>();
  final List<TreeMap<String, Long>> subgroupSizes = new ArrayList<>();
  final TreeSet<String> strata = new TreeSet<>();
  boolean missingStratum;
  boolean missingCovariate;
  final long[] landmarkSizes;
  private final AnalysisSpec spec;

  CohortProfile(AnalysisSpec spec) {
    this.spec = spec;
    spec.categorical().forEach(c -> categoricalLevels.add(new TreeSet<>()));
    spec.groupings().forEach(c -> subgroupSizes.add(new TreeMap<>()));
    landmarkSizes = new long[spec.landmarks().size()];
  }

  CohortProfile add(CohortRecord r, List<Double> landmarks) {
    rows++;
    for (int c = 0; c < categoricalLevels.size(); c++) {
      String v = r.categorical()[c];
      if (v == null) {
        missingCovariate = true;
      } else if (categoricalLevels.get(c).size() <= MAX_LEVELS) {
        categoricalLevels.get(c).add(v);
      }
    }
    for (Double v : r.continuous()) {
      missingCovariate |= v == null || v.isNaN();
    }
    for (int c = 0; c < subgroupSizes.size(); c++) {
      if (r.subgroups()[c] != null) {
        subgroupSizes.get(c).merge(r.subgroups()[c], 1L, Long::sum);
      }
    }
    if (r.strata().length > 0) {
      String label = r.stratumLabel();
      if (label == null) {
        missingStratum = true;
      } else {
        strata.add(label);
      }
    }
    for (int l = 0; l < landmarkSizes.length; l++) {
      for (Double t : r.times()) {
        if (t != null && t >= landmarks.get(l)) {
          landmarkSizes[l]++;
          break;
        }
      }
    }
    return this;
  }

  CohortProfile merge(CohortProfile other) {
    rows += other.rows;
    for (int c = 0; c < categoricalLevels.size(); c++) {
      TreeSet<String> mine = categoricalLevels.get(c);
      for (String level : other.categoricalLevels.get(c)) {
        if (mine.size() > MAX_LEVELS) {
          break;
        }
        mine.add(level);
      }
    }
    for (int c = 0; c < subgroupSizes.size(); c++) {
      TreeMap<String, Long> mine = subgroupSizes.get(c);
      other.subgroupSizes.get(c).forEach((k, v) -> mine.merge(k, v, Long::sum));
    }
    strata.addAll(other.strata);
    missingStratum |= other.missingStratum;
    missingCovariate |= other.missingCovariate;
    for (int l = 0; l < landmarkSizes.length; l++) {
      landmarkSizes[l] += other.landmarkSizes[l];
    }
    return this;
  }

  /**
   * Stops an analysis whose categorical covariate has more than {@value #MAX_LEVELS} levels (an id or a number
   * named as a category), rather than coding the levels past the bound as its reference.
   */
  void requireCategories() {
    for (int c = 0; c < categoricalLevels.size(); c++) {
      if (categoricalLevels.get(c).size() > MAX_LEVELS) {
        throw new org.npcoutcomes.config.InvalidConfigException("analyze.covariates.categorical", "column '"
            + spec.categorical().get(c) + "' has more than " + MAX_LEVELS + " distinct values: not a category");
      }
    }
  }

  /** Levels of each categorical covariate in the whole cohort, in the spec's order. */
  Map<String, List<String>> levels(AnalysisSpec spec) {
    Map<String, List<String>> out = new TreeMap<>();
    for (int c = 0; c < categoricalLevels.size(); c++) {
      out.put(spec.categorical().get(c), spec.levels().arrange(spec.categorical().get(c), categoricalLevels.get(c)));
    }
    return out;
  }

  /** Observed levels of a subgroup or site variable ({@link AnalysisSpec#groupings}), in the spec's order. */
  List<String> subgroupLevels(AnalysisSpec spec, int variable) {
    return spec.levels().arrange(spec.groupings().get(variable), subgroupSizes.get(variable).keySet());
  }

  Map<String, Integer> stratumCodes() {
    Map<String, Integer> out = new TreeMap<>();
    for (String s : strata) {
      out.put(s, out.size());
    }
    return out;
  }

  long size(Population p) {
    return switch (p.kind()) {
      case SUBGROUP, SITE -> subgroupSizes.get(spec.groupings().indexOf(p.variable())).getOrDefault(p.level(), 0L);
      case LANDMARK -> landmarkSizes[spec.landmarks().indexOf(p.landmark())];
      default -> rows;
    };
  }
}
