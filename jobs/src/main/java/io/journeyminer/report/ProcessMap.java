package io.journeyminer.report;

import java.util.List;

/**
 * The observed process map as laid out for the report: nodes (touchpoints, {@code __start__},
 * {@code __end__}) and the most frequent directly-follows edges, with coordinates in pixels.
 */
public record ProcessMap(double width, double height, List<Node> nodes, List<Edge> edges, int transitions) {

  public ProcessMap {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** A touchpoint (or start / end) with the number of steps through it. */
  public record Node(String id, String stage, long frequency, double x, double y, double width, double height) {}

  /**
   * A directly-follows edge: {@code rank} 1 is the most frequent; {@code kind} says how it relates
   * to the intended journey; {@code points} is the routed polyline, {@code labelX}/{@code labelY}
   * the top-left corner of its label.
   */
  public record Edge(
      String from,
      String to,
      int rank,
      long count,
      long journeys,
      Double medianSeconds,
      Double conversionRate,
      EdgeKind kind,
      String label,
      List<double[]> points,
      double labelX,
      double labelY) {
    public Edge {
      points = List.copyOf(points);
    }
  }
}
