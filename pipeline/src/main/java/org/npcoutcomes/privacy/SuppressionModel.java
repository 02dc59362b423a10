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
 * ({@link #hidden}, e.g. a level's total over both arms), and quantities published elsewhere that a reader
 * always has ({@link #known}, e.g. the run manifest's line counts). {@link #same} joins cells that state one
 * quantity: they are withheld together. {@link #solve} withholds:
 * <ol>
 *   <li>every published count in 1..minCell-1 (for weighted sums: above 0 and below minCell), and every cell
 *       a mart rule asks for ({@link #withhold}). The small counts to protect are these and the hidden
 *       quantities in 1..minCell-1 (say the events after the last reported time, a difference of published
 *       counts);</li>
 *   <li>complementary cells, until in every relation (a) no small count is the only quantity a reader lacks
 *       and (b) the unknown quantities, when the relation alone sums them (all on one side of it), total at
 *       least minCell, so their sum is no small count either;</li>
 *   <li>more complementary cells while some small count can still be worked out exactly from all the
 *       relations together, checked by exact linear algebra ({@link NullSpace}): a complement that every
 *       derivation of it uses is preferred, so one cell stops them all.</li>
 * </ol>
 * Complements are taken from the lowest {@link #tier} first, within it the smallest positive count (the usual
 * "next smallest cell" rule), zeros last. A complement that a reader can work out all the same protects
 * nothing and is published again at the end (publishing a value a reader can compute tells nothing new). A
 * small count that only quantities published elsewhere determine stays withheld and is reported by
 * {@link Result#unprotected()}.
 */
public final class SuppressionModel {
  private static final int PUBLISHED = 1;
  private static final int KNOWN = 2;
  private static final long SEED = 20_240_611L;
  private static final int NO_LONGER_DERIVABLE = -2;

  private double[] values = new double[64];
  private int[] flags = new int[64];
  private int[] parent = new int[64];
  private int[] tiers = new int[64];
  private final BitSet forced = new BitSet();
  private int size;
  private final List<int[]> relationCells = new ArrayList<>();
  private final List<int[]> relationCoefficients = new ArrayList<>();

  /** What {@link #solve} decided: withheld cells, and those among them that stay derivable all the same. */
  public record Result(BitSet withheld, BitSet unprotected) {
    public boolean withheld(int cell) {
      return cell >= 0 && withheld.get(cell);
    }
  }

  /** A published count. */
  public int cell(double value) {
    return add(value, PUBLISHED);
  }

  /** A quantity that no table shows; relations may go through it. */
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
   * (default 0), the smallest count first within a tier. A quantity published in several places has the
   * highest tier of its cells.
   */
  public void tier(int cell, int tier) {
    tiers[cell] = tier;
  }

  /** Withholds a cell whatever its value (a rule of its mart). */
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

  /**
   * The cells of {@code withheld} a reader can work out exactly from the published cells and the relations:
   * the check that a suppression leaks nothing (empty for a good one).
   */
  public BitSet derivable(BitSet withheld) {
    Solver s = new Solver(0);
    s.withheld.clear();
    for (int c = withheld.nextSetBit(0); c >= 0; c = withheld.nextSetBit(c + 1)) {
      s.withheld.set(s.quantityOf[c]);
    }
    BitSet fixedQuantities = s.fixed();
    BitSet out = new BitSet();
    for (int c = withheld.nextSetBit(0); c >= 0; c = withheld.nextSetBit(c + 1)) {
      int q = s.quantityOf[c];
      if ((s.quantityFlags[q] & KNOWN) != 0 || fixedQuantities.get(q)) {
        out.set(c);
      }
    }
    return out;
  }

  /** Cells joined into quantities (union-find classes) and relations over quantities. */
  private final class Solver {
    final int minCell;
    final int[] quantityOf = new int[size];
    final double[] quantityValue;
    final int[] quantityFlags;
    final int[] quantityTier;
    final BitSet withheld = new BitSet();
    final BitSet unprotected = new BitSet();
    final List<int[]> cells = new ArrayList<>();
    final List<int[]> coefficients = new ArrayList<>();
    final List<List<Integer>> relationsOf;

    Solver(int minCell) {
      this.minCell = minCell;
      Map<Integer, Integer> index = new LinkedHashMap<>();
      for (int c = 0; c < size; c++) {
        quantityOf[c] = index.computeIfAbsent(root(c), r -> index.size());
      }
      int quantities = index.size();
      quantityValue = new double[quantities];
      quantityFlags = new int[quantities];
      quantityTier = new int[quantities];
      for (int c = 0; c < size; c++) {
        quantityValue[quantityOf[c]] = values[c];
        quantityFlags[quantityOf[c]] |= flags[c];
        quantityTier[quantityOf[c]] = Math.max(quantityTier[quantityOf[c]], tiers[c]);
      }
      relationsOf = new ArrayList<>(quantities);
      for (int q = 0; q < quantities; q++) {
        relationsOf.add(new ArrayList<>());
      }
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
        int id = cells.size();
        cells.add(merged.keySet().stream().mapToInt(Integer::intValue).toArray());
        coefficients.add(merged.values().stream().mapToInt(Integer::intValue).toArray());
        merged.keySet().forEach(q -> relationsOf.get(q).add(id));
      }
      for (int c = 0; c < size; c++) {
        int q = quantityOf[c];
        double v = values[c];
        if ((quantityFlags[q] & PUBLISHED) != 0 && (forced.get(c) || (v > 0 && v < minCell))) {
          withheld.set(q);
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

    /**
     * A count in 1..minCell-1 a reader does not have, withheld or shown nowhere (such as the events after the
     * last reported time): what the suppression must keep a reader from working out.
     */
    boolean small(int q) {
      return unknown(q) && quantityValue[q] > 0 && quantityValue[q] < minCell;
    }

    boolean candidate(int q) {
      return published(q) && !known(q) && !withheld.get(q);
    }

    Result run() {
      BitSet required = (BitSet) withheld.clone();
      Deque<Integer> queue = new ArrayDeque<>();
      for (int r = 0; r < cells.size(); r++) {
        queue.add(r);
      }
      while (true) {
        enforce(queue);
        BitSet fixed = fixed();
        for (int q = fixed.nextSetBit(0); q >= 0; q = fixed.nextSetBit(q + 1)) {
          if (!small(q)) {
            fixed.clear(q);
          }
        }
        fixed.andNot(unprotected);
        if (fixed.isEmpty()) {
          break;
        }
        BitSet touched = new BitSet();
        boolean progress = false;
        for (int q = fixed.nextSetBit(0); q >= 0; q = fixed.nextSetBit(q + 1)) {
          if (relationsOf.get(q).stream().anyMatch(touched::get)) {
            continue;
          }
          int complement = complementFor(q);
          if (complement == NO_LONGER_DERIVABLE) {
            continue;
          }
          if (complement < 0) {
            unprotected.set(q);
          } else {
            withheld.set(complement);
            relationsOf.get(complement).forEach(r -> {
              touched.set(r);
              queue.add(r);
            });
          }
          progress = true;
        }
        if (!progress) {
          break;
        }
      }
      // a complement a reader can work out protects nothing: publishing it tells nothing new
      BitSet fixed = fixed();
      for (int q = withheld.nextSetBit(0); q >= 0; q = withheld.nextSetBit(q + 1)) {
        if (!required.get(q) && fixed.get(q)) {
          withheld.clear(q);
        }
      }
      BitSet cellsWithheld = new BitSet();
      BitSet cellsUnprotected = new BitSet();
      for (int c = 0; c < size; c++) {
        if ((flags[c] & PUBLISHED) != 0 && withheld.get(quantityOf[c])) {
          cellsWithheld.set(c);
          if (unprotected.get(quantityOf[c]) || known(quantityOf[c])) {
            cellsUnprotected.set(c);
          }
        }
      }
      return new Result(cellsWithheld, cellsUnprotected);
    }

    /** Rules (a) and (b) relation by relation, until every relation holding a withheld cell obeys them. */
    void enforce(Deque<Integer> queue) {
      while (!queue.isEmpty()) {
        int r = queue.poll();
        int[] qs = cells.get(r);
        int[] ks = coefficients.get(r);
        int unknownCount = 0;
        int lastUnknown = -1;
        boolean protect = false;
        boolean throughHidden = false;
        int sign = 0;
        boolean oneSide = true;
        double unknownTotal = 0;
        for (int i = 0; i < qs.length; i++) {
          int q = qs[i];
          if (!unknown(q)) {
            continue;
          }
          unknownCount++;
          lastUnknown = q;
          protect |= withheld.get(q) || small(q);
          throughHidden |= !published(q);
          int s = Integer.signum(ks[i]);
          oneSide &= sign == 0 || s == sign;
          sign = s;
          unknownTotal += Math.abs(ks[i] * quantityValue[q]);
        }
        if (!protect) {
          continue;
        }
        boolean leaks = (unknownCount == 1 && small(lastUnknown))
            || (oneSide && !throughHidden && unknownTotal < minCell);
        if (!leaks) {
          continue;
        }
        int best = best(qs);
        if (best < 0) {
          continue;
        }
        withheld.set(best);
        queue.addAll(relationsOf.get(best));
        queue.add(r);
      }
    }

    /** The cheapest candidate among these quantities, or -1. */
    int best(int[] qs) {
      int best = -1;
      for (int q : qs) {
        if (candidate(q) && (best < 0 || cheaper(q, best))) {
          best = q;
        }
      }
      return best;
    }

    /** Lower tier first; within a tier the smallest positive count, zeros last. */
    boolean cheaper(int a, int b) {
      if (quantityTier[a] != quantityTier[b]) {
        return quantityTier[a] < quantityTier[b];
      }
      return cost(a) < cost(b);
    }

    double cost(int q) {
      double v = Math.abs(quantityValue[q]);
      return v > 0 ? v : Double.MAX_VALUE;
    }

    /**
     * A complement for a withheld quantity that can still be worked out. A derivation of q is a combination of
     * relations y with y.A = e_q on the unknowns; it reads q off the published cells c with weights y.A_c.
     * Two random derivations are drawn (exactly, modulo a prime, over the relations connected to q): a cell
     * whose weight is the same and non-zero in both is used by every derivation, so withholding it stops
     * them all; the smallest such cell is taken, else the smallest cell some derivation uses.
     */
    int complementFor(int q) {
      // the relations and unknowns connected to q
      List<Integer> relations = new ArrayList<>();
      Map<Integer, Integer> relationIndex = new LinkedHashMap<>();
      Map<Integer, Integer> unknownIndex = new LinkedHashMap<>();
      Deque<Integer> todo = new ArrayDeque<>();
      todo.add(q);
      unknownIndex.put(q, 0);
      while (!todo.isEmpty()) {
        int u = todo.poll();
        for (int r : relationsOf.get(u)) {
          if (relationIndex.containsKey(r)) {
            continue;
          }
          relationIndex.put(r, relations.size());
          relations.add(r);
          for (int other : cells.get(r)) {
            if (unknown(other) && !unknownIndex.containsKey(other)) {
              unknownIndex.put(other, unknownIndex.size());
              todo.add(other);
            }
          }
        }
      }
      // y over the relations and t: for every unknown u, sum_r y_r A[r][u] - [u == q] t = 0
      int t = relations.size();
      Map<Integer, List<long[]>> rows = new LinkedHashMap<>();
      for (int i = 0; i < relations.size(); i++) {
        int[] qs = cells.get(relations.get(i));
        int[] ks = coefficients.get(relations.get(i));
        for (int k = 0; k < qs.length; k++) {
          Integer u = unknownIndex.get(qs[k]);
          if (u != null) {
            rows.computeIfAbsent(u, x -> new ArrayList<>()).add(new long[] {i, ks[k]});
          }
        }
      }
      rows.computeIfAbsent(0, x -> new ArrayList<>()).add(new long[] {t, -1});
      NullSpace left = new NullSpace(t + 1);
      for (List<long[]> row : rows.values()) {
        int[] cols = new int[row.size()];
        long[] vals = new long[row.size()];
        for (int i = 0; i < cols.length; i++) {
          cols[i] = (int) row.get(i)[0];
          vals[i] = row.get(i)[1];
        }
        left.add(cols, vals);
      }
      java.util.SplittableRandom random = new java.util.SplittableRandom(SEED + q);
      Map<Integer, long[]> weights = new LinkedHashMap<>();
      for (int draw = 0; draw < 2; draw++) {
        long[] y = left.randomSolution(random);
        if (y[t] == 0) {
          return NO_LONGER_DERIVABLE;
        }
        long scale = NullSpace.inverse(y[t]);
        for (int i = 0; i < relations.size(); i++) {
          long yi = y[i] * scale % NullSpace.P;
          if (yi == 0) {
            continue;
          }
          int[] qs = cells.get(relations.get(i));
          int[] ks = coefficients.get(relations.get(i));
          for (int k = 0; k < qs.length; k++) {
            if (candidate(qs[k])) {
              long[] w = weights.computeIfAbsent(qs[k], x -> new long[2]);
              w[draw] = Math.floorMod(w[draw] + yi * Math.floorMod(ks[k], NullSpace.P), NullSpace.P);
            }
          }
        }
      }
      int effective = -1;
      int used = -1;
      for (Map.Entry<Integer, long[]> e : weights.entrySet()) {
        int c = e.getKey();
        long[] w = e.getValue();
        if (w[0] != 0 && w[0] == w[1] && (effective < 0 || cheaper(c, effective))) {
          effective = c;
        }
        if ((w[0] != 0 || w[1] != 0) && (used < 0 || cheaper(c, used))) {
          used = c;
        }
      }
      return effective >= 0 ? effective : used;
    }

    /** The unknown quantities the relations determine from what a reader has. */
    BitSet fixed() {
      int[] column = new int[quantityValue.length];
      Arrays.fill(column, -1);
      List<Integer> unknowns = new ArrayList<>();
      for (int q = 0; q < quantityValue.length; q++) {
        if (unknown(q)) {
          column[q] = unknowns.size();
          unknowns.add(q);
        }
      }
      NullSpace system = new NullSpace(unknowns.size());
      for (int r = 0; r < cells.size(); r++) {
        int[] qs = cells.get(r);
        int[] ks = coefficients.get(r);
        int n = 0;
        for (int q : qs) {
          n += column[q] >= 0 ? 1 : 0;
        }
        if (n == 0) {
          continue;
        }
        int[] cols = new int[n];
        long[] vals = new long[n];
        int j = 0;
        for (int i = 0; i < qs.length; i++) {
          if (column[qs[i]] >= 0) {
            cols[j] = column[qs[i]];
            vals[j++] = ks[i];
          }
        }
        system.add(cols, vals);
      }
      BitSet fixedColumns = system.fixed(SEED);
      BitSet out = new BitSet();
      for (int c = fixedColumns.nextSetBit(0); c >= 0; c = fixedColumns.nextSetBit(c + 1)) {
        out.set(unknowns.get(c));
      }
      return out;
    }
  }
}
