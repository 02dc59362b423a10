package org.npcoutcomes.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.clean.CleanStage;
import org.npcoutcomes.clean.Completeness;
import org.npcoutcomes.cohort.AttritionStep;
import org.npcoutcomes.cohort.CohortStage;
import org.npcoutcomes.config.InvalidConfigException;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.ingest.ExtractReader;
import org.npcoutcomes.ingest.InputFiles;
import org.npcoutcomes.ingest.RawExtract;
import org.npcoutcomes.ingest.SourceMapping;
import org.npcoutcomes.marts.BuildInfo;
import org.npcoutcomes.marts.InputFile;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartCount;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.marts.RecordRows;
import org.npcoutcomes.marts.RunManifest;
import org.npcoutcomes.marts.RunPublisher;
import org.npcoutcomes.plan.AnalyzeStage;
import org.npcoutcomes.plan.Progress;

/**
 * One execution of a job: checks everything it needs before any work, runs the stages, and publishes
 * their marts atomically (all or nothing) under {@code <output>/<run id>}.
 */
public final class PipelineRun {
  private final PipelineSettings settings;
  private final Job job;
  private final Clock clock;
  private final StageData stageData;
  private final Progress progress;
  private List<InputFiles.Resolved> inputs = List.of();
  private SourceMapping mapping;

  public PipelineRun(PipelineSettings settings, Job job, Clock clock) {
    this(settings, job, clock, Progress.silent());
  }

  public PipelineRun(PipelineSettings settings, Job job, Clock clock, Progress progress) {
    this.progress = progress;
    this.settings = settings;
    this.job = job;
    this.clock = clock;
    this.stageData = new StageData(settings.run().workDir(), settings.run().id());
  }

  /** Everything that can be checked without Spark work; failures are config/input errors (exit 2). */
  public void preflight(Configuration hadoopConf) {
    if (job.reads(Job.INGEST) || job == Job.CLEAN) {
      mapping = SourceMapping.load(Path.of(settings.input().sourceMapping()));
    }
    if (job.reads(Job.INGEST) || job == Job.CLEAN) {
      inputs = InputFiles.resolve(hadoopConf, settings.input().paths(), "input.paths");
    }
    switch (job) {
      case CLEAN -> requireStageData(hadoopConf, stageData.raw(), "ingest");
      case COHORT -> requireStageData(hadoopConf, stageData.clean(), "clean");
      case ANALYZE -> {
        settings.analyze().requireConfigured();
        if (settings.analyze().input().isEmpty()) {
          requireStageData(hadoopConf, stageData.cohort(), "cohort");
        } else {
          InputFiles.resolve(hadoopConf, List.of(settings.analyze().input()), "analyze.input");
        }
      }
      default -> { }
    }
    if (job == Job.ALL) {
      settings.analyze().requireConfigured();
    }
  }

