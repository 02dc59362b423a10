package org.npcoutcomes.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DelimitedLineTest {
  @Test
  void quotedFieldsKeepDelimitersAndDoubledQuotes() {
    assertArrayEquals(new String[] {"a", "$40,000 - $44,999", "say \"hi\"", ""},
        DelimitedLine.split("a,\"$40,000 - $44,999\",\"say \"\"hi\"\"\",", ','));
  }

  @Test
  void tabs() {
    assertArrayEquals(new String[] {"x,y", "z"}, DelimitedLine.split("x,y\tz", '\t'));
  }

  @Test
  void quotesAnywhereReadAsSpreadsheetToolsDo() {
    assertArrayEquals(new String[] {"abc", "a,bc", "x\"y", "", ""}, DelimitedLine.split("ab\"c\",\"a,b\"c,x\"\"\"y\",,", ','));
  }

  @Test
  void fastSplitAgreesWithCharacterByCharacterReading() {
    java.util.Random random = new java.util.Random(7);
    char[] alphabet = {'a', 'b', ',', '"', ' ', '\t'};
    for (int k = 0; k < 20_000; k++) {
      StringBuilder line = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        line.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String s = line.toString();
      assertArrayEquals(DelimitedLine.splitSlowly(s, ',', new java.util.ArrayList<>(), 0), DelimitedLine.split(s, ','),
          s);
    }
  }

  @Test
  void unclosedQuoteIsReported() {
    assertNull(DelimitedLine.split("a,\"b", ','));
  }

  @Test
  void bomAndCarriageReturnAreDropped() {
    assertEquals("Patient ID,Sex", DelimitedLine.normalise("\uFEFFPatient ID,Sex\r", true));
    assertEquals("\uFEFFx", DelimitedLine.normalise("\uFEFFx", false));
  }
}
