package org.npcoutcomes.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic SEER*Stat-style case listing (labeled values, CSV with a header of SEER*Stat variable
 * names): all cancer sites, with de novo metastatic nasopharyngeal carcinoma patients whose survival
 * follows known hazards (CHT+RT vs CHT hazard ratio {@value #TRUE_HAZARD_RATIO}), near-miss NPC records
 * that each fail one eligibility rule, and a few defective rows. Deterministic for a seed; streams, so
 * any number of rows fits in little memory. Nothing in it is real patient data.
 *
 * <p>Usage: {@code SyntheticSeerExtract --rows N --seed S --out FILE[.gz] [--format seer-labeled|seer-coded|ncdb]};
 * the formats hold the same records ({@link ExtractFormat}).
 */
public final class SyntheticSeerExtract {
  /** True hazard ratio of CHT+RT vs CHT built into the metastatic NPC patients. */
  public static final double TRUE_HAZARD_RATIO = 0.6;
  /** Share of rows that are eligible de novo metastatic NPC candidates. */
  static final double ELIGIBLE_SHARE = 0.011;
  static final double NEAR_MISS_SHARE = 0.004;
  static final double DEFECT_SHARE = 0.0005;
  static final int CUTOFF_YEAR = 2021;

  static final List<String> HEADER = List.of("Patient ID", "Sequence number", "First malignant primary indicator",
      "SEER registry (with CA and GA as whole states)", "Sex", "Age recode with single ages and 85+",
      "Race recode (White, Black, Other)", "Year of diagnosis", "Site recode ICD-O-3/WHO 2008",
      "Primary Site - labeled", "Histologic Type ICD-O-3", "Behavior code ICD-O-3", "Type of Reporting Source",
      "Derived AJCC T, 7th ed (2010-2015)", "Derived AJCC N, 7th ed (2010-2015)", "Derived AJCC M, 7th ed (2010-2015)",
      "Derived SEER Combined T (2016-2017)", "Derived SEER Combined N (2016-2017)",
      "Derived SEER Combined M (2016-2017)", "Derived EOD 2018 T (2018+)", "Derived EOD 2018 N (2018+)",
      "Derived EOD 2018 M (2018+)", "SEER Combined Mets at DX-bone (2010+)", "SEER Combined Mets at DX-brain (2010+)",
      "SEER Combined Mets at DX-liver (2010+)", "SEER Combined Mets at DX-lung (2010+)",
      "Mets at DX-Distant LN (2016+)", "Radiation recode", "Chemotherapy recode (yes, no/unk)",
      "RX Summ--Surg Prim Site (1998+)", "Survival months", "Survival months flag",
      "Vital status recode (study cutoff used)", "SEER cause-specific death classification",
      "SEER other cause of death classification", "Marital status at diagnosis",
      "Median household income inflation adj to 2021", "Rural-Urban Continuum Code");

  private SyntheticSeerExtract() {}

  public static void main(String[] args) throws IOException {
    long rows = -1;
    long seed = 20260101L;
    Path out = null;
    ExtractFormat format = ExtractFormat.SEER_LABELED;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        case "--format" -> format = format(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (rows < 0 || out == null || args.length % 2 != 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    write(out, rows, seed, format);
  }

  private static final String USAGE =
      "usage: SyntheticSeerExtract --rows N --seed S --out FILE[.gz] [--format seer-labeled|seer-coded|ncdb]";

  private static ExtractFormat format(String name) {
    return switch (name) {
      case "seer-labeled" -> ExtractFormat.SEER_LABELED;
      case "seer-coded" -> ExtractFormat.SEER_CODED;
      case "ncdb" -> ExtractFormat.NCDB;
      default -> throw new IllegalArgumentException("unknown format " + name + "; " + USAGE);
    };
  }

  public static void write(Path out, long rows, long seed) throws IOException {
    write(out, rows, seed, ExtractFormat.SEER_LABELED);
  }

  /** The same records as {@link #write(Path, long, long)}, in another layout. */
  public static void write(Path out, long rows, long seed, ExtractFormat format) throws IOException {
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    try (OutputStream file = Files.newOutputStream(out);
        OutputStream stream = out.toString().endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16) : file;
        Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
      write(writer, rows, seed, format);
    }
  }

  public static void write(Writer writer, long rows, long seed) throws IOException {
    write(writer, rows, seed, ExtractFormat.SEER_LABELED);
  }

  public static void write(Writer writer, long rows, long seed, ExtractFormat format) throws IOException {
    writeLine(writer, format.header().toArray(new String[0]));
    SplittableRandom random = new SplittableRandom(seed);
    RecordFactory factory = new RecordFactory();
    for (long i = 0; i < rows; i++) {
      String id = String.format("%08d", 10_000_000L + i);
      double u = random.nextDouble();
      String[] record;
      if (u < ELIGIBLE_SHARE) {
        record = factory.metastaticNpc(id, random);
      } else if (u < ELIGIBLE_SHARE + NEAR_MISS_SHARE) {
        record = factory.nearMiss(id, random);
      } else {
        record = factory.otherTumour(id, random);
      }
      if (random.nextDouble() < DEFECT_SHARE) {
        record = factory.defect(record, random);
      }
      writeLine(writer, format.write(record));
    }
  }

  static void writeLine(Writer writer, String[] fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        writer.write(',');
      }
      String f = fields[i];
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0) {
        writer.write('"');
        writer.write(f.replace("\"", "\"\""));
        writer.write('"');
      } else {
        writer.write(f);
      }
    }
    writer.write('\n');
  }
}
