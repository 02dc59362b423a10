package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.List;
import org.npcoutcomes.config.AnalysisSpec;

/**
 * Model matrix of a Cox model as R's {@code model.matrix} builds it: the treatment indicator first, then
 * each categorical covariate as dummies against its first (sorted) level, then continuous covariates.
 */
public record DesignMatrix(double[][] x, String[] terms, List<String> variables, List<int[]> variableColumns) {

  public static DesignMatrix build(CohortArrays data, AnalysisSpec spec, boolean withCovariates) {
    List<String> terms = new ArrayList<>();
    List<double[]> columns = new ArrayList<>();
    List<String> variables = new ArrayList<>(List.of(spec.treatmentColumn()));
    List<int[]> variableColumns = new ArrayList<>(List.of(new int[] {0}));
    double[] treat = new double[data.size()];
    for (int i = 0; i < treat.length; i++) {
      treat[i] = data.treated[i];
    }
    terms.add(spec.treatmentColumn() + "=" + spec.treatedArm());
    columns.add(treat);
    if (withCovariates) {
      for (int c = 0; c < spec.categorical().size(); c++) {
        List<String> levels = data.levels(c);
        int first = columns.size();
        for (String level : levels.subList(Math.min(1, levels.size()), levels.size())) {
          double[] dummy = new double[data.size()];
          for (int i = 0; i < dummy.length; i++) {
            dummy[i] = level.equals(data.categorical[c][i]) ? 1.0 : 0.0;
          }
          terms.add(spec.categorical().get(c) + "=" + level);
          columns.add(dummy);
        }
        if (columns.size() > first) {
          variables.add(spec.categorical().get(c));
          variableColumns.add(java.util.stream.IntStream.range(first, columns.size()).toArray());
        }
      }
      for (int c = 0; c < spec.continuous().size(); c++) {
        terms.add(spec.continuous().get(c));
        variables.add(spec.continuous().get(c));
        variableColumns.add(new int[] {columns.size()});
        columns.add(data.continuous[c].clone());
      }
    }
    double[][] x = new double[data.size()][columns.size()];
    for (int j = 0; j < columns.size(); j++) {
      for (int i = 0; i < x.length; i++) {
        x[i][j] = columns.get(j)[i];
      }
    }
    return new DesignMatrix(x, terms.toArray(new String[0]), variables, variableColumns);
  }
}
