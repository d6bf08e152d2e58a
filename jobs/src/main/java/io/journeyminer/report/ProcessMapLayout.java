package io.journeyminer.report;

import io.journeyminer.config.JourneyMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays out the directly-follows graph with the Eclipse Layout Kernel's layered algorithm (Sugiyama
 * style: cycle breaking, layering, crossing minimisation, node placement, edge routing; the
 * {@code org.eclipse.elk.layered} algorithm of ELK), left to right from {@code __start__}.
 *
 * <p>Runs on the driver over the run's {@code transitions} table, which has at most one row per
 * pair of touchpoints (hundreds of rows, never per-event data): only the {@code maxEdges} most
 * frequent edges are laid out, so the map stays readable and the layout takes well under a second.
 */
public final class ProcessMapLayout {

  private static final double CHAR_WIDTH = 6.6;
  private static final double LABEL_HEIGHT = 14;
  private static final double MIN_NODE_WIDTH = 90;
  private static final double MAX_EXTRA_WIDTH = 90;

  static {
    LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
  }

  private final JourneyMap journeyMap;
  private final int maxEdges;

  public ProcessMapLayout(JourneyMap journeyMap, int maxEdges) {
    if (maxEdges < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "Cannot set maxEdges to %d, the value must be positive.", maxEdges));
    }
    this.journeyMap = journeyMap;
    this.maxEdges = maxEdges;
  }

  /** One directly-follows pair from the transitions table. */
  public record Transition(String from, String to, long count, long journeys, Double medianSeconds, Double conversionRate) {}

  public ProcessMap layout(List<Transition> transitions) {
    List<Transition> top =
        transitions.stream()
            .sorted(Comparator.comparingLong(Transition::count).reversed().thenComparing(Transition::from).thenComparing(Transition::to))
            .limit(maxEdges)
            .toList();
    Map<String, Long> frequency = new LinkedHashMap<>();
    for (Transition transition : transitions) {
      // Steps through a node: what flows in (start: what flows out).
      frequency.merge(transition.to(), transition.count(), Long::sum);
      if (transition.from().equals(EdgeKind.START)) {
        frequency.merge(EdgeKind.START, transition.count(), Long::sum);
      }
    }
    long maxFrequency = Math.max(1, frequency.values().stream().mapToLong(Long::longValue).max().orElse(1));

    ElkNode graph = ElkGraphUtil.createGraph();
    graph.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
    graph.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
    graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
    graph.setProperty(CoreOptions.SPACING_NODE_NODE, 24.0);
    graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 60.0);
    graph.setProperty(CoreOptions.PADDING, new ElkPadding(20));

    Map<String, ElkNode> nodes = new LinkedHashMap<>();
    for (Transition transition : top) {
      for (String id : List.of(transition.from(), transition.to())) {
        nodes.computeIfAbsent(id, name -> node(graph, name, frequency.getOrDefault(name, 0L), maxFrequency));
      }
    }
    Map<ElkEdge, Transition> edges = new LinkedHashMap<>();
    for (Transition transition : top) {
      ElkEdge edge = ElkGraphUtil.createSimpleEdge(nodes.get(transition.from()), nodes.get(transition.to()));
      // Labels are placed on the routed edge afterwards: as layout labels, layered ELK gives each
      // one a dummy node in its own layer, which doubles the map's width.
      edges.put(edge, transition);
    }

    new RecursiveGraphLayoutEngine().layout(graph, new BasicProgressMonitor());

    List<ProcessMap.Node> laidOutNodes = new ArrayList<>();
    nodes.forEach(
        (id, node) ->
            laidOutNodes.add(
                new ProcessMap.Node(
                    id,
                    journeyMap.stageOf(id).orElse(id.startsWith("__") ? "" : "(not in the map)"),
                    frequency.getOrDefault(id, 0L),
                    node.getX(),
                    node.getY(),
                    node.getWidth(),
                    node.getHeight())));
    List<ProcessMap.Edge> laidOutEdges = new ArrayList<>();
    int rank = 0;
    for (Map.Entry<ElkEdge, Transition> entry : edges.entrySet()) {
      ElkEdge edge = entry.getKey();
      Transition transition = entry.getValue();
      List<double[]> points = new ArrayList<>();
      for (ElkEdgeSection section : edge.getSections()) {
        points.add(new double[] {section.getStartX(), section.getStartY()});
        for (ElkBendPoint bend : section.getBendPoints()) {
          points.add(new double[] {bend.getX(), bend.getY()});
        }
        points.add(new double[] {section.getEndX(), section.getEndY()});
      }
      String label = edgeLabel(transition);
      double[] middle = middle(points);
      laidOutEdges.add(
          new ProcessMap.Edge(
              transition.from(),
              transition.to(),
              ++rank,
              transition.count(),
              transition.journeys(),
              transition.medianSeconds(),
              transition.conversionRate(),
              EdgeKind.of(transition.from(), transition.to(), journeyMap),
              label,
              points,
              middle[0] - textWidth(label) / 2,
              middle[1] - LABEL_HEIGHT));
    }
    return new ProcessMap(graph.getWidth(), graph.getHeight(), laidOutNodes, laidOutEdges, transitions.size());
  }

  /** A node whose area grows with its frequency, never narrower than its name. */
  private static ElkNode node(ElkNode graph, String id, long frequency, long maxFrequency) {
    ElkNode node = ElkGraphUtil.createNode(graph);
    node.setIdentifier(id);
    double scale = Math.sqrt((double) frequency / maxFrequency);
    double width = Math.max(textWidth(id) + 16, MIN_NODE_WIDTH + MAX_EXTRA_WIDTH * scale);
    double height = 28 + 26 * scale;
    node.setDimensions(width, height);
    return node;
  }

  /** The point halfway along a polyline. */
  static double[] middle(List<double[]> points) {
    double length = 0;
    for (int i = 1; i < points.size(); i++) {
      length += Math.hypot(points.get(i)[0] - points.get(i - 1)[0], points.get(i)[1] - points.get(i - 1)[1]);
    }
    double remaining = length / 2;
    for (int i = 1; i < points.size(); i++) {
      double[] a = points.get(i - 1);
      double[] b = points.get(i);
      double segment = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (segment >= remaining && segment > 0) {
        double t = remaining / segment;
        return new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])};
      }
      remaining -= segment;
    }
    return points.isEmpty() ? new double[] {0, 0} : points.get(0);
  }

  static String edgeLabel(Transition transition) {
    String count = String.format(Locale.ROOT, "%,d", transition.count());
    return transition.medianSeconds() == null ? count : count + " · " + Durations.brief(transition.medianSeconds());
  }

  private static double textWidth(String text) {
    return Math.ceil(text.length() * CHAR_WIDTH) + 4;
  }
}
