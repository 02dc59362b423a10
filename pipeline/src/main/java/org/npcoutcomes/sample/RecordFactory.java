package org.npcoutcomes.sample;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Builds one synthetic case-listing row (labeled values, in {@link SyntheticSeerExtract#HEADER} order). */
final class RecordFactory {
  private static final int COLUMNS = SyntheticSeerExtract.HEADER.size();
  private static final int ID = 0;
  private static final int SEQUENCE = 1;
  private static final int FIRST = 2;
  private static final int REGISTRY = 3;
  private static final int SEX = 4;
  private static final int AGE = 5;
  private static final int RACE = 6;
  private static final int YEAR = 7;
  private static final int SITE_RECODE = 8;
  private static final int SITE = 9;
  private static final int HISTOLOGY = 10;
  private static final int BEHAVIOR = 11;
  private static final int SOURCE = 12;
  private static final int AJCC = 13;
  private static final int SEER_COMBINED = 16;
  private static final int EOD = 19;
  private static final int BONE = 22;
  private static final int BRAIN = 23;
  private static final int LIVER = 24;
  private static final int LUNG = 25;
  private static final int DISTANT_LN = 26;
  private static final int RADIATION = 27;
  private static final int CHEMO = 28;
  private static final int SURGERY = 29;
  private static final int MONTHS = 30;
  private static final int FLAG = 31;
  private static final int VITAL = 32;
  private static final int CAUSE_SPECIFIC = 33;
  private static final int OTHER_CAUSE = 34;
  private static final int MARITAL = 35;
  private static final int INCOME = 36;
  private static final int RURAL = 37;

  private static final String BLANK = "Blank(s)";
  private static final String[] REGISTRIES = {"California", "Georgia", "Hawaii", "Utah", "Iowa", "New Mexico",
      "Seattle (Puget Sound)", "Connecticut", "Kentucky", "Louisiana", "New Jersey", "Detroit (Metropolitan)"};
  private static final String[] NPC_SITES = {"C11.0-Superior wall of nasopharynx",
      "C11.1-Posterior wall of nasopharynx", "C11.2-Lateral wall of nasopharynx", "C11.3-Anterior wall of nasopharynx",
      "C11.8-Overlapping lesion of nasopharynx", "C11.9-Nasopharynx, NOS"};
  private static final String[] NPC_HISTOLOGY = {"8072", "8072", "8072", "8073", "8071", "8071", "8020", "8021",
      "8010", "8070", "8083"};
  private static final String[][] OTHER_SITES = {
      {"Lung and Bronchus", "C34.1-Upper lobe, lung", "8140"}, {"Lung and Bronchus", "C34.3-Lower lobe, lung", "8070"},
      {"Breast", "C50.4-Upper-outer quadrant of breast", "8500"}, {"Prostate", "C61.9-Prostate gland", "8140"},
      {"Sigmoid Colon", "C18.7-Sigmoid colon", "8140"}, {"Liver", "C22.0-Liver", "8170"},
      {"Thyroid", "C73.9-Thyroid gland", "8260"}, {"Melanoma of the Skin", "C44.5-Skin of trunk", "8720"},
      {"Urinary Bladder", "C67.9-Bladder, NOS", "8120"}, {"Pancreas", "C25.0-Head of pancreas", "8500"},
      {"Oropharynx", "C10.9-Oropharynx, NOS", "8070"}, {"Nose, Nasal Cavity and Middle Ear", "C30.0-Nasal cavity",
      "8070"}};
  private static final String[] RADIATION_OTHER = {"Radioactive implants (includes brachytherapy) (1988+)",
      "Radioisotopes (1988+)", "Combination of beam with implants or isotopes",
      "Radiation, NOS  method or source not specified", "Recommended, unknown if administered", "Refused (1988+)"};
  private static final String[] MARITAL_LABELS = {"Married (including common law)", "Married (including common law)",
      "Single (never married)", "Divorced", "Separated", "Widowed", "Unmarried or Domestic Partner", "Unknown"};
  private static final String[] INCOMES = {"< $40,000", "$40,000 - $44,999", "$45,000 - $49,999",
      "$50,000 - $54,999", "$55,000 - $59,999", "$60,000 - $64,999", "$65,000 - $69,999", "$70,000 - $74,999",
      "$75,000+", "Unknown/missing/no match/Not 1990-2021"};
  private static final String[] RURAL_LABELS = {"Counties in metropolitan areas ge 1 million pop",
      "Counties in metropolitan areas ge 1 million pop", "Counties in metropolitan areas of 250,000 to 1 million pop",
      "Counties in metropolitan areas of lt 250 thousand pop", "Nonmetropolitan counties adjacent to a metropolitan area",
      "Nonmetropolitan counties not adjacent to a metropolitan area", "Unknown/missing/no match/Not 1990-2021"};
  private static final String HOSPITAL = "Hospital inpatient/outpatient or clinic";
  private static final String COMPLETE = "Complete dates are available and there are more than 0 days of survival";

  private static String pick(SplittableRandom r, String... values) {
    return values[r.nextInt(values.length)];
  }

  private static String ageLabel(int age) {
    return age >= 85 ? "85+ years" : String.format("%02d years", age);
  }

  /** An eligible de novo metastatic NPC patient on chemotherapy, with or without beam radiation. */
  String[] metastaticNpc(String id, SplittableRandom r) {
    String[] f = base(id, r, 2010 + r.nextInt(SyntheticSeerExtract.CUTOFF_YEAR - 2010 + 1));
    int age = (int) Math.max(18, Math.min(90, Math.round(52 + 12 * gaussian(r))));
    f[AGE] = ageLabel(age);
    f[SEX] = r.nextDouble() < 0.72 ? "Male" : "Female";
    f[SITE_RECODE] = "Nasopharynx";
    f[SITE] = pick(r, NPC_SITES);
    f[HISTOLOGY] = pick(r, NPC_HISTOLOGY);
    int year = Integer.parseInt(f[YEAR]);
    String t = pick(r, "1", "2", "2", "3", "3", "3", "4", "4", "4");
    String n = pick(r, "0", "1", "1", "2", "2", "3", "3");
    stage(f, year, t, n, "1");
    boolean bone = r.nextDouble() < 0.7;
    boolean liver = r.nextDouble() < 0.3;
    boolean lung = r.nextDouble() < 0.3;
    boolean brain = r.nextDouble() < 0.03;
    f[BONE] = metsLabel(r, bone);
    f[LIVER] = metsLabel(r, liver);
    f[LUNG] = metsLabel(r, lung);
    f[BRAIN] = metsLabel(r, brain);
    f[DISTANT_LN] = year >= 2016 ? metsLabel(r, r.nextDouble() < 0.25) : BLANK;
    int sites = (bone ? 1 : 0) + (liver ? 1 : 0) + (lung ? 1 : 0) + (brain ? 1 : 0);
    // confounding by indication: younger patients with fewer metastatic organs get radiotherapy more often
    double logitRt = 1.0 - 0.03 * (age - 52) - 0.5 * (liver ? 1 : 0) - 0.4 * Math.max(0, sites - 1);
    boolean radiotherapy = r.nextDouble() < 1 / (1 + Math.exp(-logitRt));
    f[RADIATION] = radiotherapy ? "Beam radiation" : "None/Unknown";
    f[CHEMO] = "Yes";
    double hazard = Math.log(2) / 22.0 * (radiotherapy ? SyntheticSeerExtract.TRUE_HAZARD_RATIO : 1.0)
        * Math.exp(0.02 * (age - 52)) * (liver ? 1.5 : 1.0) * (bone ? 1.2 : 1.0) * (sites >= 2 ? 1.3 : 1.0);
    outcome(f, r, year, hazard, 0.88);
    return f;
  }

  /** An NPC record that fails exactly one eligibility rule (or the arm definition). */
  String[] nearMiss(String id, SplittableRandom r) {
    String[] f = metastaticNpc(id, r);
    int year = Integer.parseInt(f[YEAR]);
    switch (r.nextInt(12)) {
      case 0 -> {
        stage(f, year, "3", "2", "0");
        f[BONE] = f[BRAIN] = f[LIVER] = f[LUNG] = "No";
      }
      case 1 -> f[AGE] = ageLabel(17 - r.nextInt(3));
      case 2 -> f[SOURCE] = pick(r, "Autopsy only", "Death certificate only");
      case 3 -> f[RADIATION] = pick(r, RADIATION_OTHER);
      case 4 -> f[CHEMO] = "No/Unknown";
      case 5 -> f[MONTHS] = "Unknown";
      case 6 -> {
        f[MONTHS] = "0000";
        f[FLAG] = "Complete dates are available and there are 0 days of survival";
      }
      case 7 -> {
        f[SEQUENCE] = "2nd of 2 or more primaries";
        f[FIRST] = "No";
      }
      case 8 -> f[HISTOLOGY] = pick(r, "8140", "8090", "9680");
      case 9 -> f[BEHAVIOR] = "In situ";
      case 10 -> {
        f[SITE_RECODE] = "Nose, Nasal Cavity and Middle Ear";
        f[SITE] = "C30.0-Nasal cavity";
      }
      default -> stage(f, year, "3", "2", "X");
    }
    return f;
  }

  /** Any other tumour: other sites, earlier years, non-metastatic NPC, every treatment value. */
  String[] otherTumour(String id, SplittableRandom r) {
    String[] f = base(id, r, 2000 + r.nextInt(SyntheticSeerExtract.CUTOFF_YEAR - 2000 + 1));
    int year = Integer.parseInt(f[YEAR]);
    f[AGE] = ageLabel((int) Math.max(0, Math.min(99, Math.round(64 + 14 * gaussian(r)))));
    if (r.nextDouble() < 0.02) {
      f[SITE_RECODE] = "Nasopharynx";
      f[SITE] = pick(r, NPC_SITES);
      f[HISTOLOGY] = pick(r, NPC_HISTOLOGY);
      stage(f, year, pick(r, "1", "2", "3", "4"), pick(r, "0", "1", "2", "3"), "0");
    } else {
      String[] site = OTHER_SITES[r.nextInt(OTHER_SITES.length)];
      f[SITE_RECODE] = site[0];
      f[SITE] = site[1];
      f[HISTOLOGY] = site[2];
      stage(f, year, pick(r, "1", "2", "3", "4", "X"), pick(r, "0", "1", "2", "X"), r.nextDouble() < 0.2 ? "1" : "0");
    }
    if (year >= 2010) {
      f[BONE] = metsLabel(r, r.nextDouble() < 0.05);
      f[BRAIN] = metsLabel(r, r.nextDouble() < 0.02);
      f[LIVER] = metsLabel(r, r.nextDouble() < 0.04);
      f[LUNG] = metsLabel(r, r.nextDouble() < 0.04);
      f[DISTANT_LN] = year >= 2016 ? metsLabel(r, r.nextDouble() < 0.03) : BLANK;
    }
    f[RADIATION] = r.nextDouble() < 0.6 ? "None/Unknown" : r.nextDouble() < 0.8 ? "Beam radiation"
        : pick(r, RADIATION_OTHER);
    f[CHEMO] = r.nextDouble() < 0.35 ? "Yes" : "No/Unknown";
    f[SURGERY] = r.nextDouble() < 0.5 ? "00" : pick(r, "20", "30", "40", "50");
    if (r.nextDouble() < 0.97) {
      f[SEQUENCE] = pick(r, "One primary only", "One primary only", "1st of 2 or more primaries",
          "2nd of 2 or more primaries");
      f[FIRST] = f[SEQUENCE].startsWith("2nd") ? "No" : "Yes";
    }
    outcome(f, r, year, Math.log(2) / (12 + 200 * r.nextDouble()), 0.5);
    if (r.nextDouble() < 0.01) {
      f[MONTHS] = "Unknown";
    }
    return f;
  }

  /** A row with one defect that the clean stage must reject. */
  String[] defect(String[] record, SplittableRandom r) {
    String[] f = record.clone();
    switch (r.nextInt(6)) {
      case 0 -> {
        return Arrays.copyOf(f, f.length - 1);
      }
      case 1 -> f[AGE] = "about 60 years";
      case 2 -> f[SEX] = "Unknown sex";
      case 3 -> f[YEAR] = "1899";
      case 4 -> f[ID] = "";
      default -> f[MONTHS] = "12.5";
    }
    return f;
  }

  private String[] base(String id, SplittableRandom r, int year) {
    String[] f = new String[COLUMNS];
    Arrays.fill(f, BLANK);
    f[ID] = id;
    f[SEQUENCE] = r.nextDouble() < 0.8 ? "One primary only" : "1st of 2 or more primaries";
    f[FIRST] = "Yes";
    f[REGISTRY] = pick(r, REGISTRIES);
    f[SEX] = r.nextDouble() < 0.5 ? "Male" : "Female";
    f[RACE] = pick(r, "White", "White", "White", "Black", "Other (American Indian/AK Native, Asian/Pacific Islander)",
        "Other (American Indian/AK Native, Asian/Pacific Islander)", "Unknown");
    f[YEAR] = Integer.toString(year);
    f[BEHAVIOR] = "Malignant";
    f[SOURCE] = r.nextDouble() < 0.9 ? HOSPITAL : "Radiation treatment or medical oncology center (2006+)";
    f[SURGERY] = "00";
    f[MARITAL] = pick(r, MARITAL_LABELS);
    f[INCOME] = pick(r, INCOMES);
    f[RURAL] = pick(r, RURAL_LABELS);
    if (year < 2010) {
      for (int c : new int[] {BONE, BRAIN, LIVER, LUNG, DISTANT_LN}) {
        f[c] = BLANK;
      }
    }
    return f;
  }

  private static String metsLabel(SplittableRandom r, boolean present) {
    return r.nextDouble() < 0.03 ? "Unknown" : present ? "Yes" : "No";
  }

  /** T, N and M in the columns of the staging system of the diagnosis year; the others stay blank. */
  private static void stage(String[] f, int year, String t, String n, String m) {
    for (int c = AJCC; c < AJCC + 9; c++) {
      f[c] = BLANK;
    }
    if (year >= 2010 && year <= 2015) {
      f[AJCC] = "T" + t;
      f[AJCC + 1] = "N" + n;
      f[AJCC + 2] = "M" + m;
    } else if (year == 2016 || year == 2017) {
      f[SEER_COMBINED] = "c" + t;
      f[SEER_COMBINED + 1] = "c" + n;
      f[SEER_COMBINED + 2] = ("1".equals(m) ? "p" : "c") + m;
    } else if (year >= 2018) {
      f[EOD] = "T" + t;
      f[EOD + 1] = "N" + n;
      f[EOD + 2] = "M" + m;
    }
  }

  /** Survival from an exponential hazard, censored at the study cutoff and by loss to follow-up. */
  private static void outcome(String[] f, SplittableRandom r, int year, double hazard, double cancerDeathShare) {
    double eventTime = -Math.log(1 - r.nextDouble()) / hazard;
    double administrative = (SyntheticSeerExtract.CUTOFF_YEAR - year) * 12 + 12 - r.nextInt(12) - r.nextDouble();
    double lost = -Math.log(1 - r.nextDouble()) / 0.004;
    double observed = Math.min(eventTime, Math.min(administrative, lost));
    boolean dead = eventTime <= Math.min(administrative, lost);
    int months = (int) Math.floor(observed);
    f[MONTHS] = String.format("%04d", months);
    f[FLAG] = months == 0 ? "Complete dates are available and there are 0 days of survival" : COMPLETE;
    f[VITAL] = dead ? "Dead" : "Alive";
    if (!dead) {
      f[CAUSE_SPECIFIC] = "Alive or dead of other cause";
      f[OTHER_CAUSE] = "Alive or dead due to cancer";
    } else {
      double u = r.nextDouble();
      if (u < cancerDeathShare) {
        f[CAUSE_SPECIFIC] = "Dead (attributable to this cancer dx)";
        f[OTHER_CAUSE] = "Alive or dead due to cancer";
      } else if (u < cancerDeathShare + (1 - cancerDeathShare) * 0.8) {
        f[CAUSE_SPECIFIC] = "Alive or dead of other cause";
        f[OTHER_CAUSE] = "Dead (attributable to causes other than this cancer dx)";
      } else {
        f[CAUSE_SPECIFIC] = "Dead (missing/unknown COD)";
        f[OTHER_CAUSE] = "Dead (missing/unknown COD)";
      }
    }
  }

  private static double gaussian(SplittableRandom r) {
    // Box–Muller; SplittableRandom has no nextGaussian
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
