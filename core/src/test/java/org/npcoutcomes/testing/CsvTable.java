package org.npcoutcomes.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.text.DelimitedLine;

/**
 * A small CSV data set as R's write.csv writes it (header, quoted strings, empty or NA for missing),
 * read column-wise for tests. Missing values are null strings / NaN doubles.
 */
public final class CsvTable {
  private final List<String> header;
  private final List<String[]> rows;

  private CsvTable(List<String> header, List<String[]> rows) {
    this.header = header;
    this.rows = rows;
  }

  public static CsvTable load(String resource) {
    try (InputStream in = CsvTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> header = List.of(split(reader.readLine()));
      List<String[]> rows = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isEmpty()) {
          rows.add(split(line));
        }
      }
      return new CsvTable(header, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] split(String line) {
    return DelimitedLine.split(line, ',');
  }

  public int rowCount() {
    return rows.size();
  }

  public List<String> header() {
    return header;
  }

  private int index(String column) {
    int i = header.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + header);
    }
    return i;
  }

  /** A column as strings; "" and "NA" are null. */
  public String[] strings(String column) {
    int c = index(column);
    String[] out = new String[rows.size()];
    for (int r = 0; r < out.length; r++) {
      String v = rows.get(r)[c];
      out[r] = v.isEmpty() || v.equals("NA") ? null : v;
    }
    return out;
  }

  /** A column as doubles; missing is NaN. */
  public double[] doubles(String column) {
    String[] s = strings(column);
    double[] out = new double[s.length];
    for (int r = 0; r < out.length; r++) {
      out[r] = s[r] == null ? Double.NaN : Double.parseDouble(s[r]);
    }
    return out;
  }

  /** Row-wise view, for tests that need records. */
  public List<Map<String, String>> records() {
    List<Map<String, String>> out = new ArrayList<>();
    for (String[] row : rows) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        String v = row[c];
        m.put(header.get(c), v.isEmpty() || v.equals("NA") ? null : v);
      }
      out.add(m);
    }
    return out;
  }
}
