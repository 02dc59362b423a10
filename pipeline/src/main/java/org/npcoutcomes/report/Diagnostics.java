package org.npcoutcomes.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.npcoutcomes.marts.Mart;

/**
 * Study diagnostics with pass/warning flags, in the spirit of OHDSI's CohortMethod diagnostics: covariate
 * balance after adjustment (max |SMD| above 0.1 is a warning), proportional hazards (cox.zph global p below
 * 0.05 is a warning), effective sample size of the weighted populations (below half the arm is a warning),
 * matching that leaves many treated patients out, models that did not converge, and analysis tasks that failed
 * (failure) or were skipped (warning).
 */
public final class Diagnostics {
  public enum Status { FAIL, WARNING, PASS, INFO }

  /** One check: what was looked at, the value found, the rule and the verdict. */
  public record Check(String area, String subject, String value, String rule, Status status) {}

  static final double MAX_SMD = 0.1;
  static final double PH_P = 0.05;
  static final double MIN_ESS_SHARE = 0.5;
  static final double MAX_UNMATCHED_SHARE = 0.1;

  private Diagnostics() {}

  public static List<Check> of(RunMarts marts) {
    List<Check> out = new ArrayList<>();
    plan(marts, out);
    balance(marts, out);
    adjustment(marts, out);
    proportionalHazards(marts, out);
    convergence(marts, out);
    suppression(marts, out);
    return out;
  }

  /** The worst status of the checks (PASS when all pass or are informative). */
  public static Status worst(List<Check> checks) {
    Status worst = Status.PASS;
    for (Check c : checks) {
      if (c.status().ordinal() < worst.ordinal()) {
        worst = c.status();
      }
    }
    return worst;
  }

  private static void plan(RunMarts marts, List<Check> out) {
    List<MartRow> plan = marts.rows(Mart.ANALYSIS_PLAN);
    if (plan.isEmpty()) {
      return;
    }
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    for (MartRow r : plan) {
      byStatus.merge(String.valueOf(r.str("status")), 1, Integer::sum);
      String status = r.str("status");
      if ("failed".equals(status) || "skipped".equals(status) || "warning".equals(status)) {
        out.add(new Check("Analysis plan", r.str("analysis_id"), status + ": " + nonEmpty(r.str("messages")),
            "every task ok", "failed".equals(status) ? Status.FAIL : Status.WARNING));
      }
    }
    boolean allOk = byStatus.keySet().stream().allMatch("ok"::equals);
    out.add(new Check("Analysis plan", plan.size() + " tasks", byStatus.toString().replaceAll("[{}]", ""),
        "every task ok", allOk ? Status.PASS : Status.WARNING));
  }

  private static void balance(RunMarts marts, List<Check> out) {
    Map<String, Double> maxSmd = new LinkedHashMap<>();
    Map<String, String> worstCovariate = new LinkedHashMap<>();
    for (MartRow r : marts.rows(Mart.BALANCE)) {
      double smd = Math.abs(r.dbl("smd"));
      String pop = r.str("population");
      if (Double.isFinite(smd) && smd >= maxSmd.getOrDefault(pop, -1.0)) {
        maxSmd.put(pop, smd);
        String level = r.str("level");
        worstCovariate.put(pop, r.str("variable") + (level == null || level.isEmpty() ? "" : ": " + level));
      }
    }
    maxSmd.forEach((pop, smd) -> {
      boolean before = !Labels.adjusted(pop);
      String value = "max |SMD| " + Format.number(smd, 3) + " (" + worstCovariate.get(pop) + ")";
      out.add(new Check("Covariate balance", Labels.population(pop) + (before ? " (before adjustment)" : ""), value,
          before ? "for reference" : "max |SMD| ≤ " + MAX_SMD,
          before ? Status.INFO : smd > MAX_SMD ? Status.WARNING : Status.PASS));
    });
  }

