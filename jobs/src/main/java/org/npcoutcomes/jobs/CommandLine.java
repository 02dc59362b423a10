package org.npcoutcomes.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsed arguments: {@code [--job J] [--config FILE]... [-Dkey=value]... [--help]}. */
public record CommandLine(Job job, List<Path> configFiles, Map<String, String> overrides, boolean help) {

  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: npc-outcomes [--job " + Job.names() + "] [--config FILE]... [-Dkey=value]...",
      "  --job       stage to run (default all); each stage reads what the previous one left in run.work-dir;",
      "              all and analyze also write <output>/<run id>/report/index.html; report rebuilds only that",
      "              from the run's published marts; synthesize pools published runs and estimates (synthesis block)",
      "  --config    HOCON file layered over the defaults (repeatable; later files win);",
      "              default conf/application.conf when it exists",
      "  -Dkey=value override one setting, e.g. -Drun.id=2026-11-24 -Danalyze.subgroups=[\"sex\"]",
      "exit codes: 0 published, 1 failed during the run (nothing published), 2 bad command line, config or input,",
      "            3 input failed a data-quality gate (nothing published)");

  public static CommandLine parse(String[] args, Path defaultConfig) {
    Job job = Job.ALL;
    List<Path> configs = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        help = true;
      } else if (a.equals("--job") || a.equals("--config")) {
        if (i + 1 >= args.length) {
          throw new UsageException(a + " needs a value");
        }
        String value = args[++i];
        if (a.equals("--job")) {
          job = Job.parse(value);
        } else {
          configs.add(Path.of(value));
        }
      } else if (a.startsWith("--job=")) {
        job = Job.parse(a.substring(6));
      } else if (a.startsWith("--config=")) {
        configs.add(Path.of(a.substring(9)));
      } else if (a.startsWith("-D") && a.indexOf('=') > 2) {
        overrides.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else {
        throw new UsageException("unknown argument '" + a + "'");
      }
    }
    if (configs.isEmpty() && defaultConfig != null && defaultConfig.toFile().isFile()) {
      configs.add(defaultConfig);
    }
    return new CommandLine(job, List.copyOf(configs), overrides, help);
  }
}
