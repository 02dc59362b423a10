package org.npcoutcomes.stats;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.testing.CsvTable;
import org.npcoutcomes.testing.OracleFixture;

/**
 * One R oracle case (data set, spec and R's output) turned into the arrays our estimators take, using
 * the oracle's cohort rules: base = treatment in the two levels with time and status known; complete
 * case = base with every covariate known; stratified models also need the stratum.
 */
final class OracleCase {
  final String name;
  final JsonNode spec;
  final JsonNode r;
  private final List<Map<String, String>> rows;

  OracleCase(String name) {
    this.name = name;
    this.spec = OracleFixture.load("/fixtures/oracle/" + name + ".spec.json");
    this.r = OracleFixture.load("/fixtures/oracle/" + name + ".oracle.json");
    this.rows = CsvTable.load("/fixtures/oracle/" + name + ".csv").records();
  }

  /** Rows of the cohort as arrays. */
  record Arrays(double[] time, boolean[] event, int[] treated, double[][] x, String[] terms, int[] stratum, int[] id) {}

  Arrays arrays(boolean covariates, boolean stratified) {
    String trt = spec.get("treatment").asText();
    String ref = spec.get("reference").asText();
    String treated = spec.get("treated").asText();
    List<String> events = new ArrayList<>();
    spec.get("event_codes").forEach(e -> events.add(e.asText()));
    List<String> categorical = strings(spec.get("categorical"));
    List<String> continuous = strings(spec.get("continuous"));
    String strata = spec.has("strata") ? spec.get("strata").asText() : null;
    List<String> strataLevels = stratified ? strings(r.get("cohorts").get("factor_levels").get(strata)) : null;
    List<double[]> x = new ArrayList<>();
    List<Double> time = new ArrayList<>();
    List<Boolean> event = new ArrayList<>();
    List<Integer> arm = new ArrayList<>();
    List<Integer> stratum = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    List<String> terms = new ArrayList<>(List.of("treat"));
    if (covariates) {
      for (String c : categorical) {
        List<String> levels = strings(r.get("cohorts").get("factor_levels").get(c));
        levels.subList(1, levels.size()).forEach(l -> terms.add(c + l));
      }
      terms.addAll(continuous);
    }
    for (Map<String, String> row : rows) {
      String a = row.get(trt);
      if (a == null || !(a.equals(ref) || a.equals(treated)) || row.get("time") == null
          || row.get(spec.get("status").asText()) == null) {
        continue;
      }
      if (covariates && (categorical.stream().anyMatch(c -> row.get(c) == null)
          || continuous.stream().anyMatch(c -> row.get(c) == null))) {
        continue;
      }
      if (stratified && row.get(strata) == null) {
        continue;
      }
      double[] xr = new double[terms.size()];
      xr[0] = a.equals(treated) ? 1 : 0;
      int k = 1;
      if (covariates) {
        for (String c : categorical) {
          List<String> levels = strings(r.get("cohorts").get("factor_levels").get(c));
          for (String l : levels.subList(1, levels.size())) {
            xr[k++] = normalise(row.get(c)).equals(l) ? 1 : 0;
          }
        }
        for (String c : continuous) {
          xr[k++] = Double.parseDouble(row.get(c));
        }
      }
      x.add(xr);
      time.add(Double.parseDouble(row.get(spec.get("time").asText())));
      event.add(events.contains(normalise(row.get(spec.get("status").asText()))));
      arm.add(a.equals(treated) ? 1 : 0);
      ids.add(Integer.parseInt(row.get(spec.get("id").asText())));
      stratum.add(stratified ? strataLevels.indexOf(normalise(row.get(strata))) : 0);
    }
    int n = time.size();
    double[] t = new double[n];
    boolean[] e = new boolean[n];
    int[] g = new int[n];
    int[] s = new int[n];
    int[] idArray = new int[n];
    for (int i = 0; i < n; i++) {
      idArray[i] = ids.get(i);
      t[i] = time.get(i);
      e[i] = event.get(i);
      g[i] = arm.get(i);
      s[i] = stratum.get(i);
    }
    return new Arrays(t, e, g, x.toArray(new double[0][]), terms.toArray(new String[0]), stratified ? s : null,
        idArray);
  }

  private static String normalise(String v) {
    try {
      double d = Double.parseDouble(v);
      return d == Math.rint(d) ? Long.toString((long) d) : v;
    } catch (NumberFormatException ex) {
      return v;
    }
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(v -> out.add(v.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  /** The oracle's inverse-probability weights of the given kind ("ate", "att" …) for the rows of {@code d}. */
  double[] iptwWeights(Arrays d, String kind) {
    JsonNode weights = r.get("iptw").get("weights");
    java.util.Map<Integer, Integer> row = new java.util.HashMap<>();
    for (int k = 0; k < weights.get("id").size(); k++) {
      row.put(weights.get("id").get(k).asInt(), k);
    }
    double[] out = new double[d.id().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = weights.get(kind).get(row.get(d.id()[i])).asDouble();
    }
    return out;
  }

  /** The R data sets every oracle test runs on. */
  static java.util.stream.Stream<OracleCase> all() {
    return java.util.stream.Stream.of(new OracleCase("lung"), new OracleCase("veteran"));
  }

  @Override
  public String toString() {
    return name;
  }
}
