package org.npcoutcomes.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.ingest.ExtractReader;
import org.npcoutcomes.ingest.SourceMapping;
import org.npcoutcomes.sample.ExtractFormat;
import org.npcoutcomes.sample.SyntheticSeerExtract;
import org.npcoutcomes.testing.LocalSpark;

/**
 * The sample generator's records written as a labeled SEER*Stat listing, a coded one and an NCDB extract
 * (codes from the generator's own tables) are read by the three mapping files into the same canonical
 * records, line by line, for every field the layout carries.
 */
class ExtractFormatsTest {
  private static final int ROWS = 4000;
  @TempDir
  static Path dir;
  static Cleaned labeled;
  static Cleaned coded;
  static Cleaned ncdb;

  record Cleaned(Map<Long, Row> clean, Set<Long> rejected) {}

  @BeforeAll
  static void read() throws IOException {
    labeled = clean(ExtractFormat.SEER_LABELED, "seer-labeled.conf");
    coded = clean(ExtractFormat.SEER_CODED, "seer-coded.conf");
    ncdb = clean(ExtractFormat.NCDB, "ncdb-puf.conf");
  }

  private static Cleaned clean(ExtractFormat format, String mapping) throws IOException {
    Path file = dir.resolve(format.name() + ".csv");
    SyntheticSeerExtract.write(file, ROWS, 5, format);
    SourceMapping m = SourceMapping.load(Path.of("..", "conf", "sources", mapping));
    CleanStage.CleanOutput out = new CleanStage(m).run(
        new ExtractReader(m).read(LocalSpark.session(), List.of(file.toString())),
        dir.resolve("work-" + format.name()).toString());
    Map<Long, Row> clean = new HashMap<>();
    out.clean().collectAsList().forEach(r -> clean.put(r.getAs("line_number"), r));
    Set<Long> rejected = new TreeSet<>();
    out.rejects().collectAsList().forEach(r -> rejected.add(r.getAs("line_number")));
    assertEquals(ROWS, clean.size() + rejected.size(), format.name());
    return new Cleaned(clean, rejected);
  }

  @Test
  void codedListingGivesTheLabeledRecordsAndRejectsTheSameLines() {
    assertEquals(labeled.rejected(), coded.rejected());
    List<String> keptAsCodes = List.of("source_file", "registry", "site_recode", "income");
    labeled.clean().forEach((line, want) -> {
      Row got = coded.clean().get(line);
      for (String f : CanonicalSchema.SCHEMA.fieldNames()) {
        if (!keptAsCodes.contains(f)) {
          assertEquals((Object) want.getAs(f), got.getAs(f), "line " + line + " " + f);
        }
      }
    });
  }

  @Test
  void ncdbGivesTheLabeledRecordsForWhatItCarries() {
    List<String> shared = List.of("patient_id", "sequence_number", "sex", "age", "race", "year_of_diagnosis",
        "primary_site", "histology", "behavior", "t_stage", "n_stage", "m_stage", "mets_bone", "mets_brain",
        "mets_liver", "mets_lung", "mets_distant_ln", "chemotherapy", "surgery", "survival_months",
        "vital_status", "rurality");
    int compared = 0;
    for (Map.Entry<Long, Row> e : labeled.clean().entrySet()) {
      Row got = ncdb.clean().get(e.getKey());
      if (got == null) {
        continue;
      }
      compared++;
      Row want = e.getValue();
      for (String f : shared) {
        assertEquals((Object) want.getAs(f), got.getAs(f), "line " + e.getKey() + " " + f);
      }
      String radiation = want.getAs("radiation");
      if (!List.of("refused", "recommended_unknown").contains(radiation)) {
        assertEquals(radiation, got.getAs("radiation"), "line " + e.getKey() + " radiation");
      }
    }
    assertTrue(compared > 0.99 * ROWS, compared + " lines clean in both");
  }
}
