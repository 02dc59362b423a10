package org.npcoutcomes.propensity;

import java.util.List;

/**
 * The result of matching: each matched treated unit with its controls (row indices into the input), in
 * subclasses numbered 1.. in the data order of the treated units, as MatchIt numbers them.
 */
public record MatchedSet(List<Pair> pairs, int treatedMatched, int treatedUnmatched, int controlsMatched,
    int controlsUnmatched) {

  /** One treated unit and the controls matched to it. */
  public record Pair(int subclass, int treated, List<Integer> controls) {}
}
