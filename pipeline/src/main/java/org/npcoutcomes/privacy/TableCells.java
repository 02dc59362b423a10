package org.npcoutcomes.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.marts.MartTable;

/**
 * The count cells of one mart table in a {@link SuppressionModel}, and the table as published: withheld
 * counts and the statistics that would give them away set to null, count and statistic columns nullable, and
 * a {@code suppressed} column last: null on a row where nothing was withheld, else each withheld count column
 * with why, {@code column:small} (a count from 1 to min-cell - 1) or {@code column:complementary} (withheld
 * so that a small count cannot be worked out) or {@code column:follows} (a statistic that would give a withheld
 * count of its row or group away), comma-separated in column order.
 */
final class TableCells {
  private final MartTable table;
  private final SuppressionModel model;
  /** Column name -> cell of each row (-1: none). */
  private final Map<String, int[]> cells = new LinkedHashMap<>();
  /** Statistic column -> the count columns of its row it gives away. */
  private final Map<String, String[]> follows = new LinkedHashMap<>();
  /** Statistic columns withheld on rows whose groups hold a withheld count. */
  private final List<Group> groups = new ArrayList<>();

  private record Group(int[] rows, String[] columns, String[] counts) {}

  TableCells(MartTable table, SuppressionModel model) {
    this.table = table;
    this.model = model;
  }

  List<Row> rows() {
    return table.rows();
  }

  int size() {
    return table.rows().size();
  }

  boolean has(String column) {
    return Arrays.asList(table.schema().fieldNames()).contains(column);
  }

  Object get(int row, String column) {
    Row r = table.rows().get(row);
    return r.get(table.schema().fieldIndex(column));
  }

  String string(int row, String column) {
    Object v = get(row, column);
    return v == null ? null : v.toString();
  }

  double number(int row, String column) {
    return ((Number) get(row, column)).doubleValue();
  }

  /** The cell of a count on one row (registered as a published count the first time); -1 when null. */
  int count(int row, String column) {
    int[] column0 = cells.computeIfAbsent(column, c -> {
      int[] a = new int[size()];
      Arrays.fill(a, -1);
      return a;
    });
    if (column0[row] < 0 && get(row, column) != null) {
      column0[row] = model.cell(number(row, column));
    }
    return column0[row];
  }

  /** A registered cell: its row, its column and its cell in the model. */
  interface CellAction {
    void accept(int row, String column, int cell);
  }

  /** Calls back for every registered cell. */
  void forEachCell(CellAction action) {
    for (Map.Entry<String, int[]> e : cells.entrySet()) {
      int[] column = e.getValue();
      for (int row = 0; row < column.length; row++) {
        if (column[row] >= 0) {
          action.accept(row, e.getKey(), column[row]);
        }
      }
    }
  }

  /** Every row's cell of a count column. */
  int[] counts(String column) {
    int[] out = new int[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = count(i, column);
    }
    return out;
  }

  /** A statistic withheld wherever one of these counts of its row is. */
  void follows(String statistic, String... counts) {
    follows.put(statistic, counts);
  }

  /** Statistics withheld on all these rows when any of them has one of these counts withheld. */
  void groupFollows(List<Integer> rows, List<String> statistics, String... counts) {
    groups.add(new Group(rows.stream().mapToInt(Integer::intValue).toArray(), statistics.toArray(new String[0]),
        counts));
  }

  /** The published table: withheld cells (and what follows them) null, with the suppressed flag. */
  MartTable apply(SuppressionModel.Result result) {
    StructType schema = table.schema();
    Map<String, Integer> index = new HashMap<>();
    List<StructField> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      boolean nullable = f.nullable() || cells.containsKey(f.name()) || follows.containsKey(f.name())
          || groups.stream().anyMatch(g -> Arrays.asList(g.columns()).contains(f.name()));
      index.put(f.name(), fields.size());
      fields.add(DataTypes.createStructField(f.name(), f.dataType(), nullable, f.metadata()));
    }
    fields.add(DataTypes.createStructField(SmallCellSuppression.FLAG, DataTypes.StringType, true));
    StructType out = DataTypes.createStructType(fields);
    BitSet[] withheld = new BitSet[size()];
    String[][] reasons = new String[size()][schema.size()];
    for (int i = 0; i < size(); i++) {
      withheld[i] = new BitSet();
      for (Map.Entry<String, int[]> c : cells.entrySet()) {
        String reason = result.reason(c.getValue()[i]);
        if (reason != null) {
          withheld[i].set(index.get(c.getKey()));
          reasons[i][index.get(c.getKey())] = reason;
        }
      }
    }
    for (Group g : groups) {
      boolean any = false;
      for (int row : g.rows()) {
        for (String count : g.counts()) {
          any |= withheld[row].get(index.get(count));
        }
      }
      if (any) {
        for (int row : g.rows()) {
          for (String column : g.columns()) {
            withheld[row].set(index.get(column));
          }
        }
      }
    }
    List<Row> rows = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      for (Map.Entry<String, String[]> f : follows.entrySet()) {
        for (String count : f.getValue()) {
          if (withheld[i].get(index.get(count))) {
            withheld[i].set(index.get(f.getKey()));
          }
        }
      }
      Object[] values = new Object[fields.size()];
      Row source = table.rows().get(i);
      for (int c = 0; c < schema.size(); c++) {
        values[c] = withheld[i].get(c) ? null : source.get(c);
      }
      StringBuilder why = new StringBuilder();
      for (int c = 0; c < schema.size(); c++) {
        if (withheld[i].get(c) && source.get(c) != null) {
          reasons[i][c] = reasons[i][c] == null ? "follows" : reasons[i][c];
          why.append(why.length() == 0 ? "" : ",").append(schema.fields()[c].name()).append(':').append(reasons[i][c]);
        }
      }
      values[schema.size()] = why.length() == 0 ? null : why.toString();
      rows.add(new GenericRowWithSchema(values, out));
    }
    return new MartTable(out, rows);
  }

  /** The table unchanged but for the schema of a suppressed one (nothing withheld). */
  MartTable unchanged() {
    return apply(SuppressionModel.Result.none());
  }
}
