package org.npcoutcomes.report;

import java.util.List;

/** Colours of the figures: colour-blind safe (Okabe–Ito), the reference arm first. */
final class Palette {
  static final List<String> ARMS = List.of("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9");
  static final String INK = "#222222";
  static final String MUTED = "#666666";
  static final String GRID = "#e6e6e6";
  static final String AXIS = "#444444";

  private Palette() {}

  static String arm(int index) {
    return ARMS.get(index % ARMS.size());
  }
}
