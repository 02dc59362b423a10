package org.npcoutcomes.privacy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;

/**
 * The split of the analysis' Kaplan–Meier rows: the aggregate {@code km_curve} keeps the estimates at every
 * distinct time (and whether someone was censored there, for the plot's marks), and the counts at risk, of
 * events and of censorings at every distinct time go to the restricted {@code km_counts}. Consecutive at-risk
 * counts give the patients who left the risk set at each time, one or two at a time; no suppression of such a
 * table leaves much of it, and a paper prints the numbers at risk at a few times (survival_at_time) instead.
 */
final class KaplanMeierCounts {
  static final Set<String> COUNTS = Set.of("n_risk", "n_event", "n_censor");
  static final Set<String> KEYS = Set.of("analysis_id", "outcome", "population", "model", "arm", "time");
  static final String CENSORED = "censored";

  private KaplanMeierCounts() {}

  /** The marts with km_curve split into its estimates and km_counts; unchanged without km_curve. */
  static Map<Mart, MartTable> split(Map<Mart, MartTable> marts) {
    MartTable km = marts.get(Mart.KM_CURVE);
    if (km == null || !List.of(km.schema().fieldNames()).contains("n_censor")) {
      return marts;
    }
    StructType schema = km.schema();
    List<StructField> curveFields = new ArrayList<>();
    List<StructField> countFields = new ArrayList<>();
    List<Integer> curveColumns = new ArrayList<>();
    List<Integer> countColumns = new ArrayList<>();
    for (int c = 0; c < schema.size(); c++) {
      StructField f = schema.fields()[c];
      if (!COUNTS.contains(f.name())) {
        curveFields.add(f);
        curveColumns.add(c);
      }
      if (COUNTS.contains(f.name()) || KEYS.contains(f.name())) {
        countFields.add(f);
        countColumns.add(c);
      }
    }
    curveFields.add(DataTypes.createStructField(CENSORED, DataTypes.BooleanType, false));
    StructType curveSchema = DataTypes.createStructType(curveFields);
    StructType countSchema = DataTypes.createStructType(countFields);
    int censor = schema.fieldIndex("n_censor");
    List<Row> curve = new ArrayList<>(km.rows().size());
    List<Row> counts = new ArrayList<>(km.rows().size());
    for (Row r : km.rows()) {
      Object[] a = new Object[curveFields.size()];
      for (int i = 0; i < curveColumns.size(); i++) {
        a[i] = r.get(curveColumns.get(i));
      }
      a[a.length - 1] = r.get(censor) != null && ((Number) r.get(censor)).doubleValue() > 0;
      curve.add(new GenericRowWithSchema(a, curveSchema));
      Object[] b = new Object[countFields.size()];
      for (int i = 0; i < countColumns.size(); i++) {
        b[i] = r.get(countColumns.get(i));
      }
      counts.add(new GenericRowWithSchema(b, countSchema));
    }
    Map<Mart, MartTable> out = new EnumMap<>(Mart.class);
    out.putAll(marts);
    out.put(Mart.KM_CURVE, new MartTable(curveSchema, curve));
    out.put(Mart.KM_COUNTS, new MartTable(countSchema, counts));
    return out;
  }
}
