package org.npcoutcomes.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.marts.MartTable;

/**
 * Share of records missing or unknown per canonical field and year of diagnosis, so a reader sees at a
 * glance which years lack, say, metastasis-site data. One aggregation by input file and year gives every
 * count (a few hundred numbers, brought to the driver and laid out there), and with them the clean
 * records of each input file, which the quality gate needs.
 */
public final class Completeness {
  /** Canonical values that mean "recorded as unknown" (a null means "not recorded"). */
  private static final Set<String> UNKNOWN = Set.of("unknown", "none_unknown", "no_unknown", "dead_unknown");
  private static final Set<String> SKIP = Set.of(CanonicalSchema.SOURCE_FILE, CanonicalSchema.LINE_NUMBER,
      CanonicalSchema.YEAR_OF_DIAGNOSIS);

  /**
   * The completeness mart (rows: field, year_of_diagnosis, records, missing, unknown, missing_share,
   * unknown_share; by field, then year) and the clean records of each input file.
   */
  public record Result(MartTable table, Map<String, Long> recordsByFile) {}

  private Completeness() {}

  public static Result compute(Dataset<Row> clean) {
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
    List<Row> perFileAndYear = clean.groupBy(col(CanonicalSchema.SOURCE_FILE), col(CanonicalSchema.YEAR_OF_DIAGNOSIS))
        .agg(count(lit(1)).as("records"), aggregates.toArray(new Column[0])).collectAsList();

    // Per year (nulls first, as Spark orders them): records, then missing and unknown of each field.
    Map<Integer, long[]> byYear = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    Map<String, Long> recordsByFile = new LinkedHashMap<>();
    for (Row r : perFileAndYear) {
      long[] totals = byYear.computeIfAbsent(r.isNullAt(1) ? null : r.getInt(1), y -> new long[1 + 2 * fields.size()]);
      for (int i = 0; i < totals.length; i++) {
        totals[i] += r.getLong(2 + i);
      }
      recordsByFile.merge(r.getString(0), r.getLong(2), Long::sum);
    }
    List<Row> rows = new ArrayList<>();
    for (String f : fields.stream().sorted().toList()) {
      int i = fields.indexOf(f);
      byYear.forEach((year, totals) -> {
        long records = totals[0];
        long missing = totals[1 + 2 * i];
        long unknown = totals[2 + 2 * i];
        rows.add(RowFactory.create(f, year, records, missing, unknown, (double) missing / records,
            (double) unknown / records));
      });
    }
    StructField year = clean.schema().apply(CanonicalSchema.YEAR_OF_DIAGNOSIS);
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("field", DataTypes.StringType, false),
        DataTypes.createStructField(year.name(), year.dataType(), year.nullable()),
        DataTypes.createStructField("records", DataTypes.LongType, false),
        DataTypes.createStructField("missing", DataTypes.LongType, true),
        DataTypes.createStructField("unknown", DataTypes.LongType, true),
        DataTypes.createStructField("missing_share", DataTypes.DoubleType, true),
        DataTypes.createStructField("unknown_share", DataTypes.DoubleType, true)));
    return new Result(new MartTable(schema, rows), recordsByFile);
  }
}
