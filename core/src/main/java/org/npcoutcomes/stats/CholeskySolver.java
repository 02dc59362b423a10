package org.npcoutcomes.stats;

/**
 * Cholesky (LDL') decomposition of a symmetric information matrix with R survival's rule for
 * singularity (cholesky2): a pivot below {@code toler} times the largest diagonal marks the column as
 * redundant, and it is left out of solves and of the inverse (R reports its coefficient as NA).
 */
final class CholeskySolver {
  private final double[][] m;
  private final int n;
  private final boolean[] redundant;

  CholeskySolver(double[][] matrix, double toler) {
    n = matrix.length;
    m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i] = matrix[i].clone();
    }
    redundant = new boolean[n];
    double eps = 0;
    for (int i = 0; i < n; i++) {
      eps = Math.max(eps, Math.abs(m[i][i]));
    }
    eps = eps == 0 ? toler : eps * toler;
    for (int i = 0; i < n; i++) {
      double pivot = m[i][i];
      if (!Double.isFinite(pivot) || pivot < eps) {
        m[i][i] = 0;
        for (int j = i + 1; j < n; j++) {
          m[j][i] = 0;
        }
        redundant[i] = true;
        continue;
      }
      for (int j = i + 1; j < n; j++) {
        double temp = m[j][i] / pivot;
        m[j][j] -= temp * temp * pivot;
        for (int k = j + 1; k < n; k++) {
          m[k][j] -= temp * m[k][i];
        }
        m[j][i] = temp;
      }
    }
  }

  boolean isRedundant(int i) {
    return redundant[i];
  }

  /** Solves (LDL') x = b. */
  double[] solve(double[] b) {
    double[] y = b.clone();
    for (int i = 0; i < n; i++) {
      double temp = y[i];
      for (int j = 0; j < i; j++) {
        temp -= y[j] * m[i][j];
      }
      y[i] = temp;
    }
    for (int i = n - 1; i >= 0; i--) {
      if (m[i][i] == 0) {
        y[i] = 0;
      } else {
        double temp = y[i] / m[i][i];
        for (int j = i + 1; j < n; j++) {
          temp -= y[j] * m[j][i];
        }
        y[i] = temp;
      }
    }
    return y;
  }

  /** The inverse, with zero rows and columns for redundant terms. */
  double[][] inverse() {
    double[][] inv = new double[n][n];
    for (int c = 0; c < n; c++) {
      double[] e = new double[n];
      e[c] = 1;
      double[] col = solve(e);
      for (int r = 0; r < n; r++) {
        inv[r][c] = redundant[r] || redundant[c] ? 0 : col[r];
      }
    }
    return inv;
  }
}
