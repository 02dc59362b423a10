package org.npcoutcomes.synthesize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.SynthesisSettings.Measure;
import org.npcoutcomes.text.DelimitedLine;

/**
 * The CSV of published estimates ({@code synthesis.studies}): a header, {@code study}, and either
 * {@code estimate, lower, upper} (a ratio with its 95% CI) or {@code events, total}; other columns are kept
 * as labels. Lines starting with {@code #} are comments (e.g. where the numbers come from). Every bad line
 * stops the run with the file, the line and what is wrong.
 */
public final class PublishedEstimates {
  static final String KEY = "synthesis.studies";
  /** The CI papers print is a 95% Wald interval on the log scale: its half-width is 1.96 standard errors. */
  private static final double Z975 = 1.959963984540054;

  private PublishedEstimates() {}

  public static List<Study> read(Configuration conf, String file, Measure measure) {
    Path path = new Path(file);
    List<String> lines = new ArrayList<>();
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        throw new InvalidConfigException(KEY, "no file " + file);
      }
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(DelimitedLine.normalise(line, lines.isEmpty()));
        }
      }
    } catch (IOException e) {
      throw new InvalidConfigException(KEY, "cannot read " + file + ": " + e.getMessage());
    }
    return parse(file, lines, measure);
  }

  static List<Study> parse(String file, List<String> lines, Measure measure) {
    int first = 0;
    while (first < lines.size() && lines.get(first).startsWith("#")) {
      first++;
    }
    if (first >= lines.size() || lines.get(first).isBlank()) {
      throw new InvalidConfigException(KEY, file + ": empty, or no header on line " + (first + 1));
    }
    String[] header = DelimitedLine.split(lines.get(first), ',');
    Map<String, Integer> columns = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      columns.put(header[i].trim().toLowerCase(Locale.ROOT), i);
    }
    List<String> needed = measure == Measure.HR ? List.of("study", "estimate", "lower", "upper")
        : List.of("study", "events", "total");
    for (String c : needed) {
      if (!columns.containsKey(c)) {
        throw new InvalidConfigException(KEY, file + " line " + (first + 1) + ": no column '" + c + "'; measure \"" + measure.label()
            + "\" needs columns " + String.join(", ", needed));
      }
    }
    List<String> labelColumns = columns.keySet().stream()
        .filter(c -> !needed.contains(c) && !List.of("estimate", "lower", "upper", "events", "total").contains(c))
        .toList();
    List<Study> out = new ArrayList<>();
    for (int n = first + 1; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (n + 1);
      String[] f = DelimitedLine.split(line, ',');
      if (f == null || f.length != header.length) {
        throw new InvalidConfigException(KEY, where + ": " + (f == null ? "a quote is not closed"
            : f.length + " fields, the header has " + header.length));
      }
      String study = f[columns.get("study")].trim();
      if (study.isEmpty()) {
        throw new InvalidConfigException(KEY, where + ": empty study");
      }
      StringBuilder labels = new StringBuilder();
      for (String c : labelColumns) {
        String value = f[columns.get(c)].trim();
        if (!value.isEmpty()) {
          labels.append(labels.length() == 0 ? "" : "; ").append(header[columns.get(c)].trim()).append('=')
              .append(value);
        }
      }
      if (measure == Measure.HR) {
        double est = number(f, columns, "estimate", where);
        double lo = number(f, columns, "lower", where);
        double hi = number(f, columns, "upper", where);
        if (!(lo > 0 && est > 0 && hi > 0 && lo < est && est < hi)) {
          throw new InvalidConfigException(KEY, where + ": needs 0 < lower < estimate < upper (a ratio and its"
              + " 95% CI), got " + est + " (" + lo + ", " + hi + ")");
        }
        double se = (Math.log(hi) - Math.log(lo)) / (2 * Z975);
        out.add(new Study(study, Study.PUBLISHED, labels.toString(), Math.log(est), se * se, null, null));
      } else {
        long events = count(f, columns, "events", where);
        long total = count(f, columns, "total", where);
        if (total <= 0 || events > total) {
          throw new InvalidConfigException(KEY, where + ": needs 0 <= events <= total and total > 0, got "
              + events + " of " + total);
        }
        out.add(new Study(study, Study.PUBLISHED, labels.toString(), Double.NaN, Double.NaN, events, total));
      }
    }
    if (out.isEmpty()) {
      throw new InvalidConfigException(KEY, file + ": no studies below the header");
    }
    return out;
  }

  private static double number(String[] f, Map<String, Integer> columns, String column, String where) {
    String raw = f[columns.get(column)].trim();
    try {
      double v = Double.parseDouble(raw);
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidConfigException(KEY, where + ": " + column + " '" + raw + "' is not a number");
  }

  private static long count(String[] f, Map<String, Integer> columns, String column, String where) {
    String raw = f[columns.get(column)].trim();
    try {
      long v = Long.parseLong(raw);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidConfigException(KEY, where + ": " + column + " '" + raw + "' is not a count (0, 1, 2, ...)");
  }
}
