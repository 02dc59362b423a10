package org.npcoutcomes.plan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PipelineSettings;

/**
 * A "categorical" column with more distinct values than a category can have is found however the rows are
 * split into partitions (the bound holds after merging, not only within each part), and stops the run
 * naming the column rather than coding the levels past the bound as the reference.
 */
class CohortProfileTest {
  private static final AnalysisSpec SPEC = PipelineSettings.from(ConfigLoader.load(List.of(), Map.ofEntries(
      Map.entry("analyze.time", "t"), Map.entry("analyze.status.column", "d"),
      Map.entry("analyze.treatment.column", "arm"), Map.entry("analyze.treatment.reference", "A"),
      Map.entry("analyze.treatment.treated", "B"),
      Map.entry("analyze.covariates.categorical", "[\"code\"]")))).analyze();

  private static CohortProfile part(int from, int to) {
    CohortProfile p = new CohortProfile(SPEC);
    for (int i = from; i < to; i++) {
      p.add(new CohortRecord("A", new Double[] {1.0}, new String[] {"1"}, new String[] {"c" + i}, new Double[0],
          new String[0], new String[0], null), List.of());
    }
    return p;
  }

  @Test
  void tooManyLevelsAcrossPartitionsStopTheRun() {
    CohortProfile merged = part(0, 6000).merge(part(6000, 12000));
    InvalidConfigException e = assertThrows(InvalidConfigException.class, merged::requireCategories);
    assertTrue(e.getMessage().contains("'code'"), e.getMessage());
    assertDoesNotThrow(() -> part(0, 3000).merge(part(3000, 6000)).requireCategories());
  }
}
