package org.npcoutcomes.ingest;

import java.io.Serializable;

/**
 * The bytes [start, end) of one extract file that one task reads; a compressed file is one split. The
 * split reads the lines that begin inside it, so a line crossing {@code end} belongs to this split and
 * a line crossing {@code start} to the one before.
 *
 * @param firstLineNumber the line number (1 = header) of the first line beginning inside the split
 */
public record ExtractSplit(int fileIndex, String file, long start, long end, boolean compressed, long firstLineNumber)
    implements Serializable {
  ExtractSplit withFirstLineNumber(long n) {
    return new ExtractSplit(fileIndex, file, start, end, compressed, n);
  }
}
