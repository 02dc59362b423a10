package org.npcoutcomes.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.npcoutcomes.ingest.FieldRule;
import org.npcoutcomes.ingest.SourceMapping;

/**
 * The canonical values of each categorical text field a mapping fills from a dictionary, numbered. The
 * clean stage stores such a field as its number: Parquet writes a small integer several times faster
 * than a string, and these fields are most of the record. Readers of the clean data get the text back
 * through {@link #decode}; the book is kept with the data, so a later change of the mapping cannot
 * misread it.
 */
public final class CodeBook implements Serializable {
  private final Map<String, List<String>> values;
  private final Map<String, Map<String, Integer>> numbers = new HashMap<>();

  private CodeBook(Map<String, List<String>> values) {
    this.values = values;
    values.forEach((field, list) -> {
      Map<String, Integer> n = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        n.put(list.get(i), i);
      }
      numbers.put(field, n);
    });
  }

  /** Every code field of the mapping whose canonical values are text, and the staging system. */
  public static CodeBook of(SourceMapping mapping) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (FieldRule rule : mapping.fields()) {
      boolean text = CanonicalSchema.SCHEMA.apply(rule.field()).dataType().equals(DataTypes.StringType);
      if (rule.kind() == FieldRule.Kind.CODE && text
          && rule.values().values().stream().allMatch(v -> v instanceof String)) {
        values.put(rule.field(), new ArrayList<>(new TreeSet<>(rule.values().values().stream()
            .map(String::valueOf).toList())));
      }
    }
    values.put(CanonicalSchema.STAGING_SYSTEM, new ArrayList<>(new TreeSet<>(mapping.stagingSystems().stream()
        .map(org.npcoutcomes.ingest.StagingSystem::name).toList())));
    return new CodeBook(values);
  }

  public boolean coded(String field) {
    return values.containsKey(field);
  }

  /** The number of a canonical value of a coded field. */
  public int number(String field, String value) {
    Integer n = numbers.get(field).get(value);
    if (n == null) {
      throw new IllegalArgumentException(value + " is not a value of " + field);
    }
    return n;
  }

  /** The canonical schema with coded fields as integers: how the clean stage stores records. */
  public StructType storedSchema(StructType schema) {
    List<StructField> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      out.add(coded(f.name()) ? DataTypes.createStructField(f.name(), DataTypes.IntegerType, f.nullable()) : f);
    }
    return DataTypes.createStructType(out);
  }

  /** The stored column of a field as canonical text (a number becomes its value; null stays null). */
  public Column decode(String field) {
    if (!coded(field)) {
      return col(field);
    }
    return element_at(lit(values.get(field).toArray(new String[0])), col(field).plus(lit(1))).as(field);
  }

  /** Keeps the book as JSON at {@code file}. */
  public void write(Configuration conf, String file) {
    Path path = new Path(file);
    String json = ConfigValueFactory.fromMap(values).render(ConfigRenderOptions.concise());
    try (OutputStream out = path.getFileSystem(conf).create(path, true)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The book {@link #write} kept. */
  public static CodeBook read(Configuration conf, String file) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (InputStream in = fs.open(path)) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        ConfigFactory.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).root().forEach(
            (field, list) -> values.put(field, ((List<?>) list.unwrapped()).stream().map(String::valueOf).toList()));
        return new CodeBook(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (the clean stage's code book)", e);
    }
  }
}
