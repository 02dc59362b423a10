package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npcoutcomes.config.AnalysisOutcome;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.stats.CoxData;
import org.npcoutcomes.stats.CoxFit;
import org.npcoutcomes.stats.CoxModel;
import org.npcoutcomes.stats.CoxOptions;
import org.npcoutcomes.stats.Ties;

class SyntheticCohortTest {
  private static final int ROWS = 20_000;

  @TempDir
  Path dir;

  @Test
  void deterministicForASeedAndConsistent() throws IOException {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    Path c = dir.resolve("c.csv");
    SyntheticCohort.write(ROWS, 1, a);
    SyntheticCohort.write(ROWS, 1, b);
    SyntheticCohort.write(ROWS, 2, c);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));

    List<String> lines = Files.readAllLines(a);
    assertEquals(SyntheticCohort.HEADER, lines.get(0));
    assertEquals(ROWS + 1, lines.size());
    int treated = 0;
    int[] causes = new int[3];
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertEquals(12, f.length, line);
      assertTrue(f[1].equals("CHT") || f[1].equals("CHT+RT"), line);
      treated += f[1].equals("CHT+RT") ? 1 : 0;
      int age = Integer.parseInt(f[6]);
      int year = Integer.parseInt(f[7]);
      int time = Integer.parseInt(f[9]);
      int cause = Integer.parseInt(f[11]);
      assertTrue(age >= 18 && age <= 90 && year >= 2010 && year <= 2021, line);
      assertEquals(age < 65 ? "<65" : ">=65", f[8], line);
      assertTrue(time >= 1 && time <= SyntheticCohort.MAX_MONTHS, line);
      assertEquals(cause > 0 ? "1" : "0", f[10], "os_event is 1 exactly when cause > 0: " + line);
      causes[cause]++;
    }
    assertTrue(treated > 0.3 * ROWS && treated < 0.8 * ROWS, "treated " + treated);
    assertTrue(causes[0] > 0 && causes[1] > causes[2] && causes[2] > 0, Arrays.toString(causes));
  }

  /** The multivariable Cox model of overall survival recovers the true treatment hazard ratio. */
  @Test
  void adjustedHazardRatioIsTheTrueOne() throws IOException {
    Path file = dir.resolve("cohort.csv");
    SyntheticCohort.write(ROWS, 1, file);
    List<String> lines = Files.readAllLines(file);
    int n = lines.size() - 1;
    double[] time = new double[n];
    boolean[] event = new boolean[n];
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i + 1).split(",");
      time[i] = Double.parseDouble(f[9]);
      event[i] = f[10].equals("1");
      x[i] = new double[] {f[1].equals("CHT+RT") ? 1 : 0, f[3].equals("T3-4") ? 1 : 0, f[4].equals("N2-3") ? 1 : 0,
          f[5].equals("2") ? 1 : 0, f[5].equals(">=3") ? 1 : 0, Double.parseDouble(f[6]), Double.parseDouble(f[7])};
    }
    String[] terms = {"arm", "t_group", "n_group", "mets_count=2", "mets_count=>=3", "age", "year"};
    CoxFit fit = CoxModel.fit(new CoxData(time, event, x, terms, null, null, null), CoxOptions.defaults(Ties.EFRON));
    double logHr = fit.coef()[0];
    assertEquals(Math.log(SyntheticCohort.TRUE_HAZARD_RATIO), logHr, 0.08, "log HR " + logHr);
  }

  /** The benchmark's analysis config loads, and every column it names is one the generator writes. */
  @Test
  void benchmarkConfigNamesGeneratedColumns() {
    AnalysisSpec spec = PipelineSettings.from(ConfigLoader.load(
        List.of(Path.of("..", "conf", "examples", "bench-analysis.conf")), Map.of())).analyze();
    List<String> header = List.of(SyntheticCohort.HEADER.split(","));
    List<String> used = new ArrayList<>(List.of(spec.id(), spec.treatmentColumn()));
    for (AnalysisOutcome o : spec.outcomes()) {
      used.add(o.time());
      used.add(o.statusColumn());
    }
    used.addAll(spec.covariateColumns());
    used.addAll(spec.strata());
    used.addAll(spec.subgroups());
    used.addAll(spec.table1Categorical());
    used.addAll(spec.table1Continuous());
    assertTrue(header.containsAll(used), "not in the generated header: " + used);
    assertEquals(List.of("os", "css"), spec.outcomes().stream().map(AnalysisOutcome::name).toList());
  }
}
