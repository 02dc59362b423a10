package org.npcoutcomes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void defaultsAreValid() {
    PipelineSettings s = PipelineSettings.from(ConfigLoader.load(List.of(), Map.of()));
    assertEquals("local", s.run().id());
    assertEquals(11, s.cohort().rules().size());
    assertEquals("nasopharynx", s.cohort().rules().get(0).name());
    assertEquals(List.of("8071", "8072", "8073", "8020", "8021", "8083", "8010", "8070"),
        s.cohort().rules().get(1).in());
    assertEquals("CHT+RT", s.cohort().arms().treatedLabel());
    assertEquals(0.05, s.input().maxRejectShare());
    assertTrue(s.cluster().localCluster());
    assertEquals("client", s.cluster().deployMode());
  }

  @Test
  void filesAreLayeredInOrderAndOverridesWin() throws IOException {
    Path a = file("a.conf", "run.id = first\nrun.output = out-a\nanalyze.times = [6]");
    Path b = file("b.conf", "run.id = second");
    PipelineSettings s = PipelineSettings.from(ConfigLoader.load(List.of(a, b),
        Map.of("run.output", "out-cli", "analyze.subgroups", "[\"sex\", \"t_group\"]")));
    assertEquals("second", s.run().id());
    assertEquals("out-cli", s.run().output());
    assertEquals(List.of(6.0), s.analyze().times());
    assertEquals(List.of("sex", "t_group"), s.analyze().subgroups());
  }

  @Test
  void unknownKeyIsRejectedWithItsName() throws IOException {
    Path a = file("typo.conf", "analyze { subgroup = [\"sex\"] }");
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> ConfigLoader.load(List.of(a), Map.of()));
    assertEquals("analyze.subgroup", e.key());
    assertTrue(e.getMessage().contains("typo.conf"), e.getMessage());
    assertTrue(e.getMessage().contains("analyze.subgroups"), "suggests the known key: " + e.getMessage());
  }

  @Test
  void unknownOverrideIsRejected() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> ConfigLoader.load(List.of(), Map.of("run.idd", "x")));
    assertEquals("run.idd", e.key());
  }

  @Test
  void missingConfigFileIsNamed() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> ConfigLoader.load(List.of(dir.resolve("nope.conf")), Map.of()));
    assertTrue(e.getMessage().contains("nope.conf"));
  }

  @Test
  void badValuesNameTheirKey() {
    assertEquals("quality.max-reject-share", keyOf(Map.of("quality.max-reject-share", "1.5")));
    assertEquals("analyze.ties", keyOf(Map.of("analyze.ties", "exact")));
    assertEquals("analyze.conf-type", keyOf(Map.of("analyze.conf-type", "arcsin")));
    assertEquals("run.id", keyOf(Map.of("run.id", "../escape")));
    assertEquals("spark.shuffle-partitions", keyOf(Map.of("spark.shuffle-partitions", "many")));
    assertEquals("analyze.treatment.treated",
        keyOf(Map.of("analyze.treatment.reference", "CHT", "analyze.treatment.treated", "CHT")));
    assertEquals("analyze.time", keyOf(Map.of("analyze.treatment.column", "arm")));
  }

  @Test
  void siteColumnsAreValidated() {
    assertEquals("analyze.sites", keyOf(Map.of("analyze.sites", "[\"registry\", \"registry\"]")));
    assertEquals("analyze.sites", keyOf(Map.of("analyze.sites", "[\"\"]")));
    assertEquals("analyze.sites", keyOf(Map.of("analyze.treatment.column", "arm", "analyze.sites", "[\"arm\"]")));
    PipelineSettings ok = PipelineSettings.from(ConfigLoader.load(List.of(),
        Map.of("analyze.subgroups", "[\"age_group\"]", "analyze.sites", "[\"registry\", \"age_group\"]")));
    assertEquals(List.of("registry", "age_group"), ok.analyze().sites());
    assertEquals(List.of("age_group", "registry"), ok.analyze().groupings(), "subgroups first, each column once");
  }

  @Test
  void ruleOnUnknownFieldIsRejected() throws IOException {
    Path a = file("rules.conf", "cohort.rules = [ { name = x, field = tumour_size, min = 1 } ]");
    assertEquals("cohort.rules[0].field", keyOf(a));
  }

  @Test
  void ruleWithTwoTestsIsRejected() throws IOException {
    Path a = file("rules.conf", "cohort.rules = [ { name = x, field = age, min = 1, in = [3] } ]");
    assertEquals("cohort.rules[0].name", keyOf(a));
  }

  @Test
  void overlappingBinsAreRejected() throws IOException {
    Path a = file("bins.conf", "cohort.covariates.binned = [ { name = g, field = age, bins = ["
        + "{ label = a, max = 50 }, { label = b, min = 50 } ] } ]");
    assertEquals("cohort.covariates.binned[0].bins", keyOf(a));
  }

  @Test
  void configDigestFollowsTheEffectiveConfig() {
    PipelineSettings a = PipelineSettings.from(ConfigLoader.load(List.of(), Map.of()));
    PipelineSettings b = PipelineSettings.from(ConfigLoader.load(List.of(), Map.of()));
    PipelineSettings c = PipelineSettings.from(ConfigLoader.load(List.of(), Map.of("analyze.rmst-tau", "36")));
    assertEquals(a.configDigest(), b.configDigest());
    assertNotEquals(a.configDigest(), c.configDigest());
    PipelineSettings elsewhere = PipelineSettings.from(ConfigLoader.load(List.of(),
        Map.of("cluster.master", "spark://10.0.0.1:7077", "cluster.executor-cores", "4")));
    assertEquals(a.configDigest(), elsewhere.configDigest(), "where a run runs is not what it computes");
  }

  private static String keyOf(Map<String, String> overrides) {
    return assertThrows(InvalidConfigException.class,
        () -> PipelineSettings.from(ConfigLoader.load(List.of(), overrides))).key();
  }

  private static String keyOf(Path file) {
    return assertThrows(InvalidConfigException.class,
        () -> PipelineSettings.from(ConfigLoader.load(List.of(file), Map.of()))).key();
  }
}
