package org.npcoutcomes.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads reference values written by the R scripts under {@code core/src/test/r/} and compares
 * our estimates with them. R writes NA as null and Inf/NaN as the strings "Inf", "-Inf", "NaN".
 */
public final class OracleFixture {
  /** The agreement with R that the project promises. */
  public static final double REL_TOL = 1e-6;

  private OracleFixture() {}

  /** Loads a JSON fixture from the test class path, e.g. {@code "/fixtures/oracle/lung.oracle.json"}. */
  public static JsonNode load(String resource) {
    try (InputStream in = OracleFixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A number as R wrote it: null becomes NaN, "Inf"/"-Inf"/"NaN" strings become their doubles. */
  public static double number(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Double.NaN;
    }
    if (node.isTextual()) {
      return switch (node.asText()) {
        case "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> Double.parseDouble(node.asText());
      };
    }
    return node.asDouble();
  }

  /** A JSON array (or a scalar, as R writes a length-1 vector) as doubles. */
  public static double[] numbers(JsonNode node) {
    if (node.isArray()) {
      double[] out = new double[node.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = number(node.get(i));
      }
      return out;
    }
    return new double[] {number(node)};
  }

  /** Walks a path of object keys, failing with the path when a key is absent. */
  public static JsonNode at(JsonNode root, String... keys) {
    JsonNode node = root;
    StringBuilder path = new StringBuilder();
    for (String key : keys) {
      path.append('.').append(key);
      node = node.get(key);
      if (node == null) {
        fail("fixture has no " + path);
      }
    }
    return node;
  }

  /**
   * Asserts agreement to a relative tolerance; an absolute floor of {@code relTol} stands for values
   * at or near zero, where a relative error is meaningless. NA in R must be NaN here.
   */
  public static void assertClose(double expected, double actual, double relTol, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + ": R gives NA, we gave " + actual);
      return;
    }
    if (Double.isInfinite(expected)) {
      assertEquals(expected, actual, what);
      return;
    }
    double scale = Math.max(Math.abs(expected), 1.0);
    double tol = relTol * scale;
    if (!(Math.abs(expected - actual) <= tol)) {
      fail(String.format("%s: expected %.17g, got %.17g (rel diff %.3g)", what, expected, actual,
          Math.abs(expected - actual) / Math.max(Math.abs(expected), Double.MIN_NORMAL)));
    }
  }

  public static void assertClose(double expected, double actual, String what) {
    assertClose(expected, actual, REL_TOL, what);
  }

  public static void assertAllClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], actual[i], what + "[" + i + "]");
    }
  }

  public static void assertAllClose(JsonNode expected, double[] actual, String what) {
    assertAllClose(numbers(expected), actual, what);
  }
}
