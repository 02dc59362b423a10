package org.npcoutcomes.jobs;

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
import org.apache.spark.sql.types.StructType;
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
import org.npcoutcomes.marts.MartFiles;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.marts.PrivateFiles;
import org.npcoutcomes.marts.RunManifest;
import org.npcoutcomes.marts.RunPublisher;
import org.npcoutcomes.plan.AnalyzeStage;
import org.npcoutcomes.plan.Progress;
import org.npcoutcomes.privacy.SmallCellSuppression;
import org.npcoutcomes.report.MartReader;
import org.npcoutcomes.report.Report;
import org.npcoutcomes.report.ReportWriter;
import org.npcoutcomes.synthesize.SiteSynthesis;

/**
 * One execution of a job: checks everything it needs before any work, runs the stages, and publishes
 * their marts atomically (all or nothing) under {@code <output>/<run id>}. Every aggregate mart is published
 * through small-cell suppression ({@code privacy}); the patient-level ones under {@code restricted/} as they are.
 */
public final class PipelineRun {
  private final PipelineSettings settings;
  private final Job job;
  private final Clock clock;
  private final StageData stageData;
  private final Progress progress;
  private final SmallCellSuppression suppression;
  private final PrivateFiles privateFiles;
  private List<InputFiles.Resolved> inputs = List.of();
  private List<InputFiles.Resolved> analyzeInputs = List.of();
  private SourceMapping mapping;
  private List<org.npcoutcomes.synthesize.Study> publishedStudies = List.of();
  /** The run id's locks, taken by {@link #preflight}, released when the run ends. */
  private final List<RunLock> locks = new ArrayList<>();

  public PipelineRun(PipelineSettings settings, Job job, Clock clock) {
    this(settings, job, clock, Progress.silent());
  }

  public PipelineRun(PipelineSettings settings, Job job, Clock clock, Progress progress) {
    this.progress = progress;
    this.settings = settings;
    this.job = job;
    this.clock = clock;
    this.privateFiles = new PrivateFiles(settings.run().restrictedGroup());
    this.stageData = new StageData(settings.run().workDir(), settings.run().id(), privateFiles);
    this.suppression = new SmallCellSuppression(settings.privacy());
  }

