package org.npcoutcomes.plan;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** User-named columns, quoted so that names such as {@code ph.ecog} are not read as struct fields. */
final class Columns {
  private Columns() {}

  static Column named(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }
}
