package org.npcoutcomes.stats;

import static org.npcoutcomes.testing.OracleFixture.assertClose;
import static org.npcoutcomes.testing.OracleFixture.at;
import static org.npcoutcomes.testing.OracleFixture.number;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.OracleFixture;

/**
 * Concordance against survival::concordance (survival 3.5-3) on random data with heavy ties, fractional
 * weights and strata, to a relative 1e-6. Fixture: fixtures/concordance, written by
 * core/src/test/r/concordance.R.
 */
class ConcordanceIndexOracleTest {
  @ParameterizedTest
  @ValueSource(strings = {"plain", "weighted", "stratified", "weighted_stratified"})
  void matchesR(String variant) {
    CsvTable data = CsvTable.load("/fixtures/concordance/tied_weighted.csv");
    JsonNode r = at(OracleFixture.load("/fixtures/concordance/tied_weighted.json"), variant);
    double[] status = data.doubles("status");
    boolean[] event = new boolean[status.length];
    for (int i = 0; i < event.length; i++) {
      event[i] = status[i] == 1;
    }
    double[] g = data.doubles("g");
    int[] stratum = new int[g.length];
    for (int i = 0; i < g.length; i++) {
      stratum[i] = (int) g[i];
    }
    ConcordanceIndex.Result ours = ConcordanceIndex.of(data.doubles("time"), event, data.doubles("x"),
        variant.startsWith("weighted") ? data.doubles("w") : null, variant.endsWith("stratified") ? stratum : null);
    JsonNode counts = r.get("counts");
    assertClose(number(r.get("C")), ours.concordance(), variant + " C");
    assertClose(number(r.get("se")), ours.stdErr(), variant + " se");
    assertClose(number(counts.get("concordant")), ours.concordant(), variant + " concordant");
    assertClose(number(counts.get("discordant")), ours.discordant(), variant + " discordant");
    assertClose(number(counts.get("tied.x")), ours.tiedRisk(), variant + " tied on x");
    // our pairs tied on time include those also tied on x, which R reports apart
    assertClose(number(counts.get("tied.y")) + number(counts.get("tied.xy")), ours.tiedTime(), variant + " tied on y");
  }
}
