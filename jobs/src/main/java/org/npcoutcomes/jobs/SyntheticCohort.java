package org.npcoutcomes.jobs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a synthetic analytic cohort (one row per patient, the layout the analyze job reads) for
 * scripts/bench-analyze.sh: columns {@code id, arm, sex, t_group, n_group, mets_count, age, year, age_group,
 * time, os_event, cause}. Nothing in it is real patient data.
 *
 * <ul>
 *   <li>Treatment (CHT+RT vs CHT) is confounded: its probability follows a logistic model of age, T group,
 *       N group, number of metastatic sites and year, all of which also act on survival.</li>
 *   <li>Cancer death and other-cause death have exponential times with proportional hazards; CHT+RT multiplies
 *       both by {@value #TRUE_HAZARD_RATIO}, so that is the true treatment hazard ratio of overall survival and
 *       of cancer death given the covariates. Sex acts on cancer death only (it is the benchmark's stratum).</li>
 *   <li>Censoring: administrative at the end of 2022 (from a diagnosis date uniform within the year), random
 *       loss to follow-up, and the end of the study window at {@value #MAX_MONTHS} months.</li>
 *   <li>Times are whole months, at least 1 (many ties, as in registry data); cause is 1 for cancer death,
 *       2 for other-cause death, 0 when alive at the last follow-up, and os_event is 1 exactly when cause &gt; 0.</li>
 * </ul>
 *
 * <p>Deterministic for a seed, and streamed row by row, so any number of rows needs little memory.
 * Usage: {@code SyntheticCohort --rows N [--seed S] --out FILE}.
 */
public final class SyntheticCohort {
  public static final double TRUE_HAZARD_RATIO = 0.6;
  static final int MAX_MONTHS = 150;
  static final String HEADER = "id,arm,sex,t_group,n_group,mets_count,age,year,age_group,time,os_event,cause";

  private SyntheticCohort() {}

  public static void main(String[] args) throws IOException {
    long rows = -1;
    long seed = 1;
    Path out = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> rows = -2;
      }
    }
    if (rows < 0 || out == null || args.length % 2 != 0) {
      System.err.println("usage: SyntheticCohort --rows N [--seed S] --out FILE");
      System.exit(NpcOutcomes.BAD_INPUT);
    }
    write(rows, seed, out);
  }

  static void write(long rows, long seed, Path file) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    double logHr = Math.log(TRUE_HAZARD_RATIO);
    StringBuilder line = new StringBuilder(96);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.write('\n');
      for (long i = 1; i <= rows; i++) {
        boolean male = random.nextDouble() < 0.73;
        int age = (int) Math.max(18, Math.min(90, Math.round(52 + 13 * gaussian(random))));
        int year = 2010 + random.nextInt(12);
        boolean t34 = random.nextDouble() < 0.55;
        boolean n23 = random.nextDouble() < 0.65;
        double u = random.nextDouble();
        int mets = u < 0.55 ? 1 : u < 0.80 ? 2 : 3;
        double ageC = (age - 52) / 10.0;
        double yearC = year - 2015.5;

        // Treatment: younger patients, fewer metastatic sites, more advanced locoregional disease and later
        // years are more likely to have radiotherapy added.
        double lp = 0.4 - 0.35 * ageC + 0.3 * (t34 ? 1 : 0) + 0.25 * (n23 ? 1 : 0) - 0.5 * (mets == 2 ? 1 : 0)
            - 1.0 * (mets == 3 ? 1 : 0) + 0.06 * yearC;
        boolean treated = random.nextDouble() < 1 / (1 + Math.exp(-lp));

        double cancer = 0.018 * Math.exp((treated ? logHr : 0) + 0.15 * ageC + 0.35 * (t34 ? 1 : 0)
            + 0.25 * (n23 ? 1 : 0) + 0.45 * (mets == 2 ? 1 : 0) + 0.9 * (mets == 3 ? 1 : 0) + 0.2 * (male ? 1 : 0)
            - 0.03 * yearC);
        double other = 0.003 * Math.exp((treated ? logHr : 0) + 0.6 * ageC);
        double cancerTime = exponential(random, cancer);
        double otherTime = exponential(random, other);
        double administrative = (2022 - year) * 12 + 12 * random.nextDouble();
        double loss = exponential(random, 0.004);
        double censor = Math.min(Math.min(administrative, loss), MAX_MONTHS);
        double death = Math.min(cancerTime, otherTime);
        int cause = death <= censor ? (cancerTime <= otherTime ? 1 : 2) : 0;
        int months = (int) Math.max(1, Math.ceil(Math.min(death, censor)));

        line.setLength(0);
        line.append(i).append(',').append(treated ? "CHT+RT" : "CHT").append(',').append(male ? "male" : "female")
            .append(',').append(t34 ? "T3-4" : "T1-2").append(',').append(n23 ? "N2-3" : "N0-1").append(',')
            .append(mets == 3 ? ">=3" : Integer.toString(mets)).append(',').append(age).append(',').append(year)
            .append(',').append(age < 65 ? "<65" : ">=65").append(',').append(months).append(',')
            .append(cause > 0 ? 1 : 0).append(',').append(cause).append('\n');
        out.append(line);
      }
    }
  }

  private static double exponential(SplittableRandom random, double rate) {
    return -Math.log(1 - random.nextDouble()) / rate;
  }

  /** Standard normal deviate (Box–Muller, one of the pair). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
