package org.npcoutcomes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JVM flags Spark needs on Java 17 live in the pom (tests) and the scripts (runs): they must agree. */
class JvmOptionsTest {
  private static String between(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
    assertTrue(m.find(), "pattern " + regex);
    return m.group(1).trim();
  }

  @Test
  void scriptsAndPomUseTheSameFlags() throws IOException {
    Path root = Path.of("..");
    String pom = Files.readString(root.resolve("pom.xml"));
    String script = Files.readString(root.resolve("scripts/jvm-options.sh"));
    assertEquals(between(pom, "<spark.jvm.opens>(.*?)</spark.jvm.opens>"),
        between(script, "NPC_JVM_OPENS=\"(.*?)\""));
  }
}
