package org.npcoutcomes.cohort;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.npcoutcomes.config.BinSpec;
import org.npcoutcomes.config.CovariateSpec;

/** Spark expressions that derive each configured covariate from canonical fields. */
public final class CovariateColumns {
  private final CovariateSpec spec;

  public CovariateColumns(CovariateSpec spec) {
    this.spec = spec;
  }

  /** Every derived covariate, aliased to its cohort column name, in {@link CovariateSpec#columnNames()} order. */
  public List<Column> all() {
    List<Column> out = new ArrayList<>();
    spec.continuous().forEach((name, field) -> out.add(col(field).cast("double").as(name)));
    spec.categorical().forEach((name, field) -> out.add(orUnknown(col(field).cast("string")).as(name)));
    spec.binned().forEach(b -> out.add(binned(b).as(b.name())));
    spec.grouped().forEach(g -> out.add(grouped(g).as(g.name())));
    out.add(siteCount().as(spec.siteCount().name()));
    return out;
  }

  private Column orUnknown(Column c) {
    return coalesce(c, lit(spec.unknownLevel()));
  }

  private Column binned(CovariateSpec.Binned b) {
    Column value = col(b.field()).cast("double");
    Column out = null;
    for (BinSpec bin : b.bins()) {
      Column inBin = lit(true);
      if (bin.min() != null) {
        inBin = inBin.and(value.geq(bin.min()));
      }
      if (bin.max() != null) {
        inBin = inBin.and(value.leq(bin.max()));
      }
      out = out == null ? when(inBin, bin.label()) : out.when(inBin, bin.label());
    }
    return out.otherwise(spec.unknownLevel());
  }

  private Column grouped(CovariateSpec.Grouped g) {
    Column value = col(g.field()).cast("string");
    Column out = null;
    for (Map.Entry<String, List<String>> group : g.groups().entrySet()) {
      Column isIn = value.isin(group.getValue().toArray());
      out = out == null ? when(isIn, group.getKey()) : out.when(isIn, group.getKey());
    }
    return out == null ? lit(spec.unknownLevel()) : out.otherwise(spec.unknownLevel());
  }

  /** Positive sites counted; below the cap the count is only known when every site is known. */
  private Column siteCount() {
    CovariateSpec.SiteCount s = spec.siteCount();
    Column positives = lit(0);
    Column allKnown = lit(true);
    for (String f : s.fields()) {
      Column v = col(f).cast("string");
      positives = positives.plus(when(v.equalTo(s.positive()), 1).otherwise(0));
      allKnown = allKnown.and(coalesce(v.isin(s.known().toArray()), lit(false)));
    }
    return when(positives.geq(s.cap()), ">=" + s.cap())
        .when(allKnown, positives.cast("string"))
        .otherwise(spec.unknownLevel());
  }
}
