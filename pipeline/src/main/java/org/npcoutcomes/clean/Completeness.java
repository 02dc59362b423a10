package org.npcoutcomes.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Share of records missing or unknown per canonical field and year of diagnosis, in one aggregation, so a
 * reader sees at a glance which years lack, say, metastasis-site data.
 */
public final class Completeness {
  /** Canonical values that mean "recorded as unknown" (a null means "not recorded"). */
  private static final Set<String> UNKNOWN = Set.of("unknown", "none_unknown", "no_unknown", "dead_unknown");
  private static final Set<String> SKIP = Set.of(CanonicalSchema.SOURCE_FILE, CanonicalSchema.LINE_NUMBER,
      CanonicalSchema.YEAR_OF_DIAGNOSIS);

  private Completeness() {}

  /** Rows: field, year_of_diagnosis, records, missing, unknown, missing_share, unknown_share. */
  public static Dataset<Row> compute(Dataset<Row> clean) {
    List<String> fields = new ArrayList<>();
    for (String f : CanonicalSchema.SCHEMA.fieldNames()) {
      if (!SKIP.contains(f)) {
        fields.add(f);
      }
    }
    List<Column> aggregates = new ArrayList<>();
    for (String f : fields) {
      aggregates.add(sum(when(col(f).isNull(), 1L).otherwise(0L)).as(f + "__missing"));
      aggregates.add(sum(when(col(f).cast("string").isin(UNKNOWN.toArray()), 1L).otherwise(0L)).as(f + "__unknown"));
    }
    Dataset<Row> perYear = clean.groupBy(col(CanonicalSchema.YEAR_OF_DIAGNOSIS))
        .agg(count(lit(1)).as("records"), aggregates.toArray(new Column[0]));
    Dataset<Row> out = null;
    for (String f : fields) {
      Dataset<Row> one = perYear.select(lit(f).as("field"), col(CanonicalSchema.YEAR_OF_DIAGNOSIS), col("records"),
          col(f + "__missing").as("missing"), col(f + "__unknown").as("unknown"));
      out = out == null ? one : out.unionByName(one);
    }
    return out.withColumn("missing_share", col("missing").divide(col("records")))
        .withColumn("unknown_share", col("unknown").divide(col("records")))
        .orderBy("field", CanonicalSchema.YEAR_OF_DIAGNOSIS);
  }
}