  private void requireStageData(Configuration hadoopConf, String location, String stage) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      if (!p.getFileSystem(hadoopConf).exists(p)) {
        throw new InvalidConfigException("run.work-dir", "no " + stage + " output at " + location
            + "; run --job " + stage + " (or --job all) for run id '" + settings.run().id() + "' first");
      }
    } catch (java.io.IOException e) {
      throw new InvalidConfigException("run.work-dir", "cannot read " + location + ": " + e.getMessage());
    }
  }

  /** Runs the job and publishes; returns where the marts are. */
  public org.apache.hadoop.fs.Path execute(SparkSession spark) {
    Instant started = clock.instant();
    String outputRoot = job == Job.ANALYZE && !settings.analyze().output().isEmpty()
        ? settings.analyze().output() : settings.run().output();
    RunPublisher publisher = new RunPublisher(spark.sparkContext().hadoopConfiguration(), outputRoot,
        settings.run().id());
    try {
      List<InputFile> inputFiles = runStages(spark, publisher);
      List<MartCount> counts = new ArrayList<>();
      publisher.written().forEach((mart, rows) -> counts.add(new MartCount(mart.tableName(), mart.relativePath(), rows)));
      counts.sort((a, b) -> a.mart().compareTo(b.mart()));
      boolean readExtract = !inputFiles.isEmpty();
      String mappingFile = readExtract ? settings.input().sourceMapping() : null;
      Long seed = job.reads(Job.ANALYZE) ? settings.analyze().propensity().seed() : null;
      RunManifest manifest = new RunManifest(settings.run().id(), job.label(), "succeeded", started, clock.instant(),
          settings.configDigest(), seed, mappingFile, readExtract
              ? InputFiles.sha256(spark.sparkContext().hadoopConfiguration(), mappingFile) : null,
          BuildInfo.codeVersion(), spark.version(), inputFiles, counts,
          settings.effectiveConfigJson());
      publisher.write(Mart.RUN_MANIFEST, manifest.toDataset(spark), true);
      publisher.commit();
      return publisher.target();
    } catch (RuntimeException e) {
      publisher.abort();
      throw e;
    }
  }

  private List<InputFile> runStages(SparkSession spark, RunPublisher publisher) {
    List<InputFile> inputFiles = List.of();
    Dataset<Row> clean = null;
    Dataset<Row> cohort = null;
    if (job == Job.INGEST) {
      reader(spark).save(spark, stageData.raw());
      progress.line("ingest: %d input files read", inputs.size());
    }
    if (job == Job.CLEAN || job == Job.ALL) {
      RawExtract raw = job == Job.ALL ? reader(spark) : RawExtract.load(spark, stageData.raw());
      CleanStage.CleanOutput cleaned = new CleanStage(mapping).run(raw, stageData.clean());
      publisher.write(Mart.REJECTS, cleaned.rejects().orderBy("source_file", "line_number"), false);
      clean = cleaned.clean();
      publisher.write(Mart.COMPLETENESS, Completeness.compute(clean), true);
      Dataset<Row> publishedRejects = spark.read().parquet(publisher.stagingPath(Mart.REJECTS));
      publisher.write(Mart.DATA_QUALITY, publishedRejects.groupBy("source_file", "field", "reason")
          .agg(count(lit(1)).as("rows")).orderBy(col("rows").desc(), col("source_file")), true);
      inputFiles = new QualityGate(settings.input().maxRejectShare()).check(spark, inputs, raw.linesRead().get(), clean,
          publishedRejects);
      progress.line("ingest + clean: %,d lines read, %,d clean, %,d rejected",
          inputFiles.stream().mapToLong(InputFile::rowsRead).sum(),
          inputFiles.stream().mapToLong(InputFile::rowsClean).sum(),
          inputFiles.stream().mapToLong(InputFile::rowsRejected).sum());
    }
    if (job == Job.COHORT || job == Job.ALL) {
      if (clean == null) {
        clean = CleanStage.read(spark, stageData.clean());
      }
      CohortStage.Output staged = new CohortStage(settings.cohort()).run(clean);
      staged.cohort().write().mode(SaveMode.Overwrite).parquet(stageData.cohort());
      cohort = spark.read().parquet(stageData.cohort());
      long patients = publisher.write(Mart.COHORT, cohort.orderBy("patient_id", "sequence_number"), true);
      progress.line("cohort: %,d patients staged", patients);
      publisher.write(Mart.ATTRITION, spark.createDataFrame(RecordRows.toRows(staged.attrition()),
          RecordRows.schema(AttritionStep.class)), true);
    }
    if (job == Job.ANALYZE || job == Job.ALL) {
      if (cohort == null) {
        cohort = job == Job.ANALYZE && !settings.analyze().input().isEmpty()
            ? CohortTables.read(spark, settings.analyze().input())
            : spark.read().parquet(stageData.cohort());
      }
      Map<Mart, MartTable> marts = new AnalyzeStage(settings.analyze(), progress).run(cohort);
      marts.forEach((mart, rows) -> publisher.write(mart, rows, spark));
      progress.line("analyze: %d marts written", marts.size());
    }
    return inputFiles;
  }

  private RawExtract reader(SparkSession spark) {
    return new ExtractReader(mapping).read(spark, inputs.stream().map(InputFiles.Resolved::path).toList());
  }
}
