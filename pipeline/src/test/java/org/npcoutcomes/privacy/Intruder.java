package org.npcoutcomes.privacy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * An attacker of published tables, written apart from the suppression code: it knows the published counts,
 * which withheld counts are shown as small (so lie in 1..minCell-1), that every other withheld count and every
 * quantity no table shows is a non-negative count, and linear relations between them (a total is its parts, a
 * count repeated in another mart is the same count). For every small cell it solves the linear programs
 * min x and max x over all of that (integers relaxed to reals, Commons Math's simplex) and reports the cells
 * whose range does not hold every value 1..minCell-1: narrowed, or exposed.
 *
 * <p>Cells are named by the caller; a relation may name a cell only once it is declared. {@link #truth} takes
 * the values behind the withheld cells when the caller has them (a run without suppression), to check that
 * every relation the attacker uses is true of the data ({@link #falseRelations}).
 */
public final class Intruder {
  private final int minCell;
  private final Map<String, Integer> index = new LinkedHashMap<>();
  private final List<Double> published = new ArrayList<>();
  private final List<Boolean> small = new ArrayList<>();
  private final List<Double> truth = new ArrayList<>();
  private final List<Map<Integer, Double>> relations = new ArrayList<>();
  private final List<String> relationNames = new ArrayList<>();

  public Intruder(int minCell) {
    this.minCell = minCell;
  }

  /** A cell as a reader sees it: its value, or null when withheld; {@code small} when shown as "&lt;minCell". */
  public Intruder cell(String name, Double value, boolean shownSmall) {
    Integer i = index.get(name);
    if (i != null) {
      throw new IllegalArgumentException("cell " + name + " declared twice");
    }
    index.put(name, published.size());
    published.add(value);
    small.add(value == null && shownSmall);
    truth.add(value);
    return this;
  }

  /** Whether a cell of this name was declared. */
  public boolean has(String name) {
    return index.containsKey(name);
  }

  /** A non-negative quantity no table shows (a total over arms, the patients censored, ...). */
  public Intruder hidden(String name) {
    return cell(name, null, false);
  }

  /** A value known from elsewhere. */
  public Intruder known(String name, double value) {
    return cell(name, value, false);
  }

  /** The true value behind a withheld cell or hidden quantity, to check the relations (not used to attack). */
  public Intruder truth(String name, double value) {
    truth.set(require(name), value);
    return this;
  }

  private int require(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException("no cell " + name);
    }
    return i;
  }

  /** sum of coefficient * cell = 0. */
  public Intruder relation(String name, Map<String, Double> terms) {
    Map<Integer, Double> r = new LinkedHashMap<>();
    terms.forEach((cell, k) -> r.merge(require(cell), k, Double::sum));
    r.values().removeIf(k -> k == 0);
    if (!r.isEmpty()) {
      relations.add(r);
      relationNames.add(name);
    }
    return this;
  }

  /** total = sum of parts. */
  public Intruder sum(String total, List<String> parts) {
    Map<String, Double> terms = new LinkedHashMap<>();
    terms.put(total, 1.0);
    for (String p : parts) {
      terms.merge(p, -1.0, Double::sum);
    }
    return relation(total + " = " + String.join(" + ", parts), terms);
  }

  /** Two cells state the same count. */
  public Intruder same(String a, String b) {
    return relation(a + " = " + b, Map.of(a, 1.0, b, -1.0));
  }

  public int cells() {
    return published.size();
  }

  public int relations() {
    return relations.size();
  }

  /** The relations the true values (published, or given by {@link #truth}) do not satisfy. */
  public List<String> falseRelations() {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < relations.size(); r++) {
      double total = 0;
      double scale = 0;
      boolean complete = true;
      for (Map.Entry<Integer, Double> e : relations.get(r).entrySet()) {
        Double v = truth.get(e.getKey());
        if (v == null) {
          complete = false;
          break;
        }
        total += e.getValue() * v;
        scale += Math.abs(e.getValue() * v);
      }
      if (complete && Math.abs(total) > 1e-6 * Math.max(1, scale)) {
        out.add(relationNames.get(r) + " (off by " + total + ")");
      }
    }
    return out;
  }

  /** The small cells, by name. */
  public List<String> smallCells() {
    List<String> out = new ArrayList<>();
    index.forEach((name, i) -> {
      if (small.get(i)) {
        out.add(name);
      }
    });
    return out;
  }

  /**
   * Every small cell whose range, over all the relations, misses a value of 1..minCell-1, as "name in
   * [low, high]"; "infeasible" for a component whose relations no values satisfy (a wrong relation).
   */
  public List<String> narrowed() {
    int n = published.size();
    // relations with their published values moved to the right-hand side, over unknowns only
    List<int[]> cols = new ArrayList<>();
    List<double[]> coefs = new ArrayList<>();
    List<Double> rhs = new ArrayList<>();
    List<List<Integer>> relationsOf = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      relationsOf.add(new ArrayList<>());
    }
    for (Map<Integer, Double> r : relations) {
      List<Integer> c = new ArrayList<>();
      List<Double> k = new ArrayList<>();
      double b = 0;
      for (Map.Entry<Integer, Double> e : r.entrySet()) {
        Double v = published.get(e.getKey());
        if (v != null) {
          b -= e.getValue() * v;
        } else {
          c.add(e.getKey());
          k.add(e.getValue());
        }
      }
      if (c.isEmpty()) {
        continue;
      }
      int id = cols.size();
      cols.add(c.stream().mapToInt(Integer::intValue).toArray());
      coefs.add(k.stream().mapToDouble(Double::doubleValue).toArray());
      rhs.add(b);
      c.forEach(u -> relationsOf.get(u).add(id));
    }
    List<String> out = new ArrayList<>();
    boolean[] seen = new boolean[n];
    for (int start = 0; start < n; start++) {
      if (seen[start] || !small.get(start)) {
        continue;
      }
      // the connected component of unknowns around this small cell
      List<Integer> unknowns = new ArrayList<>();
      List<Integer> rels = new ArrayList<>();
      boolean[] relSeen = new boolean[cols.size()];
      Deque<Integer> todo = new ArrayDeque<>(List.of(start));
      seen[start] = true;
      while (!todo.isEmpty()) {
        int u = todo.poll();
        unknowns.add(u);
        for (int r : relationsOf.get(u)) {
          if (!relSeen[r]) {
            relSeen[r] = true;
            rels.add(r);
            for (int v : cols.get(r)) {
              if (!seen[v]) {
                seen[v] = true;
                todo.add(v);
              }
            }
          }
        }
      }
      solveComponent(unknowns, rels, cols, coefs, rhs, out);
    }
    return out;
  }

  private void solveComponent(List<Integer> unknowns, List<Integer> rels, List<int[]> cols, List<double[]> coefs,
      List<Double> rhs, List<String> out) {
    // a non-negative unknown that only one relation holds is that relation's slack: the relation becomes an
    // inequality without it (fewer columns for the simplex, the same feasible set for the others)
    Map<Integer, Integer> occurrences = new LinkedHashMap<>();
    for (int r : rels) {
      for (int c : cols.get(r)) {
        occurrences.merge(c, 1, Integer::sum);
      }
    }
    Map<Integer, Integer> column = new LinkedHashMap<>();
    for (int u : unknowns) {
      if (small.get(u) || occurrences.getOrDefault(u, 0) > 1) {
        column.put(u, column.size());
      }
    }
    int m = column.size();
    List<LinearConstraint> constraints = new ArrayList<>();
    for (int r : rels) {
      double[] row = new double[m];
      int[] c = cols.get(r);
      Relationship relationship = Relationship.EQ;
      boolean any = false;
      for (int j = 0; j < c.length; j++) {
        Integer col = column.get(c[j]);
        if (col == null) {
          // sum + k * slack = b with slack >= 0: sum <= b for k > 0, sum >= b for k < 0; slacks of both
          // signs leave the sum free
          Relationship mine = coefs.get(r)[j] > 0 ? Relationship.LEQ : Relationship.GEQ;
          relationship = relationship == Relationship.EQ || relationship == mine ? mine : null;
          continue;
        }
        row[col] += coefs.get(r)[j];
        any = true;
      }
      if (any && relationship != null) {
        constraints.add(new LinearConstraint(row, relationship, rhs.get(r)));
      }
    }
    for (int u : unknowns) {
      if (small.get(u)) {
        double[] row = new double[m];
        row[column.get(u)] = 1;
        constraints.add(new LinearConstraint(row, Relationship.GEQ, 1));
        constraints.add(new LinearConstraint(row.clone(), Relationship.LEQ, minCell - 1));
      }
    }
    LinearConstraintSet set = new LinearConstraintSet(constraints);
    List<String> names = new ArrayList<>(index.keySet());
    for (int u : unknowns) {
      if (!small.get(u)) {
        continue;
      }
      double[] objective = new double[m];
      objective[column.get(u)] = 1;
      double low;
      double high;
      try {
        low = optimum(objective, set, GoalType.MINIMIZE);
        high = optimum(objective, set, GoalType.MAXIMIZE);
      } catch (NoFeasibleSolutionException e) {
        out.add(names.get(u) + " infeasible");
        continue;
      }
      if (low > 1 + 1e-6 || high < minCell - 1 - 1e-6) {
        out.add(names.get(u) + " in [" + low + ", " + high + "]");
      }
    }
  }

  private static double optimum(double[] objective, LinearConstraintSet set, GoalType goal) {
    try {
      PointValuePair p = new SimplexSolver(1e-9, 10, 1e-12).optimize(new MaxIter(100_000),
          new LinearObjectiveFunction(objective, 0), set, goal, new NonNegativeConstraint(true));
      return p.getValue();
    } catch (UnboundedSolutionException e) {
      return goal == GoalType.MAXIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
  }

  @Override
  public String toString() {
    return Arrays.toString(index.keySet().toArray());
  }
}
