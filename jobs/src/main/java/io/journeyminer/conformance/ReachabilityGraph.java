package io.journeyminer.conformance;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every marking the net can reach from its initial marking, with the transitions between them,
 * computed once per run on the driver and broadcast with the net. Alignments then move along this
 * graph instead of firing transitions, and read two precomputed bounds for their heuristic:
 *
 * <ul>
 *   <li>{@link #distanceToFinal}: the fewest visible transitions from a marking to the final marking
 *       (silent ones are free), by a 0-1 breadth-first search backwards from the final marking;
 *       markings that cannot reach it are dead and never entered;
 *   <li>{@link #reachableLabels}: the labels that can still fire on some way from a marking to the
 *       final marking; an event whose label is not among them can only be a log move.
 * </ul>
 *
 * Bounded to {@link #MAX_MARKINGS} markings: a journey model with more is almost surely unbounded
 * (a loop that adds tokens), and the run fails naming the model instead of exhausting memory.
 */
public final class ReachabilityGraph implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final int MAX_MARKINGS = 50_000;
  static final int UNREACHABLE = Integer.MAX_VALUE / 4;

  private final PetriNet net;
  private final List<String> labels;
  private final Map<String, Integer> labelIndex;
  private final int[] transitionLabel;
  private final int initial;
  private final int finalMarking;
  private final int[] edgeStart;
  private final int[] edgeTransition;
  private final int[] edgeTarget;
  private final int[] distanceToFinal;
  private final int[] labelClass;
  private final long[][] classLabels;

  private ReachabilityGraph(PetriNet net) {
    this.net = net;
    this.labels = net.labels();
    this.labelIndex = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      labelIndex.put(labels.get(i), i);
    }
    List<PetriNet.Transition> transitions = net.transitions();
    transitionLabel = new int[transitions.size()];
    for (int t = 0; t < transitions.size(); t++) {
      transitionLabel[t] = transitions.get(t).silent() ? -1 : labelIndex.get(transitions.get(t).label());
    }
    Map<MarkingKey, Integer> index = new HashMap<>();
    List<int[]> markings = new ArrayList<>();
    List<int[]> successors = new ArrayList<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    int[] start = net.initialMarking();
    index.put(new MarkingKey(start), 0);
    markings.add(start);
    queue.add(0);
    List<Integer> edgeFrom = new ArrayList<>();
    List<Integer> edgeVia = new ArrayList<>();
    List<Integer> edgeTo = new ArrayList<>();
    while (!queue.isEmpty()) {
      int current = queue.poll();
      int[] marking = markings.get(current);
      for (int t = 0; t < transitions.size(); t++) {
        PetriNet.Transition transition = transitions.get(t);
        if (!enabled(transition, marking)) {
          continue;
        }
        int[] next = fire(transition, marking);
        MarkingKey key = new MarkingKey(next);
        Integer target = index.get(key);
        if (target == null) {
          if (markings.size() >= MAX_MARKINGS) {
            throw new ConformanceModelException(
                net.name() + ": the model reaches more than " + MAX_MARKINGS + " markings (is it unbounded, a loop that adds tokens?);"
                    + " conformance needs a bounded model");
          }
          target = markings.size();
          index.put(key, target);
          markings.add(next);
          queue.add(target);
        }
        edgeFrom.add(current);
        edgeVia.add(t);
        edgeTo.add(target);
      }
    }
    successors.clear();
    int count = markings.size();
    initial = 0;
    Integer end = index.get(new MarkingKey(net.finalMarking()));
    if (end == null) {
      throw new ConformanceModelException(net.name() + ": the final marking cannot be reached from the initial marking");
    }
    finalMarking = end;
    // Edges grouped by source marking (compressed rows).
    edgeStart = new int[count + 1];
    edgeFrom.forEach(from -> edgeStart[from + 1]++);
    for (int m = 0; m < count; m++) {
      edgeStart[m + 1] += edgeStart[m];
    }
    edgeTransition = new int[edgeFrom.size()];
    edgeTarget = new int[edgeFrom.size()];
    int[] fill = Arrays.copyOf(edgeStart, count);
    for (int e = 0; e < edgeFrom.size(); e++) {
      int slot = fill[edgeFrom.get(e)]++;
      edgeTransition[slot] = edgeVia.get(e);
      edgeTarget[slot] = edgeTo.get(e);
    }
    distanceToFinal = distancesToFinal(count);
    if (distanceToFinal[initial] >= UNREACHABLE) {
      throw new ConformanceModelException(net.name() + ": the final marking cannot be reached from the initial marking");
    }
    // Labels that can still fire on a way to the final marking, grouped into classes of equal sets.
    BitSet[] reachable = reachableLabelSets(count);
    Map<BitSet, Integer> classes = new HashMap<>();
    labelClass = new int[count];
    List<long[]> classList = new ArrayList<>();
    for (int m = 0; m < count; m++) {
      Integer id = classes.get(reachable[m]);
      if (id == null) {
        id = classList.size();
        classes.put(reachable[m], id);
        classList.add(Arrays.copyOf(reachable[m].toLongArray(), (labels.size() + 63) / 64));
      }
      labelClass[m] = id;
    }
    classLabels = classList.toArray(long[][]::new);
  }

  /** The reachability graph of a net; fails when it is too large or the final marking unreachable. */
  public static ReachabilityGraph of(PetriNet net) {
    return new ReachabilityGraph(net);
  }

  private int[] distancesToFinal(int count) {
    List<List<int[]>> incoming = new ArrayList<>(count);
    for (int m = 0; m < count; m++) {
      incoming.add(new ArrayList<>());
    }
    for (int m = 0; m < count; m++) {
      for (int e = edgeStart[m]; e < edgeStart[m + 1]; e++) {
        incoming.get(edgeTarget[e]).add(new int[] {m, transitionLabel[edgeTransition[e]] < 0 ? 0 : 1});
      }
    }
    int[] distance = new int[count];
    Arrays.fill(distance, UNREACHABLE);
    distance[finalMarking] = 0;
    java.util.ArrayDeque<Integer> deque = new java.util.ArrayDeque<>();
    deque.add(finalMarking);
    while (!deque.isEmpty()) {
      int m = deque.pollFirst();
      for (int[] edge : incoming.get(m)) {
        int candidate = distance[m] + edge[1];
        if (candidate < distance[edge[0]]) {
          distance[edge[0]] = candidate;
          if (edge[1] == 0) {
            deque.addFirst(edge[0]);
          } else {
            deque.addLast(edge[0]);
          }
        }
      }
    }
    return distance;
  }

  private BitSet[] reachableLabelSets(int count) {
    List<List<Integer>> predecessors = new ArrayList<>(count);
    for (int m = 0; m < count; m++) {
      predecessors.add(new ArrayList<>());
    }
    BitSet[] result = new BitSet[count];
    for (int m = 0; m < count; m++) {
      result[m] = new BitSet(labels.size());
    }
    for (int m = 0; m < count; m++) {
      if (distanceToFinal[m] >= UNREACHABLE) {
        continue;
      }
      for (int e = edgeStart[m]; e < edgeStart[m + 1]; e++) {
        if (distanceToFinal[edgeTarget[e]] < UNREACHABLE) {
          predecessors.get(edgeTarget[e]).add(m);
        }
      }
    }
    for (int label = 0; label < labels.size(); label++) {
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      for (int m = 0; m < count; m++) {
        if (distanceToFinal[m] >= UNREACHABLE) {
          continue;
        }
        for (int e = edgeStart[m]; e < edgeStart[m + 1]; e++) {
          if (transitionLabel[edgeTransition[e]] == label && distanceToFinal[edgeTarget[e]] < UNREACHABLE && !result[m].get(label)) {
            result[m].set(label);
            queue.add(m);
          }
        }
      }
      while (!queue.isEmpty()) {
        int m = queue.poll();
        for (int predecessor : predecessors.get(m)) {
          if (!result[predecessor].get(label)) {
            result[predecessor].set(label);
            queue.add(predecessor);
          }
        }
      }
    }
    return result;
  }

  private static boolean enabled(PetriNet.Transition transition, int[] marking) {
    int[] places = transition.inputPlaces();
    int[] weights = transition.inputWeights();
    for (int i = 0; i < places.length; i++) {
      if (marking[places[i]] < weights[i]) {
        return false;
      }
    }
    return true;
  }

  private static int[] fire(PetriNet.Transition transition, int[] marking) {
    int[] next = marking.clone();
    int[] in = transition.inputPlaces();
    int[] inWeights = transition.inputWeights();
    for (int i = 0; i < in.length; i++) {
      next[in[i]] -= inWeights[i];
    }
    int[] out = transition.outputPlaces();
    int[] outWeights = transition.outputWeights();
    for (int i = 0; i < out.length; i++) {
      next[out[i]] += outWeights[i];
    }
    return next;
  }

  private record MarkingKey(int[] tokens) {
    @Override
    public boolean equals(Object other) {
      return other instanceof MarkingKey key && Arrays.equals(tokens, key.tokens);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(tokens);
    }
  }

  public PetriNet net() {
    return net;
  }

  public int markings() {
    return distanceToFinal.length;
  }

  public int initial() {
    return initial;
  }

  public int finalMarking() {
    return finalMarking;
  }

  /** Label id of a touchpoint name, or -1 when no transition carries it. */
  public int labelId(String label) {
    Integer id = labelIndex.get(label);
    return id == null ? -1 : id;
  }

  public String label(int id) {
    return labels.get(id);
  }

  int edgeStart(int marking) {
    return edgeStart[marking];
  }

  int edgeEnd(int marking) {
    return edgeStart[marking + 1];
  }

  int edgeTransition(int edge) {
    return edgeTransition[edge];
  }

  int edgeTarget(int edge) {
    return edgeTarget[edge];
  }

  /** Label id of a transition, -1 when silent. */
  int transitionLabel(int transition) {
    return transitionLabel[transition];
  }

  /** Fewest visible transitions from the marking to the final marking; {@link #UNREACHABLE} when dead. */
  public int distanceToFinal(int marking) {
    return distanceToFinal[marking];
  }

  int labelClass(int marking) {
    return labelClass[marking];
  }

  int labelClasses() {
    return classLabels.length;
  }

  boolean classAllows(int labelClass, int label) {
    return label >= 0 && (classLabels[labelClass][label >>> 6] & (1L << (label & 63))) != 0;
  }

  /** Cost of the cheapest complete model run: the model half of the worst-case alignment. */
  public int shortestRun() {
    return distanceToFinal[initial];
  }
}
