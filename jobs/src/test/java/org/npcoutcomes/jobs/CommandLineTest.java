package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void parsesJobConfigsAndOverrides() {
    CommandLine c = CommandLine.parse(new String[] {"--job", "analyze", "--config", "a.conf", "--config=b.conf",
        "-Drun.id=x", "-Danalyze.times=[1,2]"}, null);
    assertEquals(Job.ANALYZE, c.job());
    assertEquals(List.of(Path.of("a.conf"), Path.of("b.conf")), c.configFiles());
    assertEquals(Map.of("run.id", "x", "analyze.times", "[1,2]"), c.overrides());
  }

  @Test
  void reportIsAJobOfItsOwn() {
    assertEquals(Job.REPORT, CommandLine.parse(new String[] {"--job=report"}, null).job());
    assertTrue(CommandLine.USAGE.contains("|report|"), CommandLine.USAGE);
  }

  @Test
  void synthesizeIsAJobOfItsOwn() {
    assertEquals(Job.SYNTHESIZE, CommandLine.parse(new String[] {"--job", "synthesize"}, null).job());
    assertTrue(CommandLine.USAGE.contains("|synthesize]"), CommandLine.USAGE);
  }

  @Test
  void defaultsToAllAndTheDefaultConfigWhenItExists() {
    CommandLine c = CommandLine.parse(new String[0], Path.of("does-not-exist.conf"));
    assertEquals(Job.ALL, c.job());
    assertTrue(c.configFiles().isEmpty());
  }

  @Test
  void rejectsUnknownArgumentsAndJobs() {
    assertThrows(UsageException.class, () -> CommandLine.parse(new String[] {"--jobs", "all"}, null));
    assertThrows(UsageException.class, () -> CommandLine.parse(new String[] {"--job", "publish"}, null));
    assertThrows(UsageException.class, () -> CommandLine.parse(new String[] {"--config"}, null));
  }

  @Test
  void badInputExitsWithTwoBeforeAnyWork() {
    assertEquals(NpcOutcomes.BAD_INPUT, NpcOutcomes.run(new String[] {"--job", "nope"}));
    assertEquals(NpcOutcomes.BAD_INPUT, NpcOutcomes.run(new String[] {"-Drun.unknown=1"}));
    assertEquals(NpcOutcomes.BAD_INPUT, NpcOutcomes.run(new String[] {"-Dinput.paths=[\"no/such/file.csv\"]"}));
  }
}
