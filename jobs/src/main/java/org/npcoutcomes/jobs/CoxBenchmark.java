package org.npcoutcomes.jobs;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.npcoutcomes.stats.CoxData;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxModel;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.Ties;

/**
 * Cox benchmark: {@code --generate N FILE} writes a CSV of N rows (integer-month times, 10 covariates,
 * known coefficients); {@code FILE} times one Efron fit of it (after one warm-up fit) and prints the
 * seconds and the coefficients, one per line, for scripts/bench-cox.sh to compare with R.
 */
public final class CoxBenchmark {
  private static final int COVARIATES = 10;

  private CoxBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 3 && args[0].equals("--generate")) {
      generate(Long.parseLong(args[1]), Path.of(args[2]));
    } else if (args.length == 1) {
      fit(Path.of(args[0]));
    } else {
      System.err.println("usage: CoxBenchmark --generate N FILE | CoxBenchmark FILE");
      System.exit(NpcOutcomes.BAD_INPUT);
    }
  }

  private static void generate(long rows, Path file) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder header = new StringBuilder("time,status");
      for (int j = 1; j <= COVARIATES; j++) {
        header.append(",x").append(j);
      }
      out.write(header.append('\n').toString());
      for (long i = 0; i < rows; i++) {
        double[] x = new double[COVARIATES];
        double eta = 0;
        for (int j = 0; j < COVARIATES; j++) {
          // half binary, half continuous covariates, true log hazard ratios from -0.5 to 0.4
          x[j] = j % 2 == 0 ? (random.nextDouble() < 0.4 ? 1 : 0) : Math.round(random.nextDouble() * 1000) / 100.0;
          eta += (-0.5 + 0.1 * j) * (j % 2 == 0 ? x[j] : x[j] / 10);
        }
        double event = -Math.log(1 - random.nextDouble()) / (0.02 * Math.exp(eta));
        double censor = 1 + random.nextDouble() * 120;
        int months = (int) Math.ceil(Math.min(event, censor));
        StringBuilder line = new StringBuilder().append(months).append(',').append(event <= censor ? 1 : 0);
        for (double v : x) {
          line.append(',').append(v);
        }
        out.write(line.append('\n').toString());
      }
    }
  }

  private static void fit(Path file) throws IOException {
    List<double[]> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(",");
        double[] r = new double[f.length];
        for (int k = 0; k < f.length; k++) {
          r[k] = Double.parseDouble(f[k]);
        }
        rows.add(r);
      }
    }
    int n = rows.size();
    double[] time = new double[n];
    boolean[] event = new boolean[n];
    double[][] x = new double[n][COVARIATES];
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      time[i] = r[0];
      event[i] = r[1] == 1;
      System.arraycopy(r, 2, x[i], 0, COVARIATES);
    }
    String[] terms = new String[COVARIATES];
    for (int j = 0; j < COVARIATES; j++) {
      terms[j] = "x" + (j + 1);
    }
    CoxData data = new CoxData(time, event, x, terms, null, null, null);
    CoxModel.fit(data, CoxOptions.defaults(Ties.EFRON));
    long start = System.nanoTime();
    CoxFit fit = CoxModel.fit(data, CoxOptions.defaults(Ties.EFRON));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "seconds %.3f%n", seconds);
    for (double c : fit.coef()) {
      System.out.printf(Locale.ROOT, "%.17g%n", c);
    }
  }
}
