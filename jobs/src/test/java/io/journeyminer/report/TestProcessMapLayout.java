package io.journeyminer.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.config.JourneyMap;
import io.journeyminer.report.ProcessMapLayout.Transition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The process map's layout (ELK layered) and edge classes on a small directly-follows graph. */
class TestProcessMapLayout {

  private static final JourneyMap MAP =
      new JourneyMap(
          List.of(
              new JourneyMap.Stage("awareness", List.of("ad_click")),
              new JourneyMap.Stage("consideration", List.of("product_view", "email_open")),
              new JourneyMap.Stage("purchase", List.of("web_purchase"))),
          Set.of("web_purchase"));

  private static final List<Transition> TRANSITIONS =
      List.of(
          new Transition("__start__", "ad_click", 100, 100, null, 0.3),
          new Transition("__start__", "product_view", 40, 40, null, 0.2),
          new Transition("ad_click", "product_view", 90, 90, 120.0, 0.3),
          new Transition("product_view", "product_view", 70, 50, 60.0, 0.3),
          new Transition("product_view", "ad_click", 15, 15, 3_600.0, 0.1),
          new Transition("product_view", "web_purchase", 35, 35, 300.0, 1.0),
          new Transition("ad_click", "web_purchase", 5, 5, 90_000.0, 1.0),
          new Transition("product_view", "chat", 3, 3, 30.0, 0.0),
          new Transition("product_view", "__end__", 100, 100, null, 0.0),
          new Transition("web_purchase", "__end__", 40, 40, null, 1.0),
          new Transition("chat", "__end__", 3, 3, null, 0.0));

  @Test
  void mostFrequentEdgesAreLaidOutLeftToRightWithoutOverlappingNodes() {
    ProcessMap map = new ProcessMapLayout(MAP, 8).layout(TRANSITIONS);

    assertThat(map.transitions()).isEqualTo(11);
    assertThat(map.edges()).hasSize(8).extracting(ProcessMap.Edge::rank).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(map.edges().get(0).count()).isEqualTo(100);
    assertThat(map.edges()).allMatch(edge -> edge.points().size() >= 2);
    Map<String, ProcessMap.Node> nodes = map.nodes().stream().collect(Collectors.toMap(ProcessMap.Node::id, Function.identity()));
    assertThat(nodes).doesNotContainKey("chat");
    assertThat(nodes.get("__start__").x()).isLessThan(nodes.get("ad_click").x());
    assertThat(nodes.get("ad_click").x()).isLessThan(nodes.get("web_purchase").x());
    assertThat(nodes.get("web_purchase").x()).isLessThan(nodes.get("__end__").x());
    // Sized by frequency: product_view (steps in: 40 + 90 + 70) is wider than web_purchase (35).
    assertThat(nodes.get("product_view").width()).isGreaterThan(nodes.get("web_purchase").width());
    for (ProcessMap.Node a : map.nodes()) {
      for (ProcessMap.Node b : map.nodes()) {
        boolean overlap = a != b && a.x() < b.x() + b.width() && b.x() < a.x() + a.width() && a.y() < b.y() + b.height() && b.y() < a.y() + a.height();
        assertThat(overlap).as(a.id() + " overlaps " + b.id()).isFalse();
      }
    }
    assertThat(map.width()).isLessThan(2_000);
    assertThat(map.edges().get(2).label()).isEqualTo("90 · 2 min");
  }

  @Test
  void edgesAreClassedAgainstTheStageOrder() {
    assertThat(EdgeKind.of("__start__", "ad_click", MAP)).isEqualTo(EdgeKind.INTENDED);
    assertThat(EdgeKind.of("product_view", "product_view", MAP)).isEqualTo(EdgeKind.INTENDED);
    assertThat(EdgeKind.of("product_view", "__end__", MAP)).isEqualTo(EdgeKind.INTENDED);
    assertThat(EdgeKind.of("product_view", "ad_click", MAP)).isEqualTo(EdgeKind.STAGE_REGRESSION);
    assertThat(EdgeKind.of("ad_click", "web_purchase", MAP)).isEqualTo(EdgeKind.STAGE_SKIP);
    assertThat(EdgeKind.of("__start__", "product_view", MAP)).isEqualTo(EdgeKind.STAGE_SKIP);
    assertThat(EdgeKind.of("product_view", "chat", MAP)).isEqualTo(EdgeKind.UNEXPECTED_TOUCHPOINT);
  }
}
