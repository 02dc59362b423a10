package org.npcoutcomes.clean;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
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
 * glance which years lack, say, metastasis-site data. One pass over the records counts them by input file
 * and year (a few hundred numbers, brought to the driver and laid out there), which also gives the clean
 * records of each input file that the quality gate needs.
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
    // Per record: is each field missing, is it unknown; counted by file and year in the tasks, in one pass
    // with no shuffle (a few hundred numbers per task), and added up here.
    List<Column> flags = new ArrayList<>();
    flags.add(col(CanonicalSchema.SOURCE_FILE));
    flags.add(col(CanonicalSchema.YEAR_OF_DIAGNOSIS));
    for (String f : fields) {
      flags.add(col(f).isNull());
      flags.add(coalesce(col(f).cast("string").isin(UNKNOWN.toArray()), lit(false)));
    }
    List<Map<List<Object>, long[]>> partial = clean.select(flags.toArray(new Column[0])).javaRDD()
        .mapPartitions(new CountByFileAndYear(2 * fields.size())).collect();

    // Per year (nulls first, as Spark orders them): records, then missing and unknown of each field.
    Map<Integer, long[]> byYear = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    Map<String, Long> recordsByFile = new LinkedHashMap<>();
    for (Map<List<Object>, long[]> part : partial) {
      part.forEach((key, counts) -> {
        long[] totals = byYear.computeIfAbsent((Integer) key.get(1), y -> new long[counts.length]);
        for (int i = 0; i < totals.length; i++) {
          totals[i] += counts[i];
        }
        recordsByFile.merge((String) key.get(0), counts[0], Long::sum);
      });
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

  /** Runs in the tasks: records and true flags per (file, year). */
  private static final class CountByFileAndYear
      implements FlatMapFunction<Iterator<Row>, Map<List<Object>, long[]>> {
    private final int flags;

    CountByFileAndYear(int flags) {
      this.flags = flags;
    }

    @Override
    public Iterator<Map<List<Object>, long[]>> call(Iterator<Row> rows) {
      Map<List<Object>, long[]> counts = new HashMap<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        long[] c = counts.computeIfAbsent(Arrays.asList(r.get(0), r.get(1)), k -> new long[1 + flags]);
        c[0]++;
        for (int i = 0; i < flags; i++) {
          if (r.getBoolean(2 + i)) {
            c[1 + i]++;
          }
        }
      }
      return List.<Map<List<Object>, long[]>>of(counts).iterator();
    }
  }
}
