package org.npcoutcomes.stats.competing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A large population's competing-risks analysis reads its patient counts per distinct (time, status, arm),
 * not its patients: cumulative incidence, Gray's test and the Fine–Gray fit with crr's variance from those
 * counts must equal the same estimators on the patients (which equal cmprsk, see CumulativeIncidenceTest and
 * FineGrayTest), to rounding.
 */
class PatientCountsTest {
  private static final double TOLERANCE = 1e-10;

  /** Patients with whole-month times (many ties, some at 0 as in a landmark population) and two arms. */
  private record Patients(double[] time, int[] status, int[] arm) {
    static Patients random(long seed, int n) {
      Random random = new Random(seed);
      double[] time = new double[n];
      int[] status = new int[n];
      int[] arm = new int[n];
      for (int i = 0; i < n; i++) {
        arm[i] = random.nextInt(3) == 0 ? 1 : 0;
        time[i] = i % 37 == 0 ? 0 : Math.floor(random.nextDouble() * (arm[i] == 1 ? 60 : 40));
        double u = random.nextDouble();
        status[i] = u < 0.35 ? 0 : u < 0.75 ? 1 : 2;
      }
      return new Patients(time, status, arm);
    }

    /** Counts per distinct (time, status, arm), in an order unlike the patients'. */
    Counts counts() {
      Map<String, double[]> cells = new TreeMap<>((a, b) -> b.compareTo(a));
      for (int i = 0; i < time.length; i++) {
        cells.computeIfAbsent(time[i] + "/" + status[i] + "/" + arm[i],
            k -> new double[] {0, 0, 0, 0})[3]++;
        double[] cell = cells.get(time[i] + "/" + status[i] + "/" + arm[i]);
        cell[0] = time[i];
        cell[1] = status[i];
        cell[2] = arm[i];
      }
      int n = cells.size();
      Counts c = new Counts(new double[n], new int[n], new int[n], new double[n]);
      int k = 0;
      for (double[] cell : cells.values()) {
        c.time[k] = cell[0];
        c.status[k] = (int) cell[1];
        c.arm[k] = (int) cell[2];
        c.patients[k++] = cell[3];
      }
      return c;
    }

    Patients arm(int a) {
      int[] idx = java.util.stream.IntStream.range(0, arm.length).filter(i -> arm[i] == a).toArray();
      double[] t = new double[idx.length];
      int[] s = new int[idx.length];
      for (int k = 0; k < idx.length; k++) {
        t[k] = time[idx[k]];
        s[k] = status[idx[k]];
      }
      return new Patients(t, s, new int[idx.length]);
    }
  }

  private record Counts(double[] time, int[] status, int[] arm, double[] patients) {
    Counts ofArm(int a) {
      int[] idx = java.util.stream.IntStream.range(0, arm.length).filter(i -> arm[i] == a).toArray();
      Counts c = new Counts(new double[idx.length], new int[idx.length], new int[idx.length],
          new double[idx.length]);
      for (int k = 0; k < idx.length; k++) {
        c.time[k] = time[idx[k]];
        c.status[k] = status[idx[k]];
        c.patients[k] = patients[idx[k]];
      }
      return c;
    }

    double[][] x() {
      double[][] x = new double[arm.length][1];
      for (int i = 0; i < x.length; i++) {
        x[i][0] = arm[i];
      }
      return x;
    }
  }

  @Test
  void cumulativeIncidenceFromCountsEqualsThePatients() {
    Patients patients = Patients.random(11, 3000);
    Counts counts = patients.counts();
    for (int a = 0; a <= 1; a++) {
      Patients p = patients.arm(a);
      Counts c = counts.ofArm(a);
      for (int cause = 1; cause <= 2; cause++) {
        IncidenceCurve expected = CumulativeIncidence.estimate(p.time(), p.status(), cause);
        IncidenceCurve actual = CumulativeIncidence.estimate(c.time(), c.status(), c.patients(), cause);
        assertArrayEquals(expected.time(), actual.time(), 0, "times, arm " + a + " cause " + cause);
        assertClose(expected.estimate(), actual.estimate(), "estimate, arm " + a + " cause " + cause);
        assertClose(expected.variance(), actual.variance(), "variance, arm " + a + " cause " + cause);
      }
    }
  }

  @Test
  void graysTestFromCountsEqualsThePatients() {
    Patients patients = Patients.random(12, 3000);
    Counts counts = patients.counts();
    for (int cause = 1; cause <= 2; cause++) {
      GrayTest.Result expected = GrayTest.test(patients.time(), patients.status(), patients.arm(), cause, null);
      GrayTest.Result actual = GrayTest.test(counts.time(), counts.status(), counts.arm(), counts.patients(), cause,
          null);
      assertClose(new double[] {expected.statistic(), expected.pValue()},
          new double[] {actual.statistic(), actual.pValue()}, "Gray's test, cause " + cause);
    }
  }

  @Test
  void fineGrayFromCountsEqualsThePatients() {
    for (long seed = 13; seed < 16; seed++) {
      Patients patients = Patients.random(seed, 2000 + 500 * (int) (seed - 13));
      Counts counts = patients.counts();
      double[][] x = new double[patients.arm().length][1];
      for (int i = 0; i < x.length; i++) {
        x[i][0] = patients.arm()[i];
      }
      for (int failCode = 1; failCode <= 2; failCode++) {
        FineGrayFit expected = FineGray.fit(patients.time(), patients.status(), x, new String[] {"arm"}, failCode);
        FineGrayFit actual = FineGray.fit(counts.time(), counts.status(), counts.patients(), counts.x(),
            new String[] {"arm"}, failCode);
        String what = "seed " + seed + ", failcode " + failCode;
        assertClose(expected.coef(), actual.coef(), what + " coef");
        assertClose(expected.se(), actual.se(), what + " se");
        assertClose(new double[] {expected.logLik(), expected.logLikNull()},
            new double[] {actual.logLik(), actual.logLikNull()}, what + " log pseudo-likelihoods");
        assertEquals(expected.n(), actual.n(), what + " n");
        assertEquals(expected.converged(), actual.converged(), what + " converged");
      }
    }
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(Math.abs(expected[i]), 1e-300);
      assertEquals(0, Math.abs(expected[i] - actual[i]) / scale, TOLERANCE, what + " [" + i + "]: " + expected[i]
          + " vs " + actual[i]);
    }
  }
}
