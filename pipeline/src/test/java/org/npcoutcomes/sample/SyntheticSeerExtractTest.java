package org.npcoutcomes.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.text.DelimitedLine;

class SyntheticSeerExtractTest {
  private static String extract(long rows, long seed) throws IOException {
    StringWriter out = new StringWriter();
    SyntheticSeerExtract.write(out, rows, seed);
    return out.toString();
  }

  @Test
  void sameSeedSameExtractOtherSeedOther() throws IOException {
    assertEquals(extract(2000, 7), extract(2000, 7));
    assertNotEquals(extract(2000, 7), extract(2000, 8));
  }

  @Test
  void headerIsSeerStatVariableNamesAndRowsHaveItsWidth() throws IOException {
    String[] lines = extract(5000, 3).split("\n");
    assertEquals(5001, lines.length);
    List<String> header = List.of(DelimitedLine.split(lines[0], ','));
    assertEquals(SyntheticSeerExtract.HEADER, header);
    assertTrue(header.contains("Race recode (White, Black, Other)"), "a header name with commas, quoted");
    long wellFormed = java.util.Arrays.stream(lines).skip(1)
        .filter(l -> DelimitedLine.split(l, ',').length == header.size()).count();
    assertTrue(wellFormed >= 4990, "only the rare defect rows have another width: " + wellFormed);
  }

  @Test
  void aboutOnePercentAreMetastaticNpcOnChemotherapy() throws IOException {
    String[] lines = extract(50_000, 20260101L).split("\n");
    List<String> header = SyntheticSeerExtract.HEADER;
    int site = header.indexOf("Primary Site - labeled");
    int chemo = header.indexOf("Chemotherapy recode (yes, no/unk)");
    int ajccM = header.indexOf("Derived AJCC M, 7th ed (2010-2015)");
    int eodM = header.indexOf("Derived EOD 2018 M (2018+)");
    int combinedM = header.indexOf("Derived SEER Combined M (2016-2017)");
    long candidates = java.util.Arrays.stream(lines).skip(1).map(l -> DelimitedLine.split(l, ','))
        .filter(f -> f.length == header.size() && f[site].startsWith("C11.") && f[chemo].equals("Yes")
            && (f[ajccM].equals("M1") || f[eodM].equals("M1") || f[combinedM].equals("p1")))
        .count();
    assertTrue(candidates > 400 && candidates < 900, "metastatic NPC on chemotherapy: " + candidates);
  }
}
