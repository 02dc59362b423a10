package org.npcoutcomes.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RunManifestTest {
  private static RunManifest manifest(String policy, Integer minCell) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new RunManifest("r", "all", "succeeded", t, t, "digest", 1L, null, null, "v", "4.0.1", List.of(),
        List.of(new MartCount("attrition", "attrition", 13)), "{}", policy, minCell, "out/r/restricted");
  }

  @Test
  void recordsThePrivacyPolicyAndThreshold() {
    Row row = manifest("uscs", 16).toRow();
    int policy = RunManifest.SCHEMA.fieldIndex("privacy_policy");
    int minCell = RunManifest.SCHEMA.fieldIndex("min_cell");
    assertEquals(RunManifest.SCHEMA.size(), row.size());
    assertEquals("uscs", row.get(policy));
    assertEquals(16, row.get(minCell));
    assertTrue(RunManifest.SCHEMA.fields()[minCell].nullable());
    Row none = manifest("none", null).toRow();
    assertEquals("none", none.get(policy));
    assertTrue(none.isNullAt(minCell), "no threshold without suppression");
  }
}
