package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import org.npcoutcomes.config.AnalysisSpec;

/**
 * Model matrix of a Cox model as R's {@code model.matrix} builds it: the treatment indicator first (when
 * asked for), then each covariate in the order given, a categorical one as dummies against its reference
 * (the first level of the spec's {@link org.npcoutcomes.design.LevelOrder}, among the rows used). {@code variables} and {@code variableColumns} say which columns belong to which model
 * variable (for per-variable tests); {@code references} names each categorical covariate's reference level.
 */
public record DesignMatrix(double[][] x, String[] terms, List<String> variables, List<int[]> variableColumns,
    String references) {

  /** Treatment, plus every analysis covariate (categorical ones first) when {@code withCovariates}. */
  public static DesignMatrix build(CohortArrays data, AnalysisSpec spec, boolean withCovariates) {
    return build(data, spec, true, withCovariates ? spec.covariateColumns() : List.of());
  }

  public static DesignMatrix build(CohortArrays data, AnalysisSpec spec, boolean treatment, List<String> covariates) {
    List<String> terms = new ArrayList<>();
    List<double[]> columns = new ArrayList<>();
    List<String> variables = new ArrayList<>();
    List<int[]> variableColumns = new ArrayList<>();
    java.util.Map<String, List<String>> categoricalLevels = new java.util.LinkedHashMap<>();
    if (treatment) {
      double[] treat = new double[data.size()];
      for (int i = 0; i < treat.length; i++) {
        treat[i] = data.treated[i];
      }
      variables.add(spec.treatmentColumn());
      variableColumns.add(new int[] {0});
      terms.add(spec.treatmentColumn() + "=" + spec.treatedArm());
      columns.add(treat);
    }
    for (String name : covariates) {
      int first = columns.size();
      int c = spec.categorical().indexOf(name);
      if (c >= 0) {
        List<String> levels = data.levels(spec, c);
        categoricalLevels.put(name, levels);
        for (String level : levels.subList(Math.min(1, levels.size()), levels.size())) {
          double[] dummy = new double[data.size()];
          for (int i = 0; i < dummy.length; i++) {
            dummy[i] = level.equals(data.categorical[c][i]) ? 1.0 : 0.0;
          }
          terms.add(name + "=" + level);
          columns.add(dummy);
        }
      } else {
        terms.add(name);
        columns.add(data.continuous[spec.continuous().indexOf(name)].clone());
      }
      if (columns.size() > first) {
        variables.add(name);
        variableColumns.add(java.util.stream.IntStream.range(first, columns.size()).toArray());
      }
    }
    double[][] x = new double[data.size()][columns.size()];
    for (int j = 0; j < columns.size(); j++) {
      for (int i = 0; i < x.length; i++) {
        x[i][j] = columns.get(j)[i];
      }
    }
    return new DesignMatrix(x, terms.toArray(new String[0]), variables, variableColumns,
        org.npcoutcomes.design.LevelOrder.describeReferences(categoricalLevels));
  }
}
