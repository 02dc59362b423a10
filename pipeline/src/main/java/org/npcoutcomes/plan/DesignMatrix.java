package org.npcoutcomes.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.design.ModelTerms;

/**
 * The model matrix of rows held in memory, laid out by {@link ModelTerms}: a categorical covariate's levels
 * (and a subgroup's) are those among the rows used, in the spec's {@link org.npcoutcomes.design.LevelOrder},
 * the first the reference, as R's {@code model.matrix} on those rows.
 */
record DesignMatrix(double[][] x, ModelTerms model) {

  /** Treatment (when {@code treatment}) and the covariates, in the order given. */
  static DesignMatrix build(CohortArrays data, AnalysisSpec spec, boolean treatment, List<String> covariates) {
    Map<String, List<String>> levels = new LinkedHashMap<>();
    for (String name : covariates) {
      int c = spec.categorical().indexOf(name);
      if (c >= 0) {
        levels.put(name, data.levels(spec, c));
      }
    }
    ModelTerms model = ModelTerms.of(treatment, spec.treatmentColumn(), treatmentTerm(spec), covariates,
        spec.categorical(), spec.continuous(), levels);
    return fill(data, model, -1);
  }

  /** Treatment and subgroup {@code variable}'s dummies (and their products with treatment) on rows with it known. */
  static DesignMatrix subgroup(CohortArrays data, AnalysisSpec spec, String variable, boolean interaction) {
    int v = spec.subgroups().indexOf(variable);
    List<String> levels = spec.levels().arrange(variable, java.util.Arrays.asList(data.subgroup[v]));
    return fill(data, ModelTerms.subgroup(levels, interaction), v);
  }

  static String treatmentTerm(AnalysisSpec spec) {
    return spec.treatmentColumn() + "=" + spec.treatedArm();
  }

  private static DesignMatrix fill(CohortArrays data, ModelTerms model, int subgroup) {
    double[][] x = new double[data.size()][model.width()];
    for (int i = 0; i < x.length; i++) {
      int row = i;
      model.fill(data.treated[i], new ModelTerms.Values() {
        @Override
        public String categorical(int column) {
          return data.categorical[column][row];
        }

        @Override
        public double continuous(int column) {
          return data.continuous[column][row];
        }

        @Override
        public String subgroup() {
          return subgroup < 0 ? null : data.subgroup[subgroup][row];
        }
      }, x[i]);
    }
    return new DesignMatrix(x, model);
  }

  String[] terms() {
    return model.terms();
  }
}
