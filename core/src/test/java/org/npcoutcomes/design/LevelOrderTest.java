package org.npcoutcomes.design;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LevelOrderTest {
  private static List<String> values(String... v) {
    return Arrays.asList(v);
  }

  @Test
  void declaredOrderFirstThenTextThenUnknownLast() {
    LevelOrder order = new LevelOrder(Map.of("age_group", List.of("<45", "45-64", ">=65")), Map.of(), Map.of(),
        Set.of());
    assertEquals(List.of("<45", "45-64", ">=65", "unknown"),
        order.arrange("age_group", values(">=65", "unknown", "45-64", null, "<45", "45-64")));
    // a declared level that is not observed gets no place, as R's model.matrix on those rows
    assertEquals(List.of("45-64", ">=65"), order.arrange("age_group", values(">=65", "45-64")));
  }

  @Test
  void numbersInNumericOrderAndTextAsText() {
    LevelOrder order = LevelOrder.natural();
    assertEquals(List.of("2", "9", "10"), order.arrange("x", values("10", "9", "2")));
    assertEquals(List.of("adeno", "large", "smallcell", "squamous"),
        order.arrange("celltype", values("squamous", "smallcell", "adeno", "large")));
    assertEquals(List.of("black", "white", "Unknown", "unknown/missing"),
        order.arrange("race", values("unknown/missing", "white", "Unknown", "black")));
  }

  @Test
  void referenceMovesToTheFrontAsRelevel() {
    LevelOrder order = new LevelOrder(Map.of("size", List.of("<=20", "20-50", ">50")), Map.of(),
        Map.of("size", "20-50"), Set.of("not recorded"));
    assertEquals(List.of("20-50", "<=20", ">50", "not recorded"),
        order.arrange("size", values(">50", "not recorded", "<=20", "20-50")));
    // a reference absent from the rows leaves the first observed level as the reference
    assertEquals(List.of("<=20", ">50"), order.arrange("size", values(">50", "<=20")));
    assertEquals("size=20-50", LevelOrder.describeReferences(Map.of("size", List.of("20-50", "<=20"))));
  }

  @Test
  void configuredOrderWinsOverDerivedAndDerivedOnlyFitsItsOwnLevels() {
    LevelOrder order = new LevelOrder(Map.of("t", List.of("b", "a")), Map.of(), Map.of(), Set.of())
        .withDerived(Map.of("t", List.of("a", "b"), "age_group", List.of("<45", "45-64", ">=65", "unknown")),
            Set.of("unknown"));
    assertEquals(List.of("b", "a"), order.arrange("t", values("a", "b")));
    assertEquals(List.of("<45", ">=65", "unknown"), order.arrange("age_group", values("unknown", ">=65", "<45")));
    // another table's age_group, with levels the cohort never derives, keeps its natural order
    assertEquals(List.of("<65", ">=65"), order.arrange("age_group", values(">=65", "<65")));
  }
}
