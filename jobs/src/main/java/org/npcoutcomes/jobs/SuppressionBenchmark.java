package org.npcoutcomes.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.npcoutcomes.config.ConfigLoader;
import org.npcoutcomes.config.PipelineSettings;
import org.npcoutcomes.marts.Mart;
import org.npcoutcomes.marts.MartTable;
import org.npcoutcomes.plan.AnalyzeStage;
import org.npcoutcomes.plan.Progress;
import org.npcoutcomes.privacy.SmallCellSuppression;

/**
 * Times the small-cell suppression of one analysis alone: runs the analysis of {@code --config} files (and
 * {@code -Dkey=value} overrides, e.g. {@code -Danalyze.input=cohort.csv}) once, then suppresses its marts
 * with the configured policy {@code --repeat} times (default 5) and prints the median seconds, the cells
 * withheld as small and as complementary, and the complementary counts of at least min-cell in the marts a
 * paper prints ({@code --list}: each of them). For scripts/bench-suppression.sh; the run's own `--job analyze` includes the same step.
 */
public final class SuppressionBenchmark {
  /** The marts a paper prints (the report's tables). */
  private static final Set<Mart> PUBLICATION = Set.of(Mart.BASELINE, Mart.SURVIVAL_SUMMARY,
      Mart.SURVIVAL_AT_TIME, Mart.HAZARD_RATIO, Mart.COX_MODEL, Mart.FOREST, Mart.PROPENSITY_ADJUSTMENT);

  private SuppressionBenchmark() {}

  public static void main(String[] args) {
    List<Path> configs = new ArrayList<>();
    Map<String, String> overrides = new java.util.HashMap<>();
    int repeat = 5;
    boolean list = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        configs.add(Path.of(args[++i]));
      } else if (args[i].equals("--repeat")) {
        repeat = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--list")) {
        list = true;
      } else if (args[i].startsWith("-D") && args[i].contains("=")) {
        overrides.put(args[i].substring(2, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
      } else {
        System.err.println("usage: SuppressionBenchmark --config FILE... [-Dkey=value...] [--repeat N] [--list]");
        System.exit(NpcOutcomes.BAD_INPUT);
      }
    }
    PipelineSettings settings = PipelineSettings.from(ConfigLoader.load(configs, overrides));
    SparkSession spark = SparkSessions.create(settings.spark());
    try {
      Dataset<Row> cohort = CohortTables.read(spark, settings.analyze().input());
      long rows = cohort.count();
      Map<Mart, MartTable> marts = new AnalyzeStage(settings.analyze(), Progress.silent()).run(cohort);
      SmallCellSuppression suppression = new SmallCellSuppression(settings.privacy());
      double[] seconds = new double[repeat];
      Map<Mart, MartTable> out = null;
      for (int r = 0; r < repeat; r++) {
        long start = System.nanoTime();
        out = suppression.analysis(marts, settings.analyze().referenceArm(), settings.analyze().treatedArm());
        seconds[r] = (System.nanoTime() - start) / 1e9;
      }
      Arrays.sort(seconds);
      int minCell = settings.privacy().suppresses() ? settings.privacy().minCell() : Integer.MAX_VALUE;
      int small = 0;
      int complementary = 0;
      int largeInPublication = 0;
      for (Map.Entry<Mart, MartTable> e : out.entrySet()) {
        MartTable t = e.getValue();
        List<String> columns = List.of(t.schema().fieldNames());
        if (!columns.contains(SmallCellSuppression.FLAG)) {
          continue;
        }
        MartTable before = marts.get(e.getKey());
        int flag = t.schema().fieldIndex(SmallCellSuppression.FLAG);
        for (int i = 0; i < t.rows().size(); i++) {
          Object why = t.rows().get(i).get(flag);
          if (why == null) {
            continue;
          }
          for (String part : why.toString().split(",")) {
            String column = part.substring(0, part.indexOf(':'));
            if (part.endsWith(":small")) {
              small++;
            } else if (part.endsWith(":complementary")) {
              complementary++;
              Object value = before.rows().get(i).get(before.schema().fieldIndex(column));
              if (PUBLICATION.contains(e.getKey()) && value instanceof Number n && n.doubleValue() >= minCell) {
                largeInPublication++;
                if (list) {
                  Row row = before.rows().get(i);
                  List<Object> keys = new ArrayList<>();
                  for (int c = 0; c < Math.min(6, row.length()); c++) {
                    keys.add(row.get(c));
                  }
                  System.out.println("complementary " + e.getKey().tableName() + " " + column + " = " + n + " " + keys);
                }
              }
            }
          }
        }
      }
      System.out.printf(Locale.ROOT, "rows %d, policy %s, min-cell %s: suppression %.3f s (median of %d), "
          + "%d small and %d complementary counts withheld, %d complementary counts >= min-cell in the"
          + " publication marts%n", rows, settings.privacy().policy(), settings.privacy().suppresses()
          ? settings.privacy().minCell() : "-", seconds[repeat / 2], repeat, small, complementary, largeInPublication);
    } finally {
      spark.stop();
    }
  }
}
