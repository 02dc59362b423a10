package org.npcoutcomes.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.config.SynthesisSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.marts.RunPublisher;
import org.npcoutcomes.plan.Progress;
import org.npcoutcomes.report.ReportWriter;
import org.npcoutcomes.report.SynthesisPage;
import org.npcoutcomes.synthesis.LikelihoodProfile;
import org.npcoutcomes.synthesize.ProfileReader;
import org.npcoutcomes.synthesize.PublishedEstimates;
import org.npcoutcomes.synthesize.RunEstimates;
import org.npcoutcomes.synthesize.Study;
import org.npcoutcomes.synthesize.Synthesis;

/**
 * {@code --job synthesize}: the studies of the published-estimates CSV (read up front) and of each published
 * run, pooled; the synthesis marts and the synthesis page written to staging, published with the manifest.
 */
final class SynthesisJob {
  private final PipelineSettings settings;
  private final Progress progress;

  SynthesisJob(PipelineSettings settings, Progress progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Checks the block names a source and reads the CSV, so a bad file stops the run before any work. */
  static List<Study> preflight(SynthesisSettings synthesis, Configuration conf) {
    if (!synthesis.hasSources()) {
      throw new InvalidConfigException("synthesis.runs",
          "--job synthesize needs a source: set synthesis.runs (published run folders) and/or synthesis.studies"
              + " (a CSV of published estimates)");
    }
    if (synthesis.measure() == SynthesisSettings.Measure.PROPORTION
        && synthesis.transform() != org.npcoutcomes.synthesis.ProportionTransform.LOGIT && !synthesis.runs().isEmpty()) {
      throw new InvalidConfigException("synthesis.transform", "runs give survival, not counts: use \"logit\"");
    }
    synthesis.runs().forEach(run -> RunEstimates.folder(conf, run));
    return synthesis.studies().isEmpty() ? List.of()
        : PublishedEstimates.read(conf, synthesis.studies(), synthesis.measure());
  }

  void run(SparkSession spark, RunPublisher publisher, List<Study> published) {
    SynthesisSettings s = settings.synthesis();
    // Published studies first, then the runs', as a review lists earlier work before its own estimate.
    List<Study> studies = new ArrayList<>(published);
    List<LikelihoodProfile> profiles = new ArrayList<>();
    List<String> missingProfiles = new ArrayList<>();
    boolean pool = s.poolProfiles() && s.measure() == SynthesisSettings.Measure.HR && !s.runs().isEmpty();
    for (SynthesisSettings.RunSource run : s.runs()) {
      studies.addAll(RunEstimates.read(spark, run, s));
      if (pool) {
        Optional<List<LikelihoodProfile>> p = ProfileReader.read(spark, RunEstimates.folder(spark, run),
            run.label(), s, missingProfiles);
        p.ifPresent(profiles::addAll);
      }
    }
    if (!missingProfiles.isEmpty()) {
      // Pooling only some of the runs' profiles would be a different question: pool none.
      System.err.println("note: no profile-likelihood pooling: " + String.join("; ", missingProfiles));
      profiles.clear();
    }
    Synthesis synthesis = Synthesis.of(s, studies, profiles);
    Map<Mart, MartTable> marts = synthesis.marts(settings.privacy());
    marts.forEach((mart, rows) -> publisher.write(mart, rows, spark));
    progress.line("synthesize: %d studies pooled (%d from runs), %d marts written", studies.size(),
        studies.size() - published.size(), marts.size());
    try {
      SynthesisPage.write(synthesis, publisher.fileSystem(), publisher.stagingFolder(ReportWriter.FOLDER));
      progress.line("synthesis page written");
    } catch (RuntimeException | LinkageError e) {
      System.err.println("warning: the synthesis page could not be built; the marts are published without it: " + e);
    }
  }
}
