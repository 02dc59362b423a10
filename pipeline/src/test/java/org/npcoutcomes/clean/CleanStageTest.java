package org.npcoutcomes.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.ingest.ExtractReader;
import org.npcoutcomes.ingest.RawExtract;
import org.npcoutcomes.testing.LocalSpark;

/** Dirty extracts through reader and clean stage: every line ends in exactly one place, with its reason. */
class CleanStageTest {
  @TempDir
  static Path dir;
  static String csv;
  static String tsvGz;
  static String latin1;
  static Map<String, Long> linesRead;
  static Map<String, String> outcomes = new TreeMap<>();

  private static String csvLine(String[] fields, char delimiter) {
    return java.util.Arrays.stream(fields)
        .map(f -> f.indexOf(delimiter) >= 0 || f.contains("\"") ? "\"" + f.replace("\"", "\"\"") + "\"" : f)
        .collect(Collectors.joining(String.valueOf(delimiter)));
  }

  @BeforeAll
  static void run() throws IOException {
    List<String> header = RecordCleanerTest.MAPPING.columns();
    // CSV with a byte-order mark and CRLF line endings
    String text = "\uFEFF" + csvLine(header.toArray(new String[0]), ',') + "\r\n"
        + csvLine(RecordCleanerTest.row("Patient ID", "1"), ',') + "\r\n"                    // line 2 clean
        + csvLine(RecordCleanerTest.row("Patient ID", "2", "Median household income inflation adj to 2021",
            "$40,000 - $44,999"), ',') + "\r\n"                                             // line 3 clean, quoted comma
        + "1,2,3\r\n"                                                                       // line 4 wrong field count
        + csvLine(RecordCleanerTest.row("Patient ID", "1"), ',') + "\r\n"                    // line 5 duplicate of line 2
        + "\r\n"                                                                            // line 6 empty line
        + csvLine(RecordCleanerTest.row("Patient ID", "3", "Sex", "Unknown"), ',') + "\r\n"  // line 7 not in dictionary
        + csvLine(RecordCleanerTest.row("Patient ID", "7", "Year of diagnosis", "1899"), ',') + "\r\n" // line 8 out of range
        + csvLine(RecordCleanerTest.row("Patient ID", ""), ',') + "\r\n"                     // line 9 no patient id
        + csvLine(RecordCleanerTest.row("Patient ID", "8", "Primary Site - labeled", "Nasopharynx"), ',')
        + "\r\n"                                                                           // line 10 pattern mismatch
        + "9,\"One primary only\r\n"                                                       // line 11 unclosed quote
        + csvLine(RecordCleanerTest.row("Patient ID", "10"), ',');                         // line 12 clean, no CRLF at end
    csv = dir.resolve("extract.csv").toString();
    Files.writeString(Path.of(csv), text, StandardCharsets.UTF_8);
    // tab-separated, gzip-compressed
    tsvGz = dir.resolve("extract.txt.gz").toString();
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(Path.of(tsvGz)))) {
      String tsv = csvLine(header.toArray(new String[0]), '\t') + "\n"
          + csvLine(RecordCleanerTest.row("Patient ID", "4", "Race recode (White, Black, Other)", "White"), '\t') + "\n"
          + csvLine(RecordCleanerTest.row("Patient ID", "5", "Year of diagnosis", "20x5"), '\t') + "\n";
      out.write(tsv.getBytes(StandardCharsets.UTF_8));
    }
    // Latin-1 bytes where UTF-8 is expected
    latin1 = dir.resolve("latin1.csv").toString();
    String latin = csvLine(header.toArray(new String[0]), ',') + "\n"
        + csvLine(RecordCleanerTest.row("Patient ID", "6", "SEER registry (with CA and GA as whole states)", "Bogot\u00e1"),
            ',') + "\n";
    Files.write(Path.of(latin1), latin.getBytes(StandardCharsets.ISO_8859_1));
    RawExtract raw = new ExtractReader(RecordCleanerTest.MAPPING).read(LocalSpark.session(),
        List.of(csv, tsvGz, latin1));
    CleanStage.CleanOutput out = new CleanStage(RecordCleanerTest.MAPPING).run(raw, dir.resolve("scratch").toString());
    linesRead = raw.linesRead().get();
    for (Row r : out.clean().collectAsList()) {
      String key = r.getAs("source_file") + ":" + r.getAs("line_number");
      assertEquals(null, outcomes.put(key, "clean " + r.getAs("patient_id")), key + " appears twice");
    }
    for (Row r : out.rejects().collectAsList()) {
      String key = r.getAs("source_file") + ":" + r.getAs("line_number");
      assertEquals(null, outcomes.put(key, (String) r.getAs("reason")), key + " appears twice");
    }
  }

  @Test
  void everyLineEndsInExactlyOnePlaceWithItsReason() {
    String[] pairs = {
        csv + ":2", "clean 1", csv + ":3", "clean 2", csv + ":4", "wrong_field_count", csv + ":5", "duplicate_key",
        csv + ":6", "wrong_field_count", csv + ":7", "value_not_in_dictionary", csv + ":8", "out_of_range",
        csv + ":9", "missing_required", csv + ":10", "pattern_mismatch", csv + ":11", "wrong_field_count",
        csv + ":12", "clean 10",
        tsvGz + ":2", "clean 4", tsvGz + ":3", "unparseable_number", latin1 + ":2", "encoding_error"};
    Map<String, String> expected = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      expected.put(pairs[i], pairs[i + 1]);
    }
    assertEquals(expected, outcomes);
  }

  @Test
  void theReaderCountsTheLinesOfEachFileApartFromTheirOutcome() {
    assertEquals(Map.of(csv, 11L, tsvGz, 2L, latin1, 1L), linesRead);
  }
}
