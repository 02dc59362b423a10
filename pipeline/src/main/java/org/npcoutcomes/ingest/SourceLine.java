package org.npcoutcomes.ingest;

import java.io.Serializable;

/**
 * One data line of an extract file: its file, its line number as in the file (the header is line 1),
 * its text without the line ending, and whether its bytes were not valid UTF-8 (the text then holds
 * replacement characters where the bad bytes were).
 */
public record SourceLine(String file, long lineNumber, String text, boolean badEncoding) implements Serializable {}
