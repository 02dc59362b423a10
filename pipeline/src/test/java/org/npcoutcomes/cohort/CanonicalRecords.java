package org.npcoutcomes.cohort;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.clean.CanonicalSchema;

/** Hand-made canonical records for tests: an eligible metastatic NPC patient unless a field is changed. */
final class CanonicalRecords {
  private final List<Map<String, Object>> records = new ArrayList<>();

  static Map<String, Object> eligible(String id) {
    Map<String, Object> r = new HashMap<>();
    r.put("source_file", "test.csv");
    r.put("line_number", (long) (Integer.parseInt(id) + 1));
    r.put("patient_id", id);
    r.put("sequence_number", 0);
    r.put("registry", "Utah");
    r.put("sex", "male");
    r.put("age", 50);
    r.put("race", "other");
    r.put("year_of_diagnosis", 2012);
    r.put("site_recode", "Nasopharynx");
    r.put("primary_site", "C11.1");
    r.put("histology", 8072);
    r.put("behavior", "malignant");
    r.put("reporting_source", "hospital");
    r.put("first_primary", true);
    r.put("staging_system", "ajcc7");
    r.put("t_stage", "T3");
    r.put("n_stage", "N2");
    r.put("m_stage", "M1");
    r.put("mets_bone", "yes");
    r.put("mets_brain", "no");
    r.put("mets_liver", "no");
    r.put("mets_lung", "no");
    r.put("mets_distant_ln", null);
    r.put("radiation", "beam");
    r.put("chemotherapy", "yes");
    r.put("surgery", "00");
    r.put("survival_months", 20);
    r.put("survival_months_flag", "complete_gt0");
    r.put("vital_status", "dead");
    r.put("cause_specific_death", "dead_this_cancer");
    r.put("other_cause_death", "alive_or_cancer");
    r.put("marital_status", "married");
    r.put("income", "$75,000+");
    r.put("rurality", "metro");
    return r;
  }

  CanonicalRecords add(String id, Object... fieldValuePairs) {
    Map<String, Object> r = eligible(id);
    for (int i = 0; i < fieldValuePairs.length; i += 2) {
      String field = (String) fieldValuePairs[i];
      if (!r.containsKey(field)) {
        throw new IllegalArgumentException("no field " + field);
      }
      r.put(field, fieldValuePairs[i + 1]);
    }
    records.add(r);
    return this;
  }

  Dataset<Row> toDataset(SparkSession spark) {
    List<Row> rows = records.stream()
        .map(r -> RowFactory.create(Arrays.stream(CanonicalSchema.SCHEMA.fieldNames()).map(r::get).toArray()))
        .toList();
    return spark.createDataFrame(rows, CanonicalSchema.SCHEMA);
  }
}