  /**
   * Everything that can be checked without Spark work; failures are config/input errors (exit 2). Last, takes
   * the run id's lock in the output and work folders (which also proves them writable): the caller must end the
   * run with {@link #execute} or {@link #release}.
   */
  public void preflight(Configuration hadoopConf) {
    if (job.reads(Job.INGEST) || job == Job.CLEAN) {
      mapping = SourceMapping.load(Path.of(settings.input().sourceMapping()));
    }
    if (job.reads(Job.INGEST) || job == Job.CLEAN) {
      inputs = InputFiles.resolve(hadoopConf, settings.input().paths(), "input.paths");
    }
    if (job.reads(Job.INGEST)) {
      new ExtractReader(mapping).check(hadoopConf, inputs.stream().map(InputFiles.Resolved::path).toList());
    }
    switch (job) {
      case CLEAN -> stageData.requireComplete(hadoopConf, StageData.RAW, "ingest");
      case COHORT -> stageData.requireComplete(hadoopConf, StageData.CLEAN, "clean");
      case ANALYZE -> {
        settings.analyze().requireConfigured();
        if (settings.analyze().input().isEmpty()) {
          stageData.requireComplete(hadoopConf, StageData.COHORT, "cohort");
        } else {
          analyzeInputs = InputFiles.resolve(hadoopConf, List.of(settings.analyze().input()), "analyze.input");
        }
      }
      default -> { }
    }
    if (job == Job.ALL) {
      settings.analyze().requireConfigured();
    }
    if (job == Job.SYNTHESIZE) {
      publishedStudies = SynthesisJob.preflight(settings.synthesis(), hadoopConf);
    }
    if (job == Job.REPORT) {
      String manifest = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(outputRoot(), settings.run().id()),
          Mart.RUN_MANIFEST.relativePath()).toString();
      try {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(manifest);
        if (!p.getFileSystem(hadoopConf).exists(p)) {
          throw new InvalidConfigException("run.id", "no published run '" + settings.run().id() + "' under "
              + outputRoot() + " (no " + manifest + "); run --job all or --job analyze for it first");
        }
      } catch (java.io.IOException e) {
        throw new InvalidConfigException("run.output", "cannot read " + manifest + ": " + e.getMessage());
      }
    }
    lock(hadoopConf);
  }

  /** Takes the run id's lock in every folder the job writes to, or none of them. */
  private void lock(Configuration hadoopConf) {
    java.util.Map<String, String> folders = new java.util.LinkedHashMap<>();
    folders.put(outputRoot(), (job == Job.ANALYZE || job == Job.REPORT) && !settings.analyze().output().isEmpty()
        ? "analyze.output" : "run.output");
    if (job != Job.REPORT && !(job == Job.ANALYZE && !settings.analyze().input().isEmpty())) {
      folders.putIfAbsent(settings.run().workDir(), "run.work-dir");
    }
    if (!settings.run().restrictedOutput().isEmpty() && job != Job.REPORT) {
      folders.putIfAbsent(settings.run().restrictedOutput(), "run.restricted-output");
    }
    try {
      for (var folder : folders.entrySet()) {
        String qualified = qualified(hadoopConf, folder.getKey());
        if (locks.stream().noneMatch(l -> qualified(hadoopConf, l.file().getParent().toString()).equals(qualified))) {
          locks.add(RunLock.acquire(hadoopConf, folder.getKey(), folder.getValue(), settings.run().id(), job.label(),
              settings.run().lockStaleAfter(), clock));
        }
      }
    } catch (RuntimeException e) {
      release();
      throw e;
    }
  }

  private static String qualified(Configuration hadoopConf, String folder) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(folder);
    try {
      return p.getFileSystem(hadoopConf).makeQualified(p).toString();
    } catch (java.io.IOException e) {
      return folder;
    }
  }

  /** Releases the run id's locks (idempotent); {@link #execute} does it when it ends. */
  public void release() {
    for (RunLock lock : locks) {
      lock.close();
    }
    locks.clear();
  }

  /** Where the run's folder is: analyze.output for the jobs that only analyse, when it is set. */
  private String outputRoot() {
    return (job == Job.ANALYZE || job == Job.REPORT) && !settings.analyze().output().isEmpty()
        ? settings.analyze().output() : settings.run().output();
  }

  /** Runs the job and publishes; returns where the marts are. */
  public org.apache.hadoop.fs.Path execute(SparkSession spark) {
    try {
      return executeLocked(spark);
    } finally {
      release();
    }
  }

  private org.apache.hadoop.fs.Path executeLocked(SparkSession spark) {
    Instant started = clock.instant();
    RunPublisher publisher = new RunPublisher(spark.sparkContext().hadoopConfiguration(), outputRoot(),
        settings.run().id(), settings.run().publish(), privateFiles,
        job == Job.REPORT ? "" : settings.run().restrictedOutput());
    if (job == Job.REPORT) {
      return rebuildReport(spark, publisher);
    }
    try {
      List<InputFile> inputFiles = runStages(spark, publisher);
      List<MartCount> counts = new ArrayList<>();
      publisher.written().forEach((mart, rows) -> counts.add(new MartCount(mart.tableName(), mart.relativePath(), rows)));
      counts.sort((a, b) -> a.mart().compareTo(b.mart()));
      boolean readExtract = job == Job.CLEAN || job == Job.ALL;
      String mappingFile = readExtract ? settings.input().sourceMapping() : null;
      Long seed = job.reads(Job.ANALYZE) ? settings.analyze().propensity().seed() : null;
      RunManifest manifest = new RunManifest(settings.run().id(), job.label(), "succeeded", started, clock.instant(),
          settings.configDigest(), seed, mappingFile, readExtract
              ? InputFiles.sha256(spark.sparkContext().hadoopConfiguration(), mappingFile) : null,
          BuildInfo.codeVersion(), spark.version(), inputFiles, counts,
          settings.effectiveConfigJson(), settings.privacy().policy(),
          settings.privacy().suppresses() ? settings.privacy().minCell() : null,
          publisher.restrictedTarget().toString());
      publisher.write(Mart.RUN_MANIFEST, manifest.toDataset(spark), true);
      if (job.writesReport()) {
        writeReport(spark, publisher);
      }
      publisher.commit();
      return publisher.target();
    } catch (Exception e) {
      // Exception: a failed Spark job throws SparkException, checked but undeclared; rethrown as it is.
      publisher.abort();
      stageData.discardStaging(spark.sparkContext().hadoopConfiguration());
      throw e;
    }
  }

  /**
   * The report, built from the marts as they will be published (this job's in staging, the others' carried
   * over) and written into staging, so it appears with them. Should it fail, the marts are published with a
   * page saying why, and {@code --job report} can build it later.
   */
  private void writeReport(SparkSession spark, RunPublisher publisher) {
    org.apache.hadoop.fs.Path folder = publisher.stagingFolder(ReportWriter.FOLDER);
    try {
      ReportWriter.write(Report.of(MartReader.read(spark, publisher::currentLocation)), publisher.fileSystem(),
          folder);
      progress.line("report written");
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: a driver whose JVM cannot load AWT's native text rendering (Batik needs it for the PNGs)
      System.err.println("warning: the report could not be built; the marts are published with a page saying"
          + " why (rebuild it with --job report): " + e);
      try {
        publisher.fileSystem().delete(folder, true);
      } catch (java.io.IOException ignored) {
        // the error page below overwrites nothing it needs
      }
      ReportWriter.write(Report.failed(settings.run().id(), e), publisher.fileSystem(), folder);
    }
  }

  /** {@code --job report}: the report of the published run rebuilt from its marts, swapped in alone. */
  private org.apache.hadoop.fs.Path rebuildReport(SparkSession spark, RunPublisher publisher) {
    Report report = Report.of(MartReader.read(spark, publisher::currentLocation));
    publisher.replacePublished(ReportWriter.FOLDER, folder -> ReportWriter.write(report, publisher.fileSystem(),
        folder));
    progress.line("report: %d figures", report.figures().size());
    return publisher.target();
  }

  private List<InputFile> runStages(SparkSession spark, RunPublisher publisher) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<InputFile> inputFiles = List.of();
    Dataset<Row> clean = null;
    Dataset<Row> cohort = null;
    if (job == Job.INGEST) {
      String staged = stageData.staging(conf, StageData.RAW);
      reader(spark).save(spark, staged);
      stageData.commit(conf, StageData.RAW, staged);
      progress.line("ingest: %d input files read", inputs.size());
    }
    if (job == Job.CLEAN || job == Job.ALL) {
      // The input files' checksums are read on the driver while Spark parses the files, not after.
      InputDigests digests = InputDigests.start(conf, inputs);
      RawExtract raw = job == Job.ALL ? reader(spark) : RawExtract.load(spark, stageData.location(StageData.RAW));
      String staged = stageData.staging(conf, StageData.CLEAN);
      CleanStage.CleanOutput cleaned = new CleanStage(mapping).run(raw, staged);
      // One pass over the clean records gives the completeness mart and the clean records of each file.
      Completeness.Result completeness = Completeness.compute(cleaned.clean());
      publisher.write(Mart.COMPLETENESS, suppression.completeness(completeness.table()), spark);
      DataQuality quality = DataQuality.publish(spark, publisher, cleaned.rejects(), cleaned.rejectCount(),
          DataQuality.DRIVER_ROWS, suppression::dataQuality);
      inputFiles = new QualityGate(settings.input().maxRejectShare()).check(inputs, raw.linesRead().get(),
          completeness.recordsByFile(), quality.rejectsByFile(), quality::topReasons, digests::sha256);
      // The clean stage is complete once its records passed the data-quality gate.
      stageData.commit(conf, StageData.CLEAN, staged);
      clean = CleanStage.read(spark, stageData.location(StageData.CLEAN));
      progress.line("ingest + clean: %,d lines read, %,d clean, %,d rejected",
          inputFiles.stream().mapToLong(InputFile::rowsRead).sum(),
          inputFiles.stream().mapToLong(InputFile::rowsClean).sum(),
          inputFiles.stream().mapToLong(InputFile::rowsRejected).sum());
    }
    if (job == Job.COHORT || job == Job.ALL) {
      if (clean == null) {
        clean = CleanStage.read(spark, stageData.location(StageData.CLEAN));
      }
      CohortStage.Output staged = new CohortStage(settings.cohort()).run(clean);
      String stagedCohort = stageData.staging(conf, StageData.COHORT);
      staged.cohort().write().mode(SaveMode.Overwrite).parquet(stagedCohort);
      // Read back as written (the schema is known, so no job reads it from the files).
      StructType schema = staged.cohort().schema().asNullable();
      cohort = spark.read().schema(schema).parquet(stagedCohort);
      long patients = MartFiles.rowCount(conf, new org.apache.hadoop.fs.Path(stagedCohort));
      if (patients <= DataQuality.DRIVER_ROWS && MartFiles.writable(cohort.schema())) {
        publisher.write(Mart.COHORT, new MartTable(cohort.schema(), cohort.collectAsList())
            .sortedBy("patient_id", "sequence_number"), spark);
      } else {
        publisher.write(Mart.COHORT, cohort.orderBy("patient_id", "sequence_number"), true);
      }
      progress.line("cohort: %,d patients staged", patients);
      publisher.write(Mart.ATTRITION, suppression.attrition(MartTable.of(AttritionStep.class, staged.attrition())),
          spark);
      stageData.commit(conf, StageData.COHORT, stagedCohort);
      cohort = spark.read().schema(schema).parquet(stageData.location(StageData.COHORT));
    }
    if (job == Job.SYNTHESIZE) {
      new SynthesisJob(settings, progress).run(spark, publisher, publishedStudies);
    }
    if (job == Job.ANALYZE || job == Job.ALL) {
      if (cohort == null) {
        cohort = job == Job.ANALYZE && !settings.analyze().input().isEmpty()
            ? CohortTables.read(spark, settings.analyze().input())
            : spark.read().parquet(stageData.location(StageData.COHORT));
      }
      Map<Mart, MartTable> analysis = new AnalyzeStage(settings.analyze(), progress).run(cohort);
      List<String> siteNotes = new ArrayList<>();
      Map<Mart, MartTable> sites = SiteSynthesis.marts(settings.analyze(), settings.synthesis(), settings.privacy(),
          analysis, siteNotes);
      siteNotes.forEach(n -> progress.line("analyze: %s", n));
      Map<Mart, MartTable> marts = new java.util.LinkedHashMap<>(suppression.analysis(analysis,
          settings.analyze().referenceArm(), settings.analyze().treatedArm()));
      // the sites' pooled estimate carries no count of patients below min-cell (Synthesis withholds those)
      marts.putAll(sites);
      marts.forEach((mart, rows) -> publisher.write(mart, rows, spark));
      progress.line("analyze: %d marts written", marts.size());
    }
    if (job == Job.ANALYZE && !analyzeInputs.isEmpty()) {
      // The cohort table as it was read: fingerprinted like an extract (its rows are not counted line by line).
      List<InputFile> tables = new ArrayList<>();
      for (InputFiles.Resolved in : analyzeInputs) {
        tables.add(new InputFile(in.path(), InputFiles.sha256(conf, in.path()), in.sizeBytes(), 0, 0, 0));
      }
      inputFiles = tables;
    }
    return inputFiles;
  }

  /** A small aggregate collected to the driver, in its order, to be suppressed there. */
  private static MartTable collect(Dataset<Row> rows) {
    return new MartTable(rows.schema(), rows.collectAsList());
  }

  private RawExtract reader(SparkSession spark) {
    return new ExtractReader(mapping).read(spark, inputs.stream().map(InputFiles.Resolved::path).toList());
  }
}
