package org.npcoutcomes.marts;

/** One input file of a run as the manifest records it. */
public record InputFile(String path, String sha256, long sizeBytes, long rowsRead, long rowsClean, long rowsRejected) {}
