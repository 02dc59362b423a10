package org.npcoutcomes.sample;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layouts the sample generator writes: the same synthetic records as a labeled SEER*Stat listing, a
 * coded one, or an NCDB PUF extract. Codes follow the SEER*Stat and NCDB PUF data dictionaries, written
 * here apart from the mapping files in conf/sources/, so tests that read all three check one against
 * the other. A value a layout has no code for (a deliberately defective one) is written as it is.
 */
public enum ExtractFormat {
  SEER_LABELED(SyntheticSeerExtract.HEADER),
  SEER_CODED(SyntheticSeerExtract.HEADER),
  NCDB(List.of("PUF_CASE_ID", "SEQUENCE_NUMBER", "SEX", "AGE", "RACE", "YEAR_OF_DIAGNOSIS", "PRIMARY_SITE",
      "HISTOLOGY", "BEHAVIOR", "TNM_CLIN_T", "TNM_CLIN_N", "TNM_CLIN_M", "CS_METS_DX_BONE", "CS_METS_DX_BRAIN",
      "CS_METS_DX_LIVER", "CS_METS_DX_LUNG", "METS_AT_DX_BONE", "METS_AT_DX_BRAIN", "METS_AT_DX_LIVER",
      "METS_AT_DX_LUNG", "METS_AT_DX_DISTANT_LN", "RX_SUMM_RADIATION", "RX_SUMM_CHEMO", "RX_SUMM_SURG_PRIM_SITE",
      "DX_LASTCONTACT_DEATH_MONTHS", "PUF_VITAL_STATUS", "MED_INC_QUAR_2016", "UR_CD_13"));

  private static final String BLANK = "Blank(s)";
  private static final Pattern SITE = Pattern.compile("^C(\\d\\d)\\.(\\d)");
  private static final Pattern AGE = Pattern.compile("^(\\d+)\\+? years$");
  private static final Map<String, String> METS = Map.of("Yes", "1", "No", "0", "Unknown", "9",
      "Not applicable", "8");
  private static final Map<String, String> SEQUENCE = Map.of("One primary only", "00",
      "1st of 2 or more primaries", "01", "2nd of 2 or more primaries", "02");
  private static final Map<String, String> SEX = Map.of("Male", "1", "Female", "2");
  private static final Map<String, String> BEHAVIOR = Map.of("Benign", "0", "Borderline malignancy", "1",
      "In situ", "2", "Malignant", "3");
  private static final Map<String, String> CHEMO = Map.of("Yes", "1", "No/Unknown", "0");
  private static final Map<String, String> RADIATION = Map.of("None/Unknown", "0", "Beam radiation", "1",
      "Radioactive implants (includes brachytherapy) (1988+)", "2", "Radioisotopes (1988+)", "3",
      "Combination of beam with implants or isotopes", "4", "Radiation, NOS  method or source not specified", "5",
      "Refused (1988+)", "7", "Recommended, unknown if administered", "8");
  private static final Map<String, String> RURAL = Map.of(
      "Counties in metropolitan areas ge 1 million pop", "1",
      "Counties in metropolitan areas of 250,000 to 1 million pop", "2",
      "Counties in metropolitan areas of lt 250 thousand pop", "3",
      "Nonmetropolitan counties adjacent to a metropolitan area", "4",
      "Nonmetropolitan counties not adjacent to a metropolitan area", "5");
  /** SEER*Stat's codes also cover the unknown labels, which NCDB leaves blank. */
  private static final Map<String, String> RURAL_CODED = withUnknown(RURAL,
      List.of("Unknown/missing/no match/Not 1990-2021", "Unknown/missing/no match (Alaska or Hawaii - Entire State)"));
  private static final Map<String, String> INCOME = Map.of("< $40,000", "1", "$40,000 - $44,999", "2",
      "$45,000 - $49,999", "3", "$50,000 - $54,999", "4", "$55,000 - $59,999", "5", "$60,000 - $64,999", "6",
      "$65,000 - $69,999", "7", "$70,000 - $74,999", "8", "$75,000+", "9",
      "Unknown/missing/no match/Not 1990-2021", "99");
  /** Column -> label -> SEER*Stat code, for the coded listing. */
  private static final Map<String, Map<String, String>> SEER_CODES = Map.ofEntries(
      Map.entry("Sequence number", SEQUENCE),
      Map.entry("First malignant primary indicator", Map.of("Yes", "1", "No", "0")),
      Map.entry("Sex", SEX),
      Map.entry("Race recode (White, Black, Other)", Map.of("White", "1", "Black", "2",
          "Other (American Indian/AK Native, Asian/Pacific Islander)", "3", "Unknown", "9")),
      Map.entry("Behavior code ICD-O-3", BEHAVIOR),
      Map.entry("Type of Reporting Source", Map.of("Hospital inpatient/outpatient or clinic", "1",
          "Radiation treatment or medical oncology center (2006+)", "2", "Laboratory only (hospital or private)", "3",
          "Physicians office/private medical practitioner (LMD)", "4", "Nursing/convalescent home/hospice", "5",
          "Autopsy only", "6", "Death certificate only", "7",
          "Other hospital outpatient unit or surgery center (2006+)", "8")),
      Map.entry("SEER Combined Mets at DX-bone (2010+)", METS),
      Map.entry("SEER Combined Mets at DX-brain (2010+)", METS),
      Map.entry("SEER Combined Mets at DX-liver (2010+)", METS),
      Map.entry("SEER Combined Mets at DX-lung (2010+)", METS),
      Map.entry("Mets at DX-Distant LN (2016+)", METS),
      Map.entry("Radiation recode", RADIATION),
      Map.entry("Chemotherapy recode (yes, no/unk)", CHEMO),
      Map.entry("Survival months flag", Map.of(
          "Complete dates are available and there are 0 days of survival", "0",
          "Complete dates are available and there are more than 0 days of survival", "1",
          "Incomplete dates are available and there could be zero days of follow-up", "2",
          "Incomplete dates are available and there cannot be zero days of follow-up", "3",
          "Not calculated because a Death Certificate Only or Autopsy Only case", "8")),
      Map.entry("Vital status recode (study cutoff used)", Map.of("Alive", "1", "Dead", "4")),
      Map.entry("SEER cause-specific death classification", Map.of("Alive or dead of other cause", "0",
          "Dead (attributable to this cancer dx)", "1", "Dead (missing/unknown COD)", "8", "N/A not first tumor", "9")),
      Map.entry("SEER other cause of death classification", Map.of("Alive or dead due to cancer", "0",
          "Dead (attributable to causes other than this cancer dx)", "1", "Dead (missing/unknown COD)", "8",
          "N/A not first tumor", "9")),
      Map.entry("Marital status at diagnosis", Map.of("Single (never married)", "1",
          "Married (including common law)", "2", "Separated", "3", "Divorced", "4", "Widowed", "5",
          "Unmarried or Domestic Partner", "6", "Unknown", "9")),
      Map.entry("Median household income inflation adj to 2021", INCOME),
      Map.entry("Rural-Urban Continuum Code", RURAL_CODED));

