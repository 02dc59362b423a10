package org.npcoutcomes.ingest;

import java.io.Serializable;
import java.util.List;

/** A file's column names (from its first line) and the delimiter it is read with. */
public record FileHeader(String file, char delimiter, List<String> columns) implements Serializable {
  public FileHeader {
    columns = List.copyOf(columns);
  }
}
