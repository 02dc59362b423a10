package org.npcoutcomes.marts;

/** A published mart and its row count. */
public record MartCount(String mart, String path, long rows) {}