  private final List<String> header;

  private static Map<String, String> withUnknown(Map<String, String> codes, List<String> unknownLabels) {
    Map<String, String> out = new java.util.HashMap<>(codes);
    unknownLabels.forEach(label -> out.put(label, "99"));
    return Map.copyOf(out);
  }

  ExtractFormat(List<String> header) {
    this.header = header;
  }

  public List<String> header() {
    return header;
  }

  /** A labeled record (in {@link SyntheticSeerExtract#HEADER} order) in this layout. */
  public String[] write(String[] labeled) {
    return switch (this) {
      case SEER_LABELED -> labeled;
      case SEER_CODED -> coded(labeled);
      case NCDB -> labeled.length == SyntheticSeerExtract.HEADER.size() ? ncdb(labeled)
          // A defective record with a field missing stays one field short.
          : java.util.Arrays.copyOf(ncdb(java.util.Arrays.copyOf(labeled, SyntheticSeerExtract.HEADER.size())),
              header.size() - 1);
    };
  }

  private static String label(String[] labeled, String column) {
    String v = labeled[SyntheticSeerExtract.HEADER.indexOf(column)];
    return v == null ? "" : v;
  }

  private static String code(Map<String, String> table, String label) {
    return table.getOrDefault(label, label);
  }

  private static String[] coded(String[] labeled) {
    String[] out = new String[labeled.length];
    for (int i = 0; i < labeled.length; i++) {
      String column = SyntheticSeerExtract.HEADER.get(i);
      String v = labeled[i];
      Map<String, String> table = SEER_CODES.get(column);
      if (table != null) {
        out[i] = BLANK.equals(v) ? "" : code(table, v);
      } else if (column.startsWith("Derived AJCC")) {
        // 7th edition derived T/N/M codes: T3 -> 30, N0 -> 00, M1 -> 10, TX -> 99.
        out[i] = BLANK.equals(v) ? "" : v.matches("[TNM]X") ? "99" : v.matches("[TNM]\\d") ? v.charAt(1) + "0" : v;
      } else if (column.equals("Age recode with single ages and 85+")) {
        Matcher m = AGE.matcher(v);
        out[i] = m.matches() ? m.group(1) : v;
      } else if (column.equals("Primary Site - labeled")) {
        Matcher m = SITE.matcher(v);
        out[i] = m.find() ? m.group(1) + m.group(2) : v;
      } else if (column.equals("Survival months")) {
        out[i] = "Unknown".equals(v) ? "9999" : v;
      } else {
        out[i] = BLANK.equals(v) ? "" : v;
      }
    }
    return out;
  }

