package org.npcoutcomes.jobs;

public final class NpcOutcomes {
  public static void main(String[] args) {
  }
}
