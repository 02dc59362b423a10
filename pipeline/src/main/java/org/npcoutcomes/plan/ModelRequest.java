package org.npcoutcomes.plan;

import java.util.List;

/**
 * Which rows of a population one estimate reads and with which design: the covariates of its model (the rows
 * complete in them, as R's {@code na.omit}), how it is stratified, and for the treatment x subgroup test the
 * subgroup variable in place of covariates (the rows with it known).
 *
 * @param treatment whether the design has the treatment indicator (not in a covariate's univariable screen)
 * @param interaction with a subgroup, whether the design has the treatment x subgroup products
 */
record ModelRequest(boolean treatment, List<String> covariates, Strata strata, String subgroup,
    boolean interaction) {

  /** How a model is stratified. */
  enum Strata {
    /** Not stratified: every row, whatever its stratum. */
    NONE,
    /** On the spec's strata: the rows with them known. */
    DECLARED,
    /** On the matched set of a matched population (a conditional model of the pairs). */
    MATCHED_SET
  }

  ModelRequest {
    covariates = List.copyOf(covariates);
  }

  /** Treatment only. */
  static ModelRequest crude(Strata strata) {
    return new ModelRequest(true, List.of(), strata, null, false);
  }

  /** One covariate alone, without treatment: a univariable screen. */
  static ModelRequest alone(String covariate, Strata strata) {
    return new ModelRequest(false, List.of(covariate), strata, null, false);
  }

  /** Treatment and {@code covariates}. */
  static ModelRequest of(List<String> covariates, Strata strata) {
    return new ModelRequest(true, covariates, strata, null, false);
  }

  /** Treatment and the subgroup's dummies, and with {@code interaction} their products with treatment. */
  static ModelRequest subgroup(String variable, boolean interaction, Strata strata) {
    return new ModelRequest(true, List.of(), strata, variable, interaction);
  }

  boolean stratified() {
    return strata != Strata.NONE;
  }
}
