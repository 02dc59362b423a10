package org.npcoutcomes.plan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.npcoutcomes.config.AnalysisOutcome;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;

/** The results of every task, in plan order, as the rows of each result mart. */
final class ResultMarts {
  private final AnalysisSpec spec;

  ResultMarts(AnalysisSpec spec) {
    this.spec = spec;
  }

  /** Subgroup hazard ratio of treatment (crude Cox) per level, with the variable's interaction test. */
  public record ForestRow(String analysisId, String outcome, String population, String model, String variable,
      String level, long n, long events, Double hazardRatio, Double lower, Double upper, Double pInteraction) {}

  Map<Mart, MartTable> split(List<AnalysisResult> results) {
    Map<Mart, MartTable> marts = new EnumMap<>(Mart.class);
    marts.put(Mart.ANALYSIS_PLAN, MartTable.of(AnalysisResult.PlanRow.class,
        results.stream().map(r -> r.plan).toList()));
    marts.put(Mart.KM_CURVE, table(AnalysisResult.KmRow.class, results, r -> r.km));
    marts.put(Mart.SURVIVAL_SUMMARY, table(AnalysisResult.SummaryRow.class, results, r -> r.summary));
    marts.put(Mart.SURVIVAL_AT_TIME, table(AnalysisResult.AtTimeRow.class, results, r -> r.atTime));
    marts.put(Mart.LOGRANK, table(AnalysisResult.LogRankRow.class, results, r -> r.logRank));
    marts.put(Mart.HAZARD_RATIO, table(AnalysisResult.HazardRow.class, results, r -> r.hazard));
    marts.put(Mart.COX_MODEL, table(AnalysisResult.ModelFitRow.class, results, r -> r.modelFit));
    marts.put(Mart.PH_TEST, table(AnalysisResult.PhTestRow.class, results, r -> r.phTest));
    marts.put(Mart.LIKELIHOOD_PROFILE, table(AnalysisResult.ProfileRow.class, results, r -> r.profile));
    marts.put(Mart.RMST_DIFFERENCE, table(AnalysisResult.RmstDifferenceRow.class, results, r -> r.rmstDifference));
    marts.put(Mart.FOREST, MartTable.of(ForestRow.class, forest(results)));
    marts.put(Mart.COMPETING_RISK_TEST, table(AnalysisResult.GrayTestRow.class, results, r -> r.grayTest));
    marts.put(Mart.CUMULATIVE_INCIDENCE, table(AnalysisResult.IncidenceRow.class, results, r -> r.incidence));
    marts.put(Mart.PROPENSITY_MODEL, table(AnalysisResult.PropensityModelRow.class, results, r -> r.propensityModel));
    marts.put(Mart.BALANCE, table(AnalysisResult.BalanceRow.class, results, r -> r.balance));
    marts.put(Mart.PROPENSITY_ADJUSTMENT, table(AnalysisResult.AdjustmentRow.class, results, r -> r.adjustment));
    marts.put(Mart.PROPENSITY_DISTRIBUTION, table(AnalysisResult.ScoreBinRow.class, results, r -> r.scoreBins));
    marts.put(Mart.PROPENSITY_SCORES, table(AnalysisResult.ScoreRow.class, results, r -> r.scores));
    marts.put(Mart.MATCHED_PAIRS, table(AnalysisResult.PairRow.class, results, r -> r.pairs));
    return marts;
  }

  private static <T extends Record> MartTable table(Class<T> type, List<AnalysisResult> results,
      Function<AnalysisResult, List<T>> rows) {
    List<T> all = new ArrayList<>();
    results.forEach(r -> all.addAll(rows.apply(r)));
    return MartTable.of(type, all);
  }

  private List<ForestRow> forest(List<AnalysisResult> results) {
    List<ForestRow> out = new ArrayList<>();
    for (AnalysisOutcome outcome : spec.outcomes()) {
      for (AnalysisResult r : results) {
        AnalysisResult.PlanRow task = r.plan;
        String population = task.population();
        String variable = spec.subgroups().stream().filter(v -> population.startsWith(v + "=")).findFirst()
            .orElse(null);
        if (variable == null || !outcome.name().equals(task.outcome()) || !task.family().equals("cox")
            || !task.model().equals("crude")) {
          continue;
        }
        // A level with one arm has no hazard ratio; it keeps its row, with the ratio empty.
        AnalysisResult.HazardRow h = r.hazard.stream().filter(x -> x.termIndex() == 0).findFirst().orElse(null);
        Double p = results.stream().flatMap(x -> x.interaction.stream())
            .filter(i -> i.outcome().equals(outcome.name()) && i.variable().equals(variable))
            .map(AnalysisResult.InteractionRow::pValue).findFirst().orElse(null);
        out.add(new ForestRow(task.analysisId(), task.outcome(), population, task.model(), variable,
            population.substring(variable.length() + 1), task.nAnalysed(), task.events(),
            h == null ? null : h.hazardRatio(), h == null ? null : h.lower(), h == null ? null : h.upper(), p));
      }
    }
    return out;
  }
}
