package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.propensity.PropensityWeights;

/**
 * The rows of one aggregated analysis, made where the cohort rows are: which records belong (the outcome
 * known, in the population, complete in the covariates used), and for each its time (from the landmark),
 * event, arm, stratum code, weight and design row, as the in-memory path builds them from
 * {@link CohortArrays} and {@link DesignMatrix}, with the categorical levels observed among its own rows.
 */
record ScaleDesign(int outcome, Population population, boolean treatment, List<String> covariates,
    List<String> categorical, List<String> continuous, Map<String, List<String>> levels,
    Map<String, Integer> stratumCodes, int subgroupIndex, PropensityScore score, String estimand, boolean stabilize,
    double treatedShare, RecordCoder coder, SubgroupTerms subgroupTerms) implements Serializable {

  /**
   * A treatment x subgroup design (in place of covariates): treatment, the subgroup's dummies against its first
   * level, and with {@code interaction} their products with treatment; rows with the subgroup known.
   */
  record SubgroupTerms(int variable, List<String> levels, boolean interaction) implements Serializable {}

  static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("time", DataTypes.DoubleType, false),
      DataTypes.createStructField("event", DataTypes.BooleanType, false),
      DataTypes.createStructField("status", DataTypes.IntegerType, false),
      DataTypes.createStructField("arm", DataTypes.IntegerType, false),
      DataTypes.createStructField("stratum", DataTypes.IntegerType, false),
      DataTypes.createStructField("weight", DataTypes.DoubleType, false),
      DataTypes.createStructField("x", DataTypes.createArrayType(DataTypes.DoubleType, false), false)));

  /** The logistic propensity model as a function of a record: its design and coefficients. */
  record PropensityScore(ScaleDesign design, double[] coef) implements Serializable {
    double of(CohortRecord r) {
      double[] x = design.x(r);
      double eta = coef[0];
      for (int j = 0; j < x.length; j++) {
        eta += coef[j + 1] * x[j];
      }
      return 1 / (1 + Math.exp(-eta));
    }
  }

  /** Term names of the design columns, as {@link DesignMatrix} names them. */
  String[] terms(String treatmentTerm) {
    List<String> out = new ArrayList<>();
    if (treatment) {
      out.add(treatmentTerm);
    }
    if (subgroupTerms != null) {
      List<String> l = subgroupTerms.levels();
      l.subList(1, l.size()).forEach(level -> out.add("sg=" + level));
      if (subgroupTerms.interaction()) {
        l.subList(1, l.size()).forEach(level -> out.add("treat:sg=" + level));
      }
    }
    for (String name : covariates) {
      if (categorical.contains(name)) {
        List<String> l = levels.get(name);
        l.subList(Math.min(1, l.size()), l.size()).forEach(level -> out.add(name + "=" + level));
      } else {
        out.add(name);
      }
    }
    return out.toArray(new String[0]);
  }

  /** The model variables and their design columns (for per-variable proportional-hazards tests). */
  List<int[]> variableColumns() {
    List<int[]> out = new ArrayList<>();
    int at = 0;
    if (treatment) {
      out.add(new int[] {at++});
    }
    for (String name : covariates) {
      int width = categorical.contains(name) ? Math.max(0, levels.get(name).size() - 1) : 1;
      if (width > 0) {
        out.add(java.util.stream.IntStream.range(at, at + width).toArray());
      }
      at += width;
    }
    return out;
  }

  List<String> variables(String treatmentColumn) {
    List<String> out = new ArrayList<>();
    if (treatment) {
      out.add(treatmentColumn);
    }
    for (String name : covariates) {
      if (!categorical.contains(name) || levels.get(name).size() > 1) {
        out.add(name);
      }
    }
    return out;
  }

  /** The record's row of this analysis, or null when it does not belong. */
  Row row(CohortRecord r) {
    if (!belongs(r)) {
      return null;
    }
    byte arm = coder.arm(r.treatment());
    byte status = coder.status(outcome, r.statuses()[outcome]);
    int stratum = stratumCodes == null ? 0 : stratumCodes.get(r.stratumLabel());
    double weight = score == null ? 1 : PropensityWeights.weight(arm == 1, score.of(r),
        PropensityWeights.Estimand.parse(estimand), stabilize, treatedShare);
    double shift = population.kind() == Population.Kind.LANDMARK ? population.landmark() : 0;
    return RowFactory.create(r.times()[outcome] - shift, status == 1, (int) status, (int) arm, stratum, weight,
        x(r, arm));
  }

  /**
   * Whether the record is a row of this analysis: arm, time and status known, in the population, complete in
   * the covariates used (and the subgroup, strata and propensity covariates where they apply).
   */
  boolean belongs(CohortRecord r) {
    Double t = r.times()[outcome];
    if (coder.arm(r.treatment()) < 0 || t == null || t.isNaN() || coder.status(outcome, r.statuses()[outcome]) < 0
        || !inPopulation(r) || !complete(r)) {
      return false;
    }
    if (subgroupTerms != null && r.subgroups()[subgroupTerms.variable()] == null) {
      return false;
    }
    if (stratumCodes != null && r.stratumLabel() == null) {
      return false;
    }
    return score == null || score.design().complete(r);
  }

  /** The same design with the categorical levels observed among its own rows (as R takes them). */
  ScaleDesign withLevels(Map<String, List<String>> observed) {
    return new ScaleDesign(outcome, population, treatment, covariates, categorical, continuous, observed, stratumCodes,
        subgroupIndex, score, estimand, stabilize, treatedShare, coder, subgroupTerms);
  }

  /** The same rows' levels and population with other covariates (a subset of these). */
  ScaleDesign withCovariates(List<String> names) {
    return new ScaleDesign(outcome, population, treatment, names, categorical, continuous, levels, stratumCodes,
        subgroupIndex, score, estimand, stabilize, treatedShare, coder, subgroupTerms);
  }

  /** The reference level of each categorical covariate of the design, for cox_model and propensity_model. */
  String references() {
    Map<String, List<String>> used = new java.util.LinkedHashMap<>();
    covariates.stream().filter(categorical::contains).forEach(c -> used.put(c, levels.get(c)));
    return org.npcoutcomes.design.LevelOrder.describeReferences(used);
  }

  private boolean inPopulation(CohortRecord r) {
    return switch (population.kind()) {
      case SUBGROUP, SITE -> population.level().equals(r.subgroups()[subgroupIndex]);
      case LANDMARK -> r.times()[outcome] >= population.landmark();
      default -> true;
    };
  }

  boolean complete(CohortRecord r) {
    for (String name : covariates) {
      int c = categorical.indexOf(name);
      if (c >= 0 ? r.categorical()[c] == null : r.continuous()[continuous.indexOf(name)] == null) {
        return false;
      }
    }
    return true;
  }

  /** The design row without the treatment column. */
  double[] x(CohortRecord r) {
    List<Double> out = new ArrayList<>();
    for (String name : covariates) {
      int c = categorical.indexOf(name);
      if (c >= 0) {
        List<String> l = levels.get(name);
        String value = r.categorical()[c];
        if (!l.contains(value)) {
          // never code an unlisted level as the reference
          throw new IllegalStateException("level '" + value + "' of " + name + " is not among the design's levels");
        }
        for (int k = 1; k < l.size(); k++) {
          out.add(l.get(k).equals(value) ? 1.0 : 0.0);
        }
      } else {
        out.add(r.continuous()[continuous.indexOf(name)]);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The subgroup's dummies, then (with the interaction) their products with treatment. */
  private double[] subgroupColumns(CohortRecord r, byte arm) {
    List<String> l = subgroupTerms.levels();
    int d = l.size() - 1;
    double[] out = new double[subgroupTerms.interaction() ? 2 * d : d];
    String value = r.subgroups()[subgroupTerms.variable()];
    for (int k = 1; k <= d; k++) {
      out[k - 1] = l.get(k).equals(value) ? 1 : 0;
      if (subgroupTerms.interaction()) {
        out[d + k - 1] = out[k - 1] * arm;
      }
    }
    return out;
  }

  private double[] x(CohortRecord r, byte arm) {
    double[] covariateColumns = subgroupTerms == null ? x(r) : subgroupColumns(r, arm);
    if (!treatment) {
      return covariateColumns;
    }
    double[] out = new double[covariateColumns.length + 1];
    out[0] = arm;
    System.arraycopy(covariateColumns, 0, out, 1, covariateColumns.length);
    return out;
  }
}