  private static void adjustment(RunMarts marts, List<Check> out) {
    for (MartRow r : marts.rows(Mart.PROPENSITY_ADJUSTMENT)) {
      String pop = r.str("population");
      double nT = r.dbl("n_treated");
      double nR = r.dbl("n_reference");
      if (Labels.weighted(pop)) {
        double shareT = r.dbl("ess_treated") / nT;
        double shareR = r.dbl("ess_reference") / nR;
        double worst = Math.min(shareT, shareR);
        out.add(new Check("Effective sample size", Labels.population(pop),
            "treated " + Format.number(r.dbl("ess_treated"), 1) + " of " + Format.count(r.count("n_treated"), 0)
                + ", reference " + Format.number(r.dbl("ess_reference"), 1) + " of "
                + Format.count(r.count("n_reference"), 0),
            "ESS ≥ " + Format.tick(MIN_ESS_SHARE * 100) + "% of each arm",
            !Double.isFinite(worst) ? Status.INFO : worst < MIN_ESS_SHARE ? Status.WARNING : Status.PASS));
      } else if (pop.equals("matched")) {
        double unmatched = r.dbl("treated_unmatched");
        double share = unmatched / (nT + unmatched);
        out.add(new Check("Matching", Labels.population(pop),
            Format.count(r.count("treated_unmatched"), 0) + " treated and "
                + Format.count(r.count("reference_unmatched"), 0) + " reference patients unmatched ("
                + Format.percent(100 * share) + "% of treated)",
            "≤ " + Format.tick(MAX_UNMATCHED_SHARE * 100) + "% of treated unmatched",
            !Double.isFinite(share) ? Status.INFO : share > MAX_UNMATCHED_SHARE ? Status.WARNING : Status.PASS));
      } else {
        out.add(new Check("Propensity model", Labels.population(pop),
            "c-statistic " + Format.number(r.dbl("c_statistic"), 3) + "; "
                + Format.count(r.count("outside_common_support"), 0) + " patients outside common support",
            "for reference", Status.INFO));
      }
    }
  }

  private static void proportionalHazards(RunMarts marts, List<Check> out) {
    int tested = 0;
    List<String> flagged = new ArrayList<>();
    for (MartRow r : marts.rows(Mart.PH_TEST)) {
      if (!"GLOBAL".equals(r.str("term"))) {
        continue;
      }
      String pop = r.str("population");
      double p = r.dbl("p_value");
      boolean main = pop.equals("overall") || Labels.adjusted(pop);
      if (main) {
        out.add(new Check("Proportional hazards", r.str("outcome") + " · " + Labels.population(pop) + " · "
            + Labels.model(r.str("model")), "global " + Format.pEquals(p), "p ≥ " + PH_P,
            !Double.isFinite(p) ? Status.INFO : p < PH_P ? Status.WARNING : Status.PASS));
      } else {
        tested++;
        if (p < PH_P) {
          flagged.add(r.str("outcome") + " · " + Labels.population(pop) + " · " + Labels.model(r.str("model")) + " ("
              + Format.pEquals(p) + ")");
        }
      }
    }
    if (tested > 0) {
      out.add(new Check("Proportional hazards", "subgroup and landmark models",
          flagged.size() + " of " + tested + " with global p < " + PH_P + (flagged.isEmpty() ? ""
              : ": " + String.join("; ", flagged.subList(0, Math.min(5, flagged.size())))
              + (flagged.size() > 5 ? "; …" : "")), "p ≥ " + PH_P, flagged.isEmpty() ? Status.PASS : Status.WARNING));
    }
  }

  private static void convergence(RunMarts marts, List<Check> out) {
    List<MartRow> hr = marts.rows(Mart.HAZARD_RATIO).stream().filter(r -> r.integer("term_index", 0) == 0).toList();
    if (hr.isEmpty()) {
      return;
    }
    int bad = 0;
    for (MartRow r : hr) {
      String warning = r.str("warning");
      if (!r.flag("converged") || (warning != null && !warning.isEmpty())) {
        bad++;
        out.add(new Check("Model fit", r.str("analysis_id"),
            (r.flag("converged") ? "converged" : "did not converge") + (warning == null || warning.isEmpty() ? ""
                : "; " + warning), "converged, no warning", Status.WARNING));
      }
    }
    if (bad == 0) {
      out.add(new Check("Model fit", hr.size() + " hazard-ratio models", "all converged without warnings",
          "converged, no warning", Status.PASS));
    }
  }

  private static void suppression(RunMarts marts, List<Check> out) {
    int small = 0;
    int complementary = 0;
    for (Mart m : Mart.values()) {
      for (MartRow r : marts.rows(m)) {
        Object why = r.get("suppressed");
        if (why instanceof String s) {
          for (String part : s.split(",")) {
            small += part.endsWith(":small") ? 1 : 0;
            complementary += part.endsWith(":complementary") ? 1 : 0;
          }
        }
      }
    }
    if (small + complementary > 0) {
      out.add(new Check("Small cells", "all marts", small + " counts below " + marts.minCell() + " withheld (shown as <"
          + marts.minCell() + "), " + complementary + " complementary counts withheld (shown as " + Format.WITHHELD
          + ")", "for reference", Status.INFO));
    }
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? "(no message)" : s;
  }
}
