package org.npcoutcomes.privacy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts of some published tables and the linear relations between them that a reader can use (a total
 * is the sum of its parts, one count is another's copy), and which of them to withhold.
 *
 * <p>Cells are published counts ({@link #cell}), quantities no mart shows that relations go through
 * ({@link #hidden}, all non-negative counts such as a level's total over both arms or the patients censored),
 * and quantities published elsewhere that a reader always has ({@link #known}). {@link #same} joins cells that
 * state one quantity: they are withheld together. {@link #solve} withholds:
 * <ol>
 *   <li>every published count in 1..minCell-1 (a primary cell; for weighted sums: above 0 and below
 *       minCell), and every cell a mart rule asks for ({@link #withhold});</li>
 *   <li>complementary cells, until in every relation each primary cell can take every value from 1 to
 *       minCell - 1 given what a reader has: the published counts, the quantities that a relation with one
 *       unknown left determines (found by peeling, in linear time), the bounds 1..minCell-1 of the cells shown
 *       as small, and non-negativity of everything else.</li>
 * </ol>
 * When no count can widen it and what narrows it is the other small cells' bounds (two small levels that make
 * a small total: it is at least 2), one of those is shown as withheld rather than as small, so a reader has no
 * bounds for it; it is reported with the complementary cells. A relation that narrows a primary cell is
 * otherwise repaired with the cheapest cell that widens it enough: from the
 * lowest {@link #tier} first, then the smallest count (never a zero: a withheld zero is read as 0 or at least
 * minCell, so it protects nothing). A determined hidden quantity that narrows it is opened by withholding a
 * cell of the relation that determines it. Each round is linear in the size of the relations, and a round
 * repairs every relation it finds narrowing, so the whole is near-linear in practice. A complement a reader can
 * work out all the same protects nothing and is published again at the end. A primary cell that no complement
 * can protect (only quantities published elsewhere narrow it) stays withheld and is reported by
 * {@link Result#unprotected()}.
 *
 * <p>This rule looks at one relation at a time; the attacker's check in the tests solves the linear program of
 * all the published relations together.
 */
public final class SuppressionModel {
  private static final int PUBLISHED = 1;
  private static final int KNOWN = 2;
  /** The tier of a cell that is never a complement (a total the report prints in full). */
  public static final int NEVER = Integer.MAX_VALUE;
  private static final double EPS = 1e-7;

  private double[] values = new double[64];
  private int[] flags = new int[64];
  private int[] parent = new int[64];
  private int[] tiers = new int[64];
  private final BitSet forced = new BitSet();
  private int size;
  private final List<int[]> relationCells = new ArrayList<>();
  private final List<int[]> relationCoefficients = new ArrayList<>();

  /**
   * What {@link #solve} decided: withheld cells, the primary (small) ones among them (the others are
   * complementary), and those that stay derivable or narrowed all the same.
   */
  public record Result(BitSet withheld, BitSet primary, BitSet unprotected) {
    public static Result none() {
      return new Result(new BitSet(), new BitSet(), new BitSet());
    }

    public boolean withheld(int cell) {
      return cell >= 0 && withheld.get(cell);
    }

    /** Why the cell is withheld: "small", "complementary", or null when it is published. */
    public String reason(int cell) {
      if (!withheld(cell)) {
        return null;
      }
      return primary.get(cell) ? "small" : "complementary";
    }
  }

  /** A published count. */
  public int cell(double value) {
    return add(value, PUBLISHED);
  }

  /** A non-negative quantity that no table shows; relations may go through it. */
  public int hidden(double value) {
    return add(value, 0);
  }

  /** A quantity a reader has from elsewhere; never withheld and never a complement. */
  public int known(double value) {
    return add(value, KNOWN);
  }

  /** The reader also has this cell from elsewhere: it can still be withheld here, but it protects nothing. */
  public void markKnown(int cell) {
    flags[cell] |= KNOWN;
  }

  /**
   * How reluctantly the cell is taken as a complementary cell: complements come from the lowest tier first
   * (default 0), the smallest count first within a tier; {@link #NEVER} never. A quantity published in
   * several places has the highest tier of its cells.
   */
  public void tier(int cell, int tier) {
    if (cell >= 0) {
      tiers[cell] = Math.max(tiers[cell], tier);
    }
  }

  /** Withholds a cell whatever its value (a rule of its mart); it counts as a primary cell. */
  public void withhold(int cell) {
    forced.set(cell);
  }

  /** The value of a cell (NaN for -1, no cell). */
  public double value(int cell) {
    return cell < 0 ? Double.NaN : values[cell];
  }

  public int size() {
    return size;
  }

  private int add(double value, int flag) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      flags = Arrays.copyOf(flags, size * 2);
      parent = Arrays.copyOf(parent, size * 2);
      tiers = Arrays.copyOf(tiers, size * 2);
    }
    values[size] = value;
    flags[size] = flag;
    parent[size] = size;
    return size++;
  }

  /** Two cells state one quantity; joined only when their values agree (returns whether they were). */
  public boolean same(int a, int b) {
    if (a < 0 || b < 0 || !close(values[a], values[b])) {
      return false;
    }
    int ra = root(a);
    int rb = root(b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
    return true;
  }

  /**
   * The relation sum(coefficients[i] * cells[i]) = 0, added only when the values satisfy it (a relation the
   * data do not obey tells a reader nothing); returns whether it was added.
   */
  public boolean relation(int[] cells, int[] coefficients) {
    double total = 0;
    double scale = 0;
    for (int i = 0; i < cells.length; i++) {
      if (cells[i] < 0) {
        return false;
      }
      total += coefficients[i] * values[cells[i]];
      scale += Math.abs(coefficients[i] * values[cells[i]]);
    }
    if (cells.length < 2 || !(Math.abs(total) <= 1e-7 * Math.max(1, scale))) {
      return false;
    }
    relationCells.add(cells.clone());
    relationCoefficients.add(coefficients.clone());
    return true;
  }

  /** total = sum of parts. */
  public boolean sum(int total, List<Integer> parts) {
    int[] cells = new int[parts.size() + 1];
    int[] coefficients = new int[cells.length];
    cells[0] = total;
    coefficients[0] = 1;
    for (int i = 0; i < parts.size(); i++) {
      cells[i + 1] = parts.get(i);
      coefficients[i + 1] = -1;
    }
    return relation(cells, coefficients);
  }

  private static boolean close(double a, double b) {
    return a == b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }

  private int root(int c) {
    while (parent[c] != c) {
      parent[c] = parent[parent[c]];
      c = parent[c];
    }
    return c;
  }

  /** Decides which cells to withhold for a threshold (counts in 1..minCell-1 are withheld). */
  public Result solve(int minCell) {
    return new Solver(minCell).run();
  }

  /** Cells joined into quantities (union-find classes) and relations over quantities. */
  private final class Solver {
    final int minCell;
    final int[] quantityOf = new int[size];
    final double[] value;
    final int[] quantityFlags;
    final int[] tier;
    final BitSet withheld = new BitSet();
    final BitSet primary = new BitSet();
    /** Primary cells shown as withheld rather than as small: their bounds would narrow a small count. */
    final BitSet masked = new BitSet();
    final BitSet unprotected = new BitSet();
    final List<int[]> cells = new ArrayList<>();
    final List<int[]> coefficients = new ArrayList<>();
    final int[][] relationsOf;
    /** Per quantity, the relation that determined it in the last peeling (-1: not determined). */
    int[] determinedBy;

    Solver(int minCell) {
      this.minCell = minCell;
      Map<Integer, Integer> index = new LinkedHashMap<>();
      for (int c = 0; c < size; c++) {
        quantityOf[c] = index.computeIfAbsent(root(c), r -> index.size());
      }
      int quantities = index.size();
      value = new double[quantities];
      quantityFlags = new int[quantities];
      tier = new int[quantities];
      for (int c = 0; c < size; c++) {
        int q = quantityOf[c];
        value[q] = values[c];
        quantityFlags[q] |= flags[c];
        tier[q] = Math.max(tier[q], tiers[c]);
      }
      int[] degree = new int[quantities];
      for (int r = 0; r < relationCells.size(); r++) {
        Map<Integer, Integer> merged = new LinkedHashMap<>();
        int[] rc = relationCells.get(r);
        int[] rk = relationCoefficients.get(r);
        for (int i = 0; i < rc.length; i++) {
          merged.merge(quantityOf[rc[i]], rk[i], Integer::sum);
        }
        merged.values().removeIf(v -> v == 0);
        if (merged.size() < 2) {
          continue;
        }
        int[] qs = merged.keySet().stream().mapToInt(Integer::intValue).toArray();
        cells.add(qs);
        coefficients.add(merged.values().stream().mapToInt(Integer::intValue).toArray());
        for (int q : qs) {
          degree[q]++;
        }
      }
      relationsOf = new int[quantities][];
      for (int q = 0; q < quantities; q++) {
        relationsOf[q] = new int[degree[q]];
        degree[q] = 0;
      }
      for (int r = 0; r < cells.size(); r++) {
        for (int q : cells.get(r)) {
          relationsOf[q][degree[q]++] = r;
        }
      }
      if (minCell > 0) {
        for (int c = 0; c < size; c++) {
          int q = quantityOf[c];
          double v = values[c];
          if (published(q) && (forced.get(c) || (v > 0 && v < minCell))) {
            withheld.set(q);
            primary.set(q);
          }
        }
      }
    }

    boolean published(int q) {
      return (quantityFlags[q] & PUBLISHED) != 0;
    }

    boolean known(int q) {
      return (quantityFlags[q] & KNOWN) != 0;
    }

    /** A reader does not have the quantity: withheld, or shown nowhere, and not known from elsewhere. */
    boolean unknown(int q) {
      return !known(q) && (withheld.get(q) || !published(q));
    }

    /** May be withheld as a complement: published, shown, not a zero, not known elsewhere. */
    boolean candidate(int q) {
      return published(q) && !known(q) && !withheld.get(q) && tier[q] != NEVER && value[q] > EPS;
    }

    /** Whether a primary cell is a whole count (bounds 1..minCell-1) or a weighted sum (0..minCell). */
    double primaryLow(int q) {
      return value[q] == Math.rint(value[q]) ? 1 : 0;
    }

    double primaryHigh(int q) {
      return value[q] == Math.rint(value[q]) ? minCell - 1 : minCell;
    }

    Result run() {
      if (minCell > 0) {
        BitSet touched = new BitSet();
        while (true) {
          peel();
          touched.clear();
          boolean changed = false;
          for (int r = 0; r < cells.size(); r++) {
            // once this round has withheld a cell, what the last peeling determined may no longer be: a
            // relation that leans on it waits for the next round's peeling
            if (touched.get(r) || (changed && leansOnPeeling(r))) {
              continue;
            }
            int complement = repair(r);
            if (complement >= 0) {
              withheld.set(complement);
              for (int s : relationsOf[complement]) {
                touched.set(s);
              }
              changed = true;
            }
          }
          if (!changed) {
            break;
          }
        }
        // a complement a reader can work out protects nothing: publishing it tells nothing new
        peel();
        for (int q = withheld.nextSetBit(0); q >= 0; q = withheld.nextSetBit(q + 1)) {
          if (!primary.get(q) && determinedBy[q] >= 0) {
            withheld.clear(q);
          }
        }
      }
      BitSet cellsWithheld = new BitSet();
      BitSet cellsPrimary = new BitSet();
      BitSet cellsUnprotected = new BitSet();
      for (int c = 0; c < size; c++) {
        int q = quantityOf[c];
        if ((flags[c] & PUBLISHED) != 0 && withheld.get(q)) {
          cellsWithheld.set(c);
          if (primary.get(q) && !masked.get(q)) {
            cellsPrimary.set(c);
          }
          if (unprotected.get(q) || known(q)) {
            cellsUnprotected.set(c);
          }
        }
      }
      return new Result(cellsWithheld, cellsPrimary, cellsUnprotected);
    }

    /**
     * The unknown quantities that relations determine: a relation with one undetermined unknown left
     * determines it (peeling, linear in the size of the relations).
     */
    void peel() {
      int quantities = value.length;
      determinedBy = new int[quantities];
      Arrays.fill(determinedBy, -1);
      int[] open = new int[cells.size()];
      Deque<Integer> queue = new ArrayDeque<>();
      for (int r = 0; r < cells.size(); r++) {
        for (int q : cells.get(r)) {
          open[r] += unknown(q) ? 1 : 0;
        }
        if (open[r] == 1) {
          queue.add(r);
        }
      }
      while (!queue.isEmpty()) {
        int r = queue.poll();
        if (open[r] != 1) {
          continue;
        }
        int last = -1;
        for (int q : cells.get(r)) {
          if (unknown(q) && determinedBy[q] < 0) {
            last = q;
          }
        }
        if (last < 0) {
          continue;
        }
        determinedBy[last] = r;
        for (int s : relationsOf[last]) {
          open[s]--;
          if (open[s] == 1) {
            queue.add(s);
          }
        }
      }
    }

    /** Whether the relation holds a quantity that only the last peeling determined. */
    boolean leansOnPeeling(int r) {
      for (int q : cells.get(r)) {
        if (unknown(q) && determinedBy[q] >= 0) {
          return true;
        }
      }
      return false;
    }

    /** What a reader knows of a quantity, as bounds {low, high}. */
    double[] bounds(int q) {
      if (!unknown(q) || determinedBy[q] >= 0) {
        return new double[] {value[q], value[q]};
      }
      if (primary.get(q) && !masked.get(q)) {
        return new double[] {primaryLow(q), primaryHigh(q)};
      }
      return new double[] {0, Double.POSITIVE_INFINITY};
    }

    /**
     * Checks every withheld primary cell of relation r; when one is narrowed, returns the complement that
     * widens it (-1 when none is needed or none exists; the latter marks the cell unprotected).
     */
    int repair(int r) {
      int[] qs = cells.get(r);
      int[] ks = coefficients.get(r);
      double[][] b = new double[qs.length][];
      boolean any = false;
      for (int i = 0; i < qs.length; i++) {
        b[i] = bounds(qs[i]);
        any |= primary.get(qs[i]) && withheld.get(qs[i]) && !unprotected.get(qs[i]);
      }
      if (!any) {
        return -1;
      }
      for (int p = 0; p < qs.length; p++) {
        int q = qs[p];
        if (!primary.get(q) || unprotected.get(q)) {
          continue;
        }
        // x_p = sum over i != p of c_i x_i with c_i = -k_i / k_p
        double low = 0;
        double high = 0;
        for (int i = 0; i < qs.length; i++) {
          if (i == p) {
            continue;
          }
          double c = -(double) ks[i] / ks[p];
          low += c > 0 ? c * b[i][0] : c * b[i][1];
          high += c > 0 ? c * b[i][1] : c * b[i][0];
        }
        double wantLow = primaryLow(q);
        double wantHigh = primaryHigh(q);
        double excess = low - wantLow;
        double deficit = wantHigh - high;
        if (excess <= EPS && deficit <= EPS) {
          continue;
        }
        int best = -1;
        int fallback = -1;
        double fallbackEffect = 0;
        for (int i = 0; i < qs.length; i++) {
          if (i == p) {
            continue;
          }
          double c = -(double) ks[i] / ks[p];
          double v = Math.abs(c) * b[i][0];
          // withholding term i: c > 0 opens its high end (fixes the deficit) and lowers low by c*v;
          // c < 0 opens the low end (fixes the excess) and raises high by |c|*v
          boolean fixesLow = excess <= EPS || c < 0 || v >= excess - EPS;
          boolean fixesHigh = deficit <= EPS || c > 0 || v >= deficit - EPS;
          double effect = Math.min(excess <= EPS ? Double.MAX_VALUE : c < 0 ? Double.MAX_VALUE : v,
              deficit <= EPS ? Double.MAX_VALUE : c > 0 ? Double.MAX_VALUE : v);
          int cand = opener(qs[i]);
          if (cand < 0) {
            continue;
          }
          if (fixesLow && fixesHigh) {
            if (best < 0 || cheaper(cand, best)) {
              best = cand;
            }
          } else if (effect > fallbackEffect || (effect == fallbackEffect && fallback >= 0 && cheaper(cand, fallback))) {
            fallback = cand;
            fallbackEffect = effect;
          }
        }
        int chosen = best >= 0 ? best : fallback;
        if (chosen < 0) {
          // no count widens it: what narrows it is the other small counts' "at least 1" (or "at most
          // minCell - 1"); one of them is shown as withheld instead, with no bounds
          int other = -1;
          for (int i = 0; i < qs.length; i++) {
            if (i != p && primary.get(qs[i]) && !masked.get(qs[i]) && withheld.get(qs[i])) {
              other = qs[i];
            }
          }
          if (other >= 0) {
            masked.set(other);
            b[java.util.Arrays.asList(java.util.Arrays.stream(qs).boxed().toArray(Integer[]::new)).indexOf(other)]
                = bounds(other);
            p--;
            continue;
          }
          unprotected.set(q);
          continue;
        }
        return chosen;
      }
      return -1;
    }

    /**
     * The cell to withhold so that a reader no longer has quantity q exactly: q itself when it is a
     * candidate, else, for a quantity a relation determines, the cheapest candidate of that relation; -1
     * when there is none.
     */
    int opener(int q) {
      if (candidate(q)) {
        return q;
      }
      if (!unknown(q) || determinedBy[q] < 0) {
        return -1;
      }
      int best = -1;
      for (int o : cells.get(determinedBy[q])) {
        if (candidate(o) && (best < 0 || cheaper(o, best))) {
          best = o;
        }
      }
      return best;
    }

    /** Lower tier first; within a tier the smallest count. */
    boolean cheaper(int a, int b) {
      if (tier[a] != tier[b]) {
        return tier[a] < tier[b];
      }
      return Math.abs(value[a]) < Math.abs(value[b]);
    }
  }
}
