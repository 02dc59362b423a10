package org.npcoutcomes.clean;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The typed canonical tumour record every source format is cleaned into. Field names and the
 * vocabularies of categorical values are a contract with the cohort stage and with
 * {@code conf/sources/*.conf}; see docs/canonical-record.md.
 *
 * <p>Categorical values are lower-case canonical codes (for example {@code beam}, {@code none_unknown}),
 * never a registry's own label, so that eligibility rules in config read the same for every source.
 * A value that the registry reports as missing or not applicable is {@code null}.
 */
public final class CanonicalSchema {
  private CanonicalSchema() {}

  public static final String SOURCE_FILE = "source_file";
  public static final String LINE_NUMBER = "line_number";
  public static final String PATIENT_ID = "patient_id";
  public static final String SEQUENCE_NUMBER = "sequence_number";
  public static final String REGISTRY = "registry";
  public static final String SEX = "sex";
  public static final String AGE = "age";
  public static final String RACE = "race";
  public static final String YEAR_OF_DIAGNOSIS = "year_of_diagnosis";
  public static final String SITE_RECODE = "site_recode";
  public static final String PRIMARY_SITE = "primary_site";
  public static final String HISTOLOGY = "histology";
  public static final String BEHAVIOR = "behavior";
  public static final String REPORTING_SOURCE = "reporting_source";
  public static final String FIRST_PRIMARY = "first_primary";
  public static final String STAGING_SYSTEM = "staging_system";
  public static final String T_STAGE = "t_stage";
  public static final String N_STAGE = "n_stage";
  public static final String M_STAGE = "m_stage";
  public static final String METS_BONE = "mets_bone";
  public static final String METS_BRAIN = "mets_brain";
  public static final String METS_LIVER = "mets_liver";
  public static final String METS_LUNG = "mets_lung";
  public static final String METS_DISTANT_LN = "mets_distant_ln";
  public static final String RADIATION = "radiation";
  public static final String CHEMOTHERAPY = "chemotherapy";
  public static final String SURGERY = "surgery";
  public static final String SURVIVAL_MONTHS = "survival_months";
  public static final String SURVIVAL_MONTHS_FLAG = "survival_months_flag";
  public static final String VITAL_STATUS = "vital_status";
  public static final String CAUSE_SPECIFIC_DEATH = "cause_specific_death";
  public static final String OTHER_CAUSE_DEATH = "other_cause_death";
  public static final String MARITAL_STATUS = "marital_status";
  public static final String INCOME = "income";
  public static final String RURALITY = "rurality";

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  /** Column order of the clean Parquet data set. */
  public static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false),
      DataTypes.createStructField(LINE_NUMBER, DataTypes.LongType, false),
      DataTypes.createStructField(PATIENT_ID, DataTypes.StringType, false),
      field(SEQUENCE_NUMBER, DataTypes.IntegerType),      // 0 = one primary only, 1 = 1st of 2+, 2 = 2nd of 2+ ...
      field(REGISTRY, DataTypes.StringType),              // registry name as the source labels it
      field(SEX, DataTypes.StringType),                   // male | female
      field(AGE, DataTypes.IntegerType),                  // years; 85 for "85+ years"
      field(RACE, DataTypes.StringType),                  // white | black | other | unknown
      field(YEAR_OF_DIAGNOSIS, DataTypes.IntegerType),
      field(SITE_RECODE, DataTypes.StringType),           // site group label, e.g. "Nasopharynx"
      field(PRIMARY_SITE, DataTypes.StringType),          // ICD-O-3 topography, e.g. "C11.1"
      field(HISTOLOGY, DataTypes.IntegerType),            // ICD-O-3 histology, e.g. 8072
      field(BEHAVIOR, DataTypes.StringType),              // malignant | in_situ | benign | borderline
      field(REPORTING_SOURCE, DataTypes.StringType),      // hospital | radiation_oncology | laboratory | physician_office | nursing_home | other_outpatient | autopsy_only | death_certificate_only
      field(FIRST_PRIMARY, DataTypes.BooleanType),        // first malignant primary indicator
      field(STAGING_SYSTEM, DataTypes.StringType),        // ajcc7 | seer_combined | eod2018 | null (before 2010)
      field(T_STAGE, DataTypes.StringType),               // T0 T1 T2 T3 T4 TX, clinical/pathological prefix removed
      field(N_STAGE, DataTypes.StringType),               // N0 N1 N2 N3 NX
      field(M_STAGE, DataTypes.StringType),               // M0 M1; null when blank/unknown
      field(METS_BONE, DataTypes.StringType),             // yes | no | unknown | null (not applicable / not collected)
      field(METS_BRAIN, DataTypes.StringType),
      field(METS_LIVER, DataTypes.StringType),
      field(METS_LUNG, DataTypes.StringType),
      field(METS_DISTANT_LN, DataTypes.StringType),
      field(RADIATION, DataTypes.StringType),             // none_unknown | beam | implants | isotopes | combination | nos | recommended_unknown | refused
      field(CHEMOTHERAPY, DataTypes.StringType),          // yes | no_unknown
      field(SURGERY, DataTypes.StringType),               // surgery of primary site code; "00" = none
      field(SURVIVAL_MONTHS, DataTypes.IntegerType),      // null when unknown
      field(SURVIVAL_MONTHS_FLAG, DataTypes.StringType),  // complete_gt0 | complete_0 | incomplete_gt0 | incomplete_maybe0 | not_calculated
      field(VITAL_STATUS, DataTypes.StringType),          // alive | dead
      field(CAUSE_SPECIFIC_DEATH, DataTypes.StringType),  // alive_or_other | dead_this_cancer | dead_unknown | not_first_tumor
      field(OTHER_CAUSE_DEATH, DataTypes.StringType),     // alive_or_cancer | dead_other | dead_unknown | not_first_tumor
      field(MARITAL_STATUS, DataTypes.StringType),        // married | single | divorced | separated | widowed | domestic_partner | unknown
      field(INCOME, DataTypes.StringType),                // income band label as the source gives it; null when unknown
      field(RURALITY, DataTypes.StringType)               // metro | nonmetro_adjacent | nonmetro_not_adjacent | null when unknown
  ));

  /** Schema of the rejects mart: one row per input row that could not be cleaned. */
  public static final StructType REJECT_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false),
      DataTypes.createStructField(LINE_NUMBER, DataTypes.LongType, false),
      DataTypes.createStructField("reason", DataTypes.StringType, false),
      field("field", DataTypes.StringType),
      field("raw_value", DataTypes.StringType)
  ));
}
