package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.npcoutcomes.marts.Mart;

/**
 * Published marts read straight from their Parquet files (no Spark job per mart, so comparing many runs stays
 * fast), compared the way the cluster tests need: rows equal after sorting, doubles to 1e-12; and a run folder
 * as a tree of files and their bytes.
 */
final class PublishedMarts {
  private static final double TOLERANCE = 1e-12;
  private static final Configuration HADOOP = new Configuration();

  private PublishedMarts() {}

  /** Field names of a mart's rows and the rows, each a list of values (nested groups as lists). */
  record Table(List<String> columns, List<List<Object>> rows) {}

  static Table read(Path martFolder) {
    List<String> columns = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(martFolder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
            new org.apache.hadoop.fs.Path(file.toUri())).withConf(HADOOP).build()) {
          for (Group g = reader.read(); g != null; g = reader.read()) {
            if (columns.isEmpty()) {
              g.getType().getFields().forEach(f -> columns.add(f.getName()));
            }
            rows.add(values(g));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + martFolder, e);
    }
    return new Table(columns, rows);
  }

  private static List<Object> values(Group g) {
    GroupType type = g.getType();
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < type.getFieldCount(); i++) {
      int n = g.getFieldRepetitionCount(i);
      Type field = type.getType(i);
      if (field.isRepetition(Type.Repetition.REPEATED)) {
        List<Object> list = new ArrayList<>();
        for (int j = 0; j < n; j++) {
          list.add(value(g, i, j, field));
        }
        out.add(list);
      } else {
        out.add(n == 0 ? null : value(g, i, 0, field));
      }
    }
    return out;
  }

  private static Object value(Group g, int i, int j, Type field) {
    if (!field.isPrimitive()) {
      return values(g.getGroup(i, j));
    }
    PrimitiveType p = field.asPrimitiveType();
    return switch (p.getPrimitiveTypeName()) {
      case BINARY -> p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
          ? g.getString(i, j) : HexFormat.of().formatHex(g.getBinary(i, j).getBytes());
      case INT32 -> g.getInteger(i, j);
      case INT64 -> g.getLong(i, j);
      case DOUBLE -> g.getDouble(i, j);
      case FLOAT -> (double) g.getFloat(i, j);
      case BOOLEAN -> g.getBoolean(i, j);
      case INT96 -> HexFormat.of().formatHex(g.getInt96(i, j).getBytes());
      default -> HexFormat.of().formatHex(g.getBinary(i, j).getBytes()); // fixed-length
    };
  }

  /** The mart folders published under a run folder. */
  static Set<Mart> marts(Path run) {
    Set<Mart> out = new java.util.TreeSet<>();
    for (Mart m : Mart.values()) {
      if (Files.isDirectory(run.resolve(m.relativePath()))) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * Every mart of two run folders is the same (the run manifest aside: it records times and paths), rows
   * compared after sorting, doubles to 1e-12; the task durations of analysis_plan are not compared.
   */
  static void assertSameMarts(Path expected, Path actual) {
    Set<Mart> marts = marts(expected);
    assertEquals(marts, marts(actual), "marts of " + actual);
    assertTrue(marts.size() > 15, "an analysis' marts at least: " + marts);
    for (Mart mart : marts) {
      if (mart == Mart.RUN_MANIFEST) {
        continue;
      }
      Table a = read(expected.resolve(mart.relativePath()));
      Table b = read(actual.resolve(mart.relativePath()));
      assertEquals(a.columns(), b.columns(), mart + " columns");
      int skip = mart == Mart.ANALYSIS_PLAN ? a.columns().indexOf("seconds") : -1;
      List<List<Object>> x = sorted(a.rows(), skip);
      List<List<Object>> y = sorted(b.rows(), skip);
      assertEquals(x.size(), y.size(), mart + " rows");
      for (int r = 0; r < x.size(); r++) {
        if (!same(x.get(r), y.get(r))) {
          fail(mart + " row " + r + " differs:\n  " + x.get(r) + "\n  " + y.get(r));
        }
      }
    }
  }

  private static List<List<Object>> sorted(List<List<Object>> rows, int skip) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row : rows) {
      List<Object> copy = new ArrayList<>(row);
      if (skip >= 0) {
        copy.remove(skip);
      }
      out.add(copy);
    }
    out.sort(Comparator.comparing(PublishedMarts::sortKey));
    return out;
  }

  /** The row as text with doubles to 9 significant digits, so that rows equal to 1e-12 sort alike. */
  private static String sortKey(Object value) {
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d.toString() : String.format(Locale.ROOT, "%.9g", d);
    }
    if (value instanceof List<?> list) {
      StringBuilder b = new StringBuilder("[");
      list.forEach(v -> b.append(sortKey(v)).append('\u0001'));
      return b.append(']').toString();
    }
    return String.valueOf(value);
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Double x && b instanceof Double y) {
      return x.equals(y) || Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return java.util.Objects.equals(a, b);
  }

  /** Every file under a folder, by relative path, with the SHA-256 of its bytes. */
  static Map<String, String> fileTree(Path folder) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(folder.relativize(f).toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
