package org.npcoutcomes.plan;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.design.ModelTerms;
import org.npcoutcomes.propensity.PropensityWeights;

/**
 * The rows of one aggregated analysis, made where the cohort rows are: which records belong (the outcome
 * known, in the population, complete in the covariates used), and for each its time (from the landmark),
 * event, arm, stratum code, weight and design row laid out by {@link ModelTerms}, as {@link DesignMatrix}
 * lays out rows in memory.
 *
 * @param subgroup the subgroup variable of a treatment x subgroup design (its rows have it known), or -1
 * @param populationSubgroup the subgroup variable that defines a subgroup or site population, or -1
 */
record ScaleDesign(int outcome, Population population, List<String> covariates, List<String> categorical,
    List<String> continuous, ModelTerms model, int subgroup, Map<String, Integer> stratumCodes,
    int populationSubgroup, PropensityScore score, String estimand, boolean stabilize, double treatedShare,
    RecordCoder coder) implements Serializable {

  static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("time", DataTypes.DoubleType, false),
      DataTypes.createStructField("event", DataTypes.BooleanType, false),
      DataTypes.createStructField("status", DataTypes.IntegerType, false),
      DataTypes.createStructField("arm", DataTypes.IntegerType, false),
      DataTypes.createStructField("stratum", DataTypes.IntegerType, false),
      DataTypes.createStructField("weight", DataTypes.DoubleType, false),
      DataTypes.createStructField("x", DataTypes.createArrayType(DataTypes.DoubleType, false), false)));

  /** The logistic propensity model as a function of a record: its design (no treatment) and coefficients. */
  record PropensityScore(ScaleDesign design, double[] coef) implements Serializable {
    double of(CohortRecord r) {
      double[] x = design.x(r, 0);
      double eta = coef[0];
      for (int j = 0; j < x.length; j++) {
        eta += coef[j + 1] * x[j];
      }
      return 1 / (1 + Math.exp(-eta));
    }
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
    if (subgroup >= 0 && r.subgroups()[subgroup] == null) {
      return false;
    }
    if (stratumCodes != null && r.stratumLabel() == null) {
      return false;
    }
    return score == null || score.design().complete(r);
  }

  /** The same rows with another model (the levels observed among them, or a subset of the covariates). */
  ScaleDesign withModel(List<String> names, ModelTerms other) {
    return new ScaleDesign(outcome, population, names, categorical, continuous, other, subgroup, stratumCodes,
        populationSubgroup, score, estimand, stabilize, treatedShare, coder);
  }

  private boolean inPopulation(CohortRecord r) {
    return switch (population.kind()) {
      case SUBGROUP, SITE -> population.level().equals(r.subgroups()[populationSubgroup]);
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

  /** The record's design row (its treatment column, if the model has one, set to {@code arm}). */
  double[] x(CohortRecord r, int arm) {
    return model.row(arm, new ModelTerms.Values() {
      @Override
      public String categorical(int column) {
        return r.categorical()[column];
      }

      @Override
      public double continuous(int column) {
        Double v = r.continuous()[column];
        return v == null ? Double.NaN : v;
      }

      @Override
      public String subgroup() {
        return subgroup < 0 ? null : r.subgroups()[subgroup];
      }
    });
  }
}
