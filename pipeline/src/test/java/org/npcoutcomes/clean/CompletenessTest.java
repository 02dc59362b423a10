package org.npcoutcomes.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.testing.LocalSpark;

/** Completeness counted in the tasks equals a count made here, record by record. */
class CompletenessTest {
  private static final Set<String> UNKNOWN = Set.of("unknown", "none_unknown", "no_unknown", "dead_unknown");

  @Test
  void countsMissingAndUnknownPerFieldAndYear() {
    StructField[] fields = CanonicalSchema.SCHEMA.fields();
    Random random = new Random(7);
    List<Row> records = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      Object[] v = new Object[fields.length];
      for (int i = 0; i < fields.length; i++) {
        boolean text = fields[i].dataType().equals(DataTypes.StringType);
        int pick = random.nextInt(6);
        v[i] = pick == 0 ? null : text ? List.of("unknown", "none_unknown", "yes", "no").get(pick % 4)
            : fields[i].dataType().equals(DataTypes.IntegerType) ? (Object) (2010 + pick % 3)
            : fields[i].dataType().equals(DataTypes.LongType) ? (Object) (long) n : (Object) (pick % 2 == 0);
      }
      v[CanonicalSchema.SCHEMA.fieldIndex(CanonicalSchema.SOURCE_FILE)] = n % 3 == 0 ? "b.csv" : "a.csv";
      records.add(RowFactory.create(v));
    }
    Completeness.Result result = Completeness.compute(LocalSpark.session()
        .createDataFrame(records, CanonicalSchema.SCHEMA.asNullable()).repartition(3));

    int yearAt = CanonicalSchema.SCHEMA.fieldIndex(CanonicalSchema.YEAR_OF_DIAGNOSIS);
    List<Integer> years = Arrays.asList(null, 2010, 2011, 2012);
    List<List<Object>> expected = new ArrayList<>();
    List<String> names = Arrays.stream(fields).map(StructField::name)
        .filter(f -> !Set.of("source_file", "line_number", "year_of_diagnosis").contains(f)).sorted().toList();
    for (String name : names) {
      int at = CanonicalSchema.SCHEMA.fieldIndex(name);
      for (Integer year : years) {
        List<Row> ofYear = records.stream().filter(r -> Objects.equals(r.get(yearAt), year)).toList();
        if (ofYear.isEmpty()) {
          continue;
        }
        long missing = ofYear.stream().filter(r -> r.isNullAt(at)).count();
        long unknown = ofYear.stream().filter(r -> UNKNOWN.contains(String.valueOf(r.get(at)))).count();
        expected.add(Arrays.asList(name, year, (long) ofYear.size(), missing, unknown,
            (double) missing / ofYear.size(), (double) unknown / ofYear.size()));
      }
    }
    MartTable table = result.table();
    assertEquals(expected, table.rows().stream().map(r -> Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3),
        r.get(4), r.get(5), r.get(6))).toList());
    assertEquals(Map.of("a.csv", 200L, "b.csv", 100L), result.recordsByFile());
    assertEquals("field:string,year_of_diagnosis:int,records:bigint,missing:bigint,unknown:bigint,"
        + "missing_share:double,unknown_share:double", String.join(",", Arrays.stream(table.schema().fields())
        .map(f -> f.name() + ":" + f.dataType().simpleString()).toList()));
  }
}
