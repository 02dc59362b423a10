package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.InvalidConfigException;

/**
 * The columns covariate balance is reported on, as cobalt lists them: every level of a categorical covariate
 * as a 0/1 column (its {@code level} named), a continuous covariate as itself ({@code level} empty).
 *
 * @param source per column, its categorical column (>= 0) or -1 - its continuous column
 */
record BalanceColumns(List<String> variable, List<String> level, int[] source) implements Serializable {

  static BalanceColumns of(AnalysisSpec spec, List<String> names, Map<String, List<String>> levels) {
    List<String> variable = new ArrayList<>();
    List<String> level = new ArrayList<>();
    List<Integer> source = new ArrayList<>();
    for (String name : names) {
      int k = spec.categorical().indexOf(name);
      if (k >= 0) {
        for (String l : levels.get(name)) {
          variable.add(name);
          level.add(l);
          source.add(k);
        }
      } else {
        int c = spec.continuous().indexOf(name);
        if (c < 0) {
          throw new InvalidConfigException("analyze.propensity.covariates", name + " is not an analysis covariate");
        }
        variable.add(name);
        level.add("");
        source.add(-1 - c);
      }
    }
    return new BalanceColumns(List.copyOf(variable), List.copyOf(level),
        source.stream().mapToInt(Integer::intValue).toArray());
  }

  int size() {
    return variable.size();
  }

  boolean binary(int column) {
    return source[column] >= 0;
  }

  /** One unit's balance values from its categorical and continuous values (by column index). */
  double[] values(IntFunction<String> categorical, IntToDoubleFunction continuous) {
    double[] out = new double[source.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = source[c] >= 0 ? (level.get(c).equals(categorical.apply(source[c])) ? 1 : 0)
          : continuous.applyAsDouble(-1 - source[c]);
    }
    return out;
  }
}
