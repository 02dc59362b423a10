package org.npcoutcomes.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Every setting of a run, read and validated before any work starts. */
public record PipelineSettings(RunSettings run, InputSettings input, SparkSettings spark, CohortSettings cohort,
    AnalysisSpec analyze, PrivacySettings privacy, ClusterSettings cluster, SynthesisSettings synthesis,
    String effectiveConfigJson) {

  public static PipelineSettings from(Config config) {
    SettingsReader root = new SettingsReader(config, "");
    // What a run computes; not the cluster block, which only says where it runs, so a run gives the same
    // digest locally and on any cluster.
    String json = config.root().withOnlyKey("run")
        .withFallback(config.root().withOnlyKey("input"))
        .withFallback(config.root().withOnlyKey("quality"))
        .withFallback(config.root().withOnlyKey("spark"))
        .withFallback(config.root().withOnlyKey("cohort"))
        .withFallback(config.root().withOnlyKey("analyze"))
        .withFallback(config.root().withOnlyKey("privacy"))
        .withFallback(config.root().withOnlyKey("synthesis"))
        .render(ConfigRenderOptions.concise().setFormatted(false));
    CohortSettings cohort = CohortSettings.read(root.child("cohort"));
    AnalysisSpec analyze = AnalysisSpec.read(root.child("analyze"));
    if (analyze.input().isEmpty()) {
      // The analysis reads the cohort this run stages: its derived covariates keep the order the config gives.
      analyze = analyze.withDeclaredLevels(cohort.covariates().declaredLevels(),
          java.util.Set.of(cohort.covariates().unknownLevel()));
    }
    return new PipelineSettings(RunSettings.read(root.child("run")),
        InputSettings.read(root.child("input"), root.child("quality")), SparkSettings.read(root.child("spark")),
        cohort, analyze,
        PrivacySettings.read(root.child("privacy")), ClusterSettings.read(root.child("cluster")),
        SynthesisSettings.read(root.child("synthesis")), json);
  }

  /** SHA-256 of the effective configuration, recorded in the run manifest. */
  public String configDigest() {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(effectiveConfigJson.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
