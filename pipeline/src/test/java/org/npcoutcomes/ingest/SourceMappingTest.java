package org.npcoutcomes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.npcoutcomes.config.InvalidConfigException;

/** A mapping file's mistakes are reported with the file and key, before any data is read. */
class SourceMappingTest {
  private static final String BASE = "format { delimiter = \",\", missing = [\"\"] }\n"
      + "staging { pattern = \"([0-4])\", systems = [] }\n";

  private static String error(String fields) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> SourceMapping.fromConfig(ConfigFactory.parseString(BASE + "fields { " + fields + " }"), "m.conf"));
    return e.getMessage();
  }

  @Test
  void overlappingYearRangesAreRefused() {
    String m = error("patient_id { column = id, type = string }, year_of_diagnosis { column = y, type = integer },"
        + " mets_bone { type = string, by-year = [{ from = 2010, to = 2016, column = a }, { from = 2016, column = b }] }");
    assertTrue(m.contains("m.conf") && m.contains("fields.mets_bone.by-year") && m.contains("overlap"), m);
  }

  @Test
  void yearDependentColumnsNeedTheYear() {
    String m = error("patient_id { column = id, type = string },"
        + " mets_bone { type = string, by-year = [{ from = 2010, column = a }] }");
    assertTrue(m.contains("needs year_of_diagnosis"), m);
  }

  @Test
  void aTemplateMayOnlyUseGroupsThePatternHas() {
    String m = error("patient_id { column = id, type = string, pattern = \"^(\\\\d)$\", template = \"C$2\" }");
    assertTrue(m.contains("fields.patient_id.template") && m.contains("group 2"), m);
  }

  @Test
  void numericCodesIgnoreZeroPadding() {
    SourceMapping m = SourceMapping.fromConfig(ConfigFactory.parseString(
        "format { delimiter = \",\", missing = [\"\"], numeric-codes = true }\n"
            + "staging { pattern = \"([0-4])\", systems = [] }\nfields { patient_id { column = id, type = string } }"),
        "m.conf");
    assertEquals("7", m.codeKey("007"));
    assertEquals("0", m.codeKey("00"));
    assertEquals("07a", m.codeKey("07a"));
  }
}
