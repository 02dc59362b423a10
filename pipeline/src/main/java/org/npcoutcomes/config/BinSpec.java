package org.npcoutcomes.config;

import java.util.List;

/** A labelled inclusive interval used to group a number (age groups, diagnosis periods). */
public record BinSpec(String label, Double min, Double max) {
  static List<BinSpec> readAll(SettingsReader r, String path) {
    List<BinSpec> bins = r.objects(path).stream().map(b -> {
      b.allowOnly(List.of("label", "min", "max"));
      Double min = b.has("min") ? b.number("min") : null;
      Double max = b.has("max") ? b.number("max") : null;
      if (min == null && max == null) {
        throw new InvalidConfigException(b.key("label"), "a bin needs min, max or both");
      }
      if (min != null && max != null && min > max) {
        throw new InvalidConfigException(b.key("min"), "min is greater than max");
      }
      return new BinSpec(b.nonEmptyString("label"), min, max);
    }).toList();
    for (int i = 0; i < bins.size(); i++) {
      for (int j = i + 1; j < bins.size(); j++) {
        if (bins.get(i).overlaps(bins.get(j))) {
          throw new InvalidConfigException(r.key(path), "bins '" + bins.get(i).label() + "' and '"
              + bins.get(j).label() + "' overlap");
        }
      }
    }
    return bins;
  }

  public boolean contains(double v) {
    return (min == null || v >= min) && (max == null || v <= max);
  }

  private boolean overlaps(BinSpec o) {
    double lo = Math.max(min == null ? Double.NEGATIVE_INFINITY : min, o.min == null ? Double.NEGATIVE_INFINITY : o.min);
    double hi = Math.min(max == null ? Double.POSITIVE_INFINITY : max, o.max == null ? Double.POSITIVE_INFINITY : o.max);
    return lo <= hi;
  }
}
