package org.npcoutcomes.design;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one order of every categorical variable's levels, used wherever levels appear (design matrices,
 * Table 1, subgroup populations, forest rows, balance): the order declared for the variable (binned and
 * grouped covariates, or {@code analyze.levels}), then the other levels in numeric order when they are all
 * numbers and as text otherwise, then missing/unknown levels last. A configured reference level is moved to
 * the front, as R's {@code relevel} does; otherwise the first level is the reference, as in R's
 * {@code factor(levels = ...)}. Only observed levels are kept, so a population without some level gets no
 * column for it, as R's {@code model.matrix} on those rows.
 *
 * @param declared variable -> levels in the reader's order, as configured (levels not listed follow)
 * @param derived variable -> the levels a derived covariate can take, in order (bins, groups); used only for
 *     a column whose observed levels are all among them, so a column of the same name from another table
 *     keeps its natural order
 * @param reference variable -> its chosen reference level
 * @param unknownLevels labels that mean "not known" besides those starting with "unknown" (kept last)
 */
public record LevelOrder(Map<String, List<String>> declared, Map<String, List<String>> derived,
    Map<String, String> reference, Set<String> unknownLevels) implements Serializable {

  public LevelOrder {
    declared = Map.copyOf(declared);
    derived = Map.copyOf(derived);
    reference = Map.copyOf(reference);
    unknownLevels = Set.copyOf(unknownLevels);
  }

  /** No declared orders or references: numbers numerically, text as text, unknown last. */
  public static LevelOrder natural() {
    return new LevelOrder(Map.of(), Map.of(), Map.of(), Set.of());
  }

  /** This order with the levels of derived covariates, for the variables whose order is not configured. */
  public LevelOrder withDerived(Map<String, List<String>> levels, Set<String> moreUnknown) {
    Map<String, List<String>> all = new LinkedHashMap<>(derived);
    levels.forEach((variable, order) -> {
      if (!declared.containsKey(variable)) {
        all.put(variable, order);
      }
    });
    Set<String> unknown = new LinkedHashSet<>(unknownLevels);
    unknown.addAll(moreUnknown);
    return new LevelOrder(declared, all, reference, unknown);
  }

  /** The distinct non-null values of one variable, in this order; the first is the reference level. */
  public List<String> arrange(String variable, Iterable<String> values) {
    Set<String> observed = new LinkedHashSet<>();
    for (String v : values) {
      if (v != null) {
        observed.add(v);
      }
    }
    return arrange(variable, observed);
  }

  private List<String> arrange(String variable, Set<String> observed) {
    List<String> out = new ArrayList<>();
    List<String> given = declared.get(variable);
    if (given == null && derived.containsKey(variable) && derived.get(variable).containsAll(observed)) {
      given = derived.get(variable);
    }
    for (String level : given == null ? List.<String>of() : given) {
      if (observed.contains(level)) {
        out.add(level);
      }
    }
    List<String> rest = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String level : observed) {
      if (!out.contains(level)) {
        (isUnknown(level) ? unknown : rest).add(level);
      }
    }
    sort(rest);
    sort(unknown);
    out.addAll(rest);
    out.addAll(unknown);
    String ref = reference.get(variable);
    if (ref != null && out.remove(ref)) {
      out.add(0, ref);
    }
    return List.copyOf(out);
  }

  /** As R orders the levels of a column: by value when all are numbers ("9" before "10"), else as text. */
  private static void sort(List<String> levels) {
    if (!levels.isEmpty() && levels.stream().allMatch(LevelOrder::isNumber)) {
      levels.sort((a, b) -> {
        int c = Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        return c != 0 ? c : a.compareTo(b);
      });
    } else {
      levels.sort(String::compareTo);
    }
  }

  private boolean isUnknown(String level) {
    String lower = level.toLowerCase(Locale.ROOT);
    return unknownLevels.contains(level) || lower.startsWith("unknown") || lower.equals("missing");
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The reference level of each categorical variable of a design, as "variable=level" joined by "; ". */
  public static String describeReferences(Map<String, List<String>> levelsByVariable) {
    List<String> out = new ArrayList<>();
    levelsByVariable.forEach((variable, levels) -> {
      if (!levels.isEmpty()) {
        out.add(variable + "=" + levels.get(0));
      }
    });
    return String.join("; ", out);
  }
}
