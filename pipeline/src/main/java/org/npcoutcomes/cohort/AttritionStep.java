package org.npcoutcomes.cohort;

/** One row of the flow (attrition) table: how many records remain after a rule, and how many it excluded. */
public record AttritionStep(int step, String rule, String description, long remaining, long excluded) {}
