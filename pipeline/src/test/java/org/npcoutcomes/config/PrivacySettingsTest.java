package org.npcoutcomes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacySettingsTest {
  @TempDir
  Path dir;

  private static PrivacySettings read(Map<String, String> overrides) {
    return PipelineSettings.from(ConfigLoader.load(List.of(), overrides)).privacy();
  }

  private static String failingKey(Map<String, String> overrides) {
    return assertThrows(InvalidConfigException.class, () -> read(overrides)).key();
  }

  @Test
  void defaultIsCmsWithCellsBelowEleven() {
    PrivacySettings p = read(Map.of());
    assertEquals("cms", p.policy());
    assertEquals(11, p.minCell());
    assertTrue(p.suppresses());
  }

  @Test
  void uscsTakesItsOwnThresholdUnlessMinCellIsGiven() throws IOException {
    assertEquals(16, read(Map.of("privacy.policy", "uscs")).minCell());
    assertEquals(new PrivacySettings("uscs", 20), read(Map.of("privacy.policy", "uscs", "privacy.min-cell", "20")));
    assertEquals(new PrivacySettings("cms", 5), read(Map.of("privacy.min-cell", "5")));
    // given in a file, even with the default's value, min-cell replaces the policy's
    Path file = dir.resolve("p.conf");
    Files.writeString(file, "privacy { policy = uscs, min-cell = 11 }");
    assertEquals(new PrivacySettings("uscs", 11),
        PipelineSettings.from(ConfigLoader.load(List.of(file), Map.of())).privacy());
  }

  @Test
  void noneWithholdsNothing() {
    PrivacySettings p = read(Map.of("privacy.policy", "none"));
    assertEquals("none", p.policy());
    assertFalse(p.suppresses());
  }

  @Test
  void badValuesNameTheirKey() {
    assertEquals("privacy.policy", failingKey(Map.of("privacy.policy", "hipaa")));
    assertEquals("privacy.min-cell", failingKey(Map.of("privacy.min-cell", "0")));
    assertEquals("privacy.min-cell", failingKey(Map.of("privacy.min-cell", "11.5")));
    assertEquals("privacy.min-cell", failingKey(Map.of("privacy.min-cell", "eleven")));
    assertEquals("privacy.min-cell", failingKey(Map.of("privacy.policy", "none", "privacy.min-cell", "11")));
    assertEquals("privacy.min_cell", assertThrows(InvalidConfigException.class,
        () -> ConfigLoader.load(List.of(), Map.of("privacy.min_cell", "11"))).key());
  }

  @Test
  void thePrivacyBlockIsPartOfTheConfigDigest() {
    assertTrue(PipelineSettings.from(ConfigLoader.load(List.of(), Map.of())).effectiveConfigJson()
        .contains("\"privacy\""));
    assertFalse(PipelineSettings.from(ConfigLoader.load(List.of(), Map.of())).configDigest().equals(
        PipelineSettings.from(ConfigLoader.load(List.of(), Map.of("privacy.policy", "uscs"))).configDigest()));
  }
}
