package org.npcoutcomes.synthesize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.npcoutcomes.config.AnalysisSpec;
import org.npcoutcomes.config.PrivacySettings;
import org.npcoutcomes.config.SynthesisSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.plan.Population;
import org.npcoutcomes.synthesis.LikelihoodProfile;

/**
 * Within one run with {@code analyze.sites}: is the effect consistent across sites? Each site population's
 * crude treatment hazard ratio of the primary outcome is pooled across the sites, common and random effects
 * with Q, I² and τ², and the sites' profile likelihoods are pooled too (exact for sites with few events), by
 * the methods and into the marts of {@code --job synthesize} ({@code synthesis.method}, {@code test},
 * {@code primary}, {@code conf-level}). Only the run's own aggregate marts are read.
 */
public final class SiteSynthesis {
  /** The Cox model of each site that is pooled. */
  public static final String MODEL = "crude";

  private SiteSynthesis() {}

  /**
   * The synthesis marts of the run's sites, or none when the run has no sites or fewer than two sites with an
   * estimable hazard ratio ({@code notes} says why).
   */
  public static Map<Mart, MartTable> marts(AnalysisSpec spec, SynthesisSettings configured, PrivacySettings privacy,
      Map<Mart, MartTable> analysis, List<String> notes) {
    if (spec.sites().isEmpty() || !analysis.containsKey(Mart.HAZARD_RATIO)) {
      return Map.of();
    }
    String outcome = spec.primaryOutcome().name();
    List<Study> studies = new ArrayList<>();
    List<LikelihoodProfile> profiles = new ArrayList<>();
    List<Row> profileRows = analysis.containsKey(Mart.LIKELIHOOD_PROFILE)
        ? analysis.get(Mart.LIKELIHOOD_PROFILE).rows() : List.of();
    for (Row r : analysis.get(Mart.HAZARD_RATIO).rows()) {
      String population = r.getAs("population");
      if (!population.startsWith(Population.SITE_PREFIX) || !outcome.equals(r.getAs("outcome"))
          || !MODEL.equals(r.getAs("model")) || (int) r.getAs("term_index") != 0) {
        continue;
      }
      Study study = RunEstimates.logHazardRatio(population, population, r);
      if (study == null) {
        notes.add(population + ": hazard ratio not estimable, left out of the pooled estimate");
        continue;
      }
      studies.add(study);
      List<Row> profile = profileRows.stream().filter(p -> population.equals(p.getAs("population"))
          && outcome.equals(p.getAs("outcome")) && MODEL.equals(p.getAs("model")))
          .sorted(java.util.Comparator.comparingInt(p -> p.<Integer>getAs("point"))).toList();
      if (profile.size() >= 2) {
        profiles.add(ProfileReader.profile(population, profile));
      }
    }
    if (studies.size() < 2) {
      notes.add("sites: fewer than two sites with an estimable hazard ratio, nothing pooled");
      return Map.of();
    }
    SynthesisSettings settings = new SynthesisSettings(List.of(), "", SynthesisSettings.Measure.HR,
        configured.method(), configured.test(), configured.transform(), configured.primary(), configured.confLevel(),
        new SynthesisSettings.Selection(outcome, studies.stream().map(Study::label).toList(), MODEL, 0, ""),
        true, configured.glmmPoints());
    // every site's profile, or none: pooling only some would answer another question
    return Synthesis.of(settings, studies, profiles.size() == studies.size() ? profiles : List.of()).marts(privacy);
  }
}