  private static String[] ncdb(String[] labeled) {
    String year = label(labeled, "Year of diagnosis");
    int y = year.matches("\\d{4}") ? Integer.parseInt(year) : 0;
    Matcher age = AGE.matcher(label(labeled, "Age recode with single ages and 85+"));
    Matcher site = SITE.matcher(label(labeled, "Primary Site - labeled"));
    String months = label(labeled, "Survival months");
    String race = label(labeled, "Race recode (White, Black, Other)");
    String[] stage = new String[3];
    String[][] systems = {{"Derived AJCC T, 7th ed (2010-2015)", "Derived AJCC N, 7th ed (2010-2015)",
        "Derived AJCC M, 7th ed (2010-2015)"}, {"Derived SEER Combined T (2016-2017)",
        "Derived SEER Combined N (2016-2017)", "Derived SEER Combined M (2016-2017)"}, {"Derived EOD 2018 T (2018+)",
        "Derived EOD 2018 N (2018+)", "Derived EOD 2018 M (2018+)"}};
    int system = y >= 2018 ? 2 : y >= 2016 ? 1 : y >= 2010 ? 0 : -1;
    for (int axis = 0; axis < 3; axis++) {
      String v = system < 0 ? BLANK : label(labeled, systems[system][axis]);
      // NCDB writes the stage without its axis letter: T3 -> 3, T2a -> 2a, c4 stays c4; 88 = not applicable.
      stage[axis] = BLANK.equals(v) ? "88" : v.replaceFirst("^[TNM]", "");
    }
    boolean collaborative = y >= 2010 && y <= 2015;
    boolean ssdi = y >= 2016;
    String[] mets = {"bone", "brain", "liver", "lung"};
    String[] cs = new String[4];
    String[] current = new String[4];
    for (int m = 0; m < 4; m++) {
      String v = code(METS, label(labeled, "SEER Combined Mets at DX-" + mets[m] + " (2010+)"));
      cs[m] = collaborative && !BLANK.equals(v) ? v : "";
      current[m] = ssdi && !BLANK.equals(v) ? v : "";
    }
    String distant = code(METS, label(labeled, "Mets at DX-Distant LN (2016+)"));
    String radiation = label(labeled, "Radiation recode");
    String rural = label(labeled, "Rural-Urban Continuum Code");
    return new String[] {
        label(labeled, "Patient ID"),
        code(SEQUENCE, label(labeled, "Sequence number")),
        code(SEX, label(labeled, "Sex")),
        age.matches() ? String.format("%03d", Integer.parseInt(age.group(1))) : label(labeled,
            "Age recode with single ages and 85+"),
        switch (race) {
          case "White" -> "01";
          case "Black" -> "02";
          case "Unknown" -> "99";
          default -> "04";
        },
        year,
        site.find() ? "C" + site.group(1) + site.group(2) : label(labeled, "Primary Site - labeled"),
        label(labeled, "Histologic Type ICD-O-3"),
        code(BEHAVIOR, label(labeled, "Behavior code ICD-O-3")),
        stage[0], stage[1], stage[2],
        cs[0], cs[1], cs[2], cs[3], current[0], current[1], current[2], current[3],
        ssdi && !BLANK.equals(distant) ? distant : "",
        // NCDB has no "refused" or "recommended" radiation code: those are unknown (9).
        RADIATION.containsKey(radiation) && Integer.parseInt(RADIATION.get(radiation)) <= 5
            ? RADIATION.get(radiation) : "9",
        "Yes".equals(label(labeled, "Chemotherapy recode (yes, no/unk)")) ? "03" : "00",
        label(labeled, "RX Summ--Surg Prim Site (1998+)"),
        // Decimal months, as NCDB gives them.
        "Unknown".equals(months) ? "" : months.matches("\\d+") ? Integer.parseInt(months) + ".40" : months,
        "Dead".equals(label(labeled, "Vital status recode (study cutoff used)")) ? "0" : "1",
        "",
        RURAL.getOrDefault(rural, "")};
  }
}
