package org.npcoutcomes.marts;

/**
 * The published result tables. Patient-level marts live under {@code restricted/}, apart from the
 * aggregate ones, so access can be granted separately. Schemas are documented in docs/marts.md.
 */
public enum Mart {
  ATTRITION("attrition", false),
  REJECTS("rejects", true),
  DATA_QUALITY("data_quality", false),
  COMPLETENESS("completeness", false),
  COHORT("cohort", true),
  BASELINE("baseline", false),
  KM_CURVE("km_curve", false),
  KM_COUNTS("km_counts", true),
  SURVIVAL_SUMMARY("survival_summary", false),
  SURVIVAL_AT_TIME("survival_at_time", false),
  LOGRANK("logrank", false),
  HAZARD_RATIO("hazard_ratio", false),
  COX_MODEL("cox_model", false),
  PH_TEST("ph_test", false),
  LIKELIHOOD_PROFILE("likelihood_profile", false),
  FOREST("forest", false),
  CUMULATIVE_INCIDENCE("cumulative_incidence", false),
  COMPETING_RISK_TEST("competing_risk_test", false),
  BALANCE("balance", false),
  PROPENSITY_ADJUSTMENT("propensity_adjustment", false),
  PROPENSITY_DISTRIBUTION("propensity_distribution", false),
  PROPENSITY_SCORES("propensity_scores", true),
  MATCHED_PAIRS("matched_pairs", true),
  RMST_DIFFERENCE("rmst_difference", false),
  PROPENSITY_MODEL("propensity_model", false),
  ANALYSIS_PLAN("analysis_plan", false),
  ANALYSIS_INPUTS("analysis_inputs", false),
  SYNTHESIS_STUDY("synthesis_study", false),
  SYNTHESIS_POOLED("synthesis_pooled", false),
  SYNTHESIS_BIAS("synthesis_bias", false),
  SYNTHESIS_LEAVE_ONE_OUT("synthesis_leave_one_out", false),
  RUN_MANIFEST("run_manifest", false);

  private final String tableName;
  private final boolean restricted;

  Mart(String tableName, boolean restricted) {
    this.tableName = tableName;
    this.restricted = restricted;
  }

  public String tableName() {
    return tableName;
  }

  public boolean restricted() {
    return restricted;
  }

  /** Folder of the mart relative to the run folder. */
  public String relativePath() {
    return restricted ? "restricted/" + tableName : tableName;
  }
}
