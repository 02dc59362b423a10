package org.npcoutcomes.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.text.DelimitedLine;

/** Fields cut from bytes are the fields DelimitedLine reads from the text, for any line. */
class FieldSlicesTest {
  private static String[] fields(FieldSlices s) {
    String[] out = new String[s.count()];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.text(i);
    }
    return out;
  }

  @Test
  void bytesAndTextGiveTheSameFields() {
    Random random = new Random(11);
    String[] alphabet = {"a", "b", ",", "\"", " ", "\t", "\u00e9", "\u4e2d"};
    FieldSlices slices = new FieldSlices();
    for (int k = 0; k < 20_000; k++) {
      StringBuilder line = new StringBuilder();
      int length = random.nextInt(k % 2 == 0 ? 12 : 40);
      for (int i = 0; i < length; i++) {
        line.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String s = line.toString();
      byte[] padded = ("xx" + s + "yy").getBytes(StandardCharsets.UTF_8);
      int offset = 2;
      int len = s.getBytes(StandardCharsets.UTF_8).length;
      String[] want = DelimitedLine.split(s, ',');
      boolean ok = slices.split(padded, offset, len, ',');
      if (want == null) {
        assertFalse(ok, s);
      } else {
        assertArrayEquals(want, fields(slices), s);
      }
    }
  }
}
