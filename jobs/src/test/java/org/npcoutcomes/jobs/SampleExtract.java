package org.npcoutcomes.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.npcoutcomes.text.DelimitedLine;

/** The sample extract read directly in the test, to count what the pipeline should find independently. */
final class SampleExtract {
  static final Path FILE = Path.of("..", "sample-data", "seer_case_listing.csv.gz");

  /** Data lines with their 1-based line numbers (the header is line 1). */
  record Line(long number, String[] fields) {}

  static List<String> header;

  static List<Line> lines() throws IOException {
    List<Line> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(FILE)), StandardCharsets.UTF_8))) {
      header = List.of(DelimitedLine.split(r.readLine(), ','));
      long n = 1;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add(new Line(++n, DelimitedLine.split(line, ',')));
      }
    }
    return out;
  }

  static String get(Line line, String column) {
    return line.fields()[header.indexOf(column)];
  }

  /** The defects the generator writes, recognised from the raw labels, with the reason the pipeline should give. */
  static String defect(Line line) {
    if (line.fields().length != header.size()) {
      return "wrong_field_count";
    }
    if (get(line, "Patient ID").isEmpty()) {
      return "missing_required";
    }
    if (!get(line, "Age recode with single ages and 85+").matches("\\d+\\+? years")) {
      return "unparseable_number";
    }
    if (!List.of("Male", "Female").contains(get(line, "Sex"))) {
      return "value_not_in_dictionary";
    }
    int year = Integer.parseInt(get(line, "Year of diagnosis"));
    if (year < 1973) {
      return "out_of_range";
    }
    String months = get(line, "Survival months");
    if (!months.equals("Unknown") && !months.matches("\\d+")) {
      return "unparseable_number";
    }
    return null;
  }

  /** The default eligibility rules, written against the raw SEER labels: name -> test. */
  static final Map<String, java.util.function.Predicate<Line>> RULES = new java.util.LinkedHashMap<>();

  static {
    RULES.put("nasopharynx", l -> get(l, "Primary Site - labeled").startsWith("C11."));
    RULES.put("histology", l -> List.of("8071", "8072", "8073", "8020", "8021", "8083", "8010", "8070")
        .contains(get(l, "Histologic Type ICD-O-3")));
    RULES.put("malignant", l -> get(l, "Behavior code ICD-O-3").equals("Malignant"));
    RULES.put("not-autopsy-or-dco", l -> !List.of("Autopsy only", "Death certificate only")
        .contains(get(l, "Type of Reporting Source")));
    RULES.put("first-primary", l -> List.of("One primary only", "1st of 2 or more primaries")
        .contains(get(l, "Sequence number")));
    RULES.put("adult", l -> Integer.parseInt(get(l, "Age recode with single ages and 85+").replaceAll("\\D", "")) >= 18);
    RULES.put("diagnosis-years", l -> Integer.parseInt(get(l, "Year of diagnosis")) >= 2010);
    RULES.put("de-novo-m1", l -> {
      int year = Integer.parseInt(get(l, "Year of diagnosis"));
      String m = year <= 2015 ? get(l, "Derived AJCC M, 7th ed (2010-2015)")
          : year <= 2017 ? get(l, "Derived SEER Combined M (2016-2017)") : get(l, "Derived EOD 2018 M (2018+)");
      return List.of("M1", "c1", "p1").contains(m);
    });
    RULES.put("chemotherapy", l -> get(l, "Chemotherapy recode (yes, no/unk)").equals("Yes"));
    RULES.put("radiation-known", l -> List.of("Beam radiation", "None/Unknown").contains(get(l, "Radiation recode")));
    RULES.put("survival-known", l -> get(l, "Survival months").matches("\\d+")
        && Integer.parseInt(get(l, "Survival months")) > 0);
  }
}
