package org.npcoutcomes.ingest;

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
  void unclosedQuoteIsReported() {
    assertNull(DelimitedLine.split("a,\"b", ','));
  }

  @Test
  void bomAndCarriageReturnAreDropped() {
    assertEquals("Patient ID,Sex", DelimitedLine.normalise("\uFEFFPatient ID,Sex\r", true));
    assertEquals("\uFEFFx", DelimitedLine.normalise("\uFEFFx", false));
  }
}
