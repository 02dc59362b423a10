package org.npcoutcomes.design;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The columns of a model matrix as R's {@code model.matrix} lays them out: the treatment indicator first (when
 * the model has it), then either the covariates in the order given (a categorical one as dummies against its
 * first level, a continuous one as itself) or a subgroup's dummies against its first level, followed by
 * their products with treatment for an interaction model. One layout serves rows held in memory and rows
 * streamed where they are stored, so both name and fill columns alike.
 */
public final class ModelTerms implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One row's values: a categorical or continuous column by its index in the analysis' column lists. */
  public interface Values {
    String categorical(int column);

    /** NaN where missing. */
    double continuous(int column);

    String subgroup();
  }

  private final boolean treatment;
  private final String[] terms;
  private final List<String> variables;
  private final List<int[]> variableColumns;
  private final String references;
  /** Per covariate: its column in the categorical list (>= 0) or -1 - its column in the continuous list. */
  private final int[] columnOf;
  /** Per covariate: its levels (categorical) or null. */
  private final List<List<String>> levels;
  private final List<String> subgroupLevels;
  private final boolean interaction;

  private ModelTerms(boolean treatment, String treatmentTerm, String treatmentVariable, List<String> covariates,
      int[] columnOf, List<List<String>> levels, List<String> subgroupLevels, boolean interaction) {
    this.treatment = treatment;
    this.columnOf = columnOf;
    this.levels = levels;
    this.subgroupLevels = subgroupLevels;
    this.interaction = interaction;
    List<String> names = new ArrayList<>();
    List<String> vars = new ArrayList<>();
    List<int[]> columns = new ArrayList<>();
    Map<String, List<String>> categorical = new LinkedHashMap<>();
    if (treatment) {
      add(vars, columns, names, treatmentVariable, List.of(treatmentTerm));
    }
    if (subgroupLevels != null) {
      List<String> dummies = subgroupLevels.subList(1, subgroupLevels.size()).stream().map(l -> "sg=" + l).toList();
      add(vars, columns, names, "sg", dummies);
      if (interaction) {
        add(vars, columns, names, "treat:sg", dummies.stream().map(d -> "treat:" + d).toList());
      }
    }
    for (int c = 0; c < covariates.size(); c++) {
      String name = covariates.get(c);
      List<String> l = levels.get(c);
      if (l == null) {
        add(vars, columns, names, name, List.of(name));
      } else {
        categorical.put(name, l);
        add(vars, columns, names, name, l.subList(Math.min(1, l.size()), l.size()).stream()
            .map(level -> name + "=" + level).toList());
      }
    }
    this.terms = names.toArray(new String[0]);
    this.variables = List.copyOf(vars);
    this.variableColumns = List.copyOf(columns);
    this.references = LevelOrder.describeReferences(categorical);
  }

  private static void add(List<String> variables, List<int[]> columns, List<String> names, String variable,
      List<String> terms) {
    if (!terms.isEmpty()) {
      variables.add(variable);
      columns.add(IntStream.range(names.size(), names.size() + terms.size()).toArray());
      names.addAll(terms);
    }
  }

  /**
   * Treatment (when {@code treatment}) and covariates.
   *
   * @param levels the levels of each categorical covariate used, first the reference
   */
  public static ModelTerms of(boolean treatment, String treatmentVariable, String treatmentTerm,
      List<String> covariates, List<String> categorical, List<String> continuous, Map<String, List<String>> levels) {
    int[] columnOf = new int[covariates.size()];
    List<List<String>> covariateLevels = new ArrayList<>();
    for (int c = 0; c < covariates.size(); c++) {
      String name = covariates.get(c);
      int k = categorical.indexOf(name);
      if (k >= 0) {
        List<String> l = levels.get(name);
        if (l == null) {
          throw new IllegalArgumentException("no levels for categorical covariate " + name);
        }
        columnOf[c] = k;
        covariateLevels.add(List.copyOf(l));
      } else {
        k = continuous.indexOf(name);
        if (k < 0) {
          throw new IllegalArgumentException(name + " is not an analysis covariate");
        }
        columnOf[c] = -1 - k;
        covariateLevels.add(null);
      }
    }
    return new ModelTerms(treatment, treatmentTerm, treatmentVariable, covariates, columnOf, covariateLevels, null,
        false);
  }

  /** Treatment ("treat") and a subgroup's dummies against its first level, with their products if asked. */
  public static ModelTerms subgroup(List<String> levels, boolean interaction) {
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("a subgroup model needs at least one level");
    }
    return new ModelTerms(true, "treat", "treat", List.of(), new int[0], List.of(), List.copyOf(levels),
        interaction);
  }

  public String[] terms() {
    return terms.clone();
  }

  public int width() {
    return terms.length;
  }

  /** The model's variables, each with its design columns (for per-variable tests). */
  public List<String> variables() {
    return variables;
  }

  public List<int[]> variableColumns() {
    return variableColumns;
  }

  /** Each categorical covariate's reference level, "variable=level; ...". */
  public String references() {
    return references;
  }

  /**
   * Fills {@code out} (of {@link #width()}) with one row's design values.
   *
   * @throws IllegalStateException for a categorical value that is not one of the levels (never coded as the
   *     reference)
   */
  public void fill(int arm, Values values, double[] out) {
    int at = 0;
    if (treatment) {
      out[at++] = arm;
    }
    if (subgroupLevels != null) {
      String value = values.subgroup();
      int d = subgroupLevels.size() - 1;
      for (int k = 1; k <= d; k++) {
        double dummy = subgroupLevels.get(k).equals(value) ? 1 : 0;
        out[at + k - 1] = dummy;
        if (interaction) {
          out[at + d + k - 1] = dummy * arm;
        }
      }
      at += interaction ? 2 * d : d;
    }
    for (int c = 0; c < columnOf.length; c++) {
      List<String> l = levels.get(c);
      if (l == null) {
        out[at++] = values.continuous(-1 - columnOf[c]);
        continue;
      }
      String value = values.categorical(columnOf[c]);
      int position = l.indexOf(value);
      if (position < 0) {
        throw new IllegalStateException("level '" + value + "' is not among the model's levels " + l);
      }
      for (int k = 1; k < l.size(); k++) {
        out[at++] = k == position ? 1 : 0;
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelTerms m && treatment == m.treatment && interaction == m.interaction
        && java.util.Arrays.equals(terms, m.terms) && java.util.Arrays.equals(columnOf, m.columnOf)
        && levels.equals(m.levels) && java.util.Objects.equals(subgroupLevels, m.subgroupLevels);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(treatment, interaction, java.util.Arrays.hashCode(terms),
        java.util.Arrays.hashCode(columnOf), levels, subgroupLevels);
  }

  /** One row's design values. */
  public double[] row(int arm, Values values) {
    double[] out = new double[terms.length];
    fill(arm, values, out);
    return out;
  }
}
