package io.journeyminer.conformance;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Cost-optimal alignments of traces against a Petri net (Adriansyah 2014; van Dongen 2018 for the
 * A* formulation): A* over the synchronous product, whose states are (events consumed, marking of
 * the net), moving along the net's precomputed {@link ReachabilityGraph}. Log moves and model moves
 * on visible transitions cost 1; synchronous moves and silent transitions cost 0.
 *
 * <p>Heuristic, admissible and consistent: of the events still to align, those whose touchpoint can
 * no longer fire on any way from the marking to the final marking ({@code U}) must be log moves; the
 * model still needs at least {@code d} visible transitions, of which at most the other remaining
 * events can be synchronous, so the rest ({@code d - (remaining - U)}) are model moves:
 * {@code h = U + max(0, d - (remaining - U))}. With a consistent heuristic the first time a state
 * is taken from the queue its cost is optimal, so states are closed once. Ties prefer states with
 * more events consumed, which reaches the goal with far fewer expansions.
 *
 * <p>A search that expands more than {@code maxExpandedStates} states stops and returns
 * {@link Alignment#overBudget}: the caller reports it and never invents a fitness for it.
 */
public final class Aligner implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Longest trace the priority encoding takes; longer ones are reported over budget. */
  static final int MAX_EVENTS = (1 << 19) - 1;
  private static final int MAX_NODES = 1 << 24;
  private static final int MOVE_LOG = -1;

  private final ReachabilityGraph graph;
  private final long maxExpandedStates;
  private final boolean informed;

  public Aligner(ReachabilityGraph graph, long maxExpandedStates) {
    this(graph, maxExpandedStates, true);
  }

  /** Dijkstra's search (no heuristic): the reference the tests check the heuristic's optimality against. */
  static Aligner uninformed(ReachabilityGraph graph, long maxExpandedStates) {
    return new Aligner(graph, maxExpandedStates, false);
  }

  private Aligner(ReachabilityGraph graph, long maxExpandedStates, boolean informed) {
    if (maxExpandedStates < 1) {
      throw new IllegalArgumentException(
          String.format("Cannot set conformance.max_expanded_states to %d, the value must be positive", maxExpandedStates));
    }
    this.graph = graph;
    this.maxExpandedStates = maxExpandedStates;
    this.informed = informed;
  }

  public ReachabilityGraph graph() {
    return graph;
  }

  public long maxExpandedStates() {
    return maxExpandedStates;
  }

  /** Aligns one trace of touchpoint names. */
  public Alignment align(List<String> trace) {
    int n = trace.size();
    int worst = n + graph.shortestRun();
    if (n > MAX_EVENTS) {
      return Alignment.overBudget(worst, 0);
    }
    int[] events = new int[n];
    for (int i = 0; i < n; i++) {
      events[i] = graph.labelId(trace.get(i));
    }
    return new Search(events, trace, worst).run();
  }

  /** The state of one A* search; not shared between traces. */
  private final class Search {
    private final int[] events;
    private final List<String> trace;
    private final int worst;
    private final int n;
    private final int[][] unmatchedFrom;
    private final LongIntMap best = new LongIntMap();
    private final LongHeap open = new LongHeap();
    private int[] nodeEvent = new int[1024];
    private int[] nodeMarking = new int[1024];
    private int[] nodeCost = new int[1024];
    private int[] nodeParent = new int[1024];
    private int[] nodeMove = new int[1024];
    private int nodes;

    Search(int[] events, List<String> trace, int worst) {
      this.events = events;
      this.trace = trace;
      this.worst = worst;
      this.n = events.length;
      this.unmatchedFrom = new int[graph.labelClasses()][];
    }

    Alignment run() {
      long markings = graph.markings();
      push(0, graph.initial(), 0, -1, 0);
      long expanded = 0;
      while (!open.isEmpty()) {
        int node = (int) (open.poll() & (MAX_NODES - 1));
        int event = nodeEvent[node];
        int marking = nodeMarking[node];
        int cost = nodeCost[node];
        long state = event * markings + marking;
        int known = best.get(state);
        if ((known & 1) == 1 || (known >> 1) < cost) {
          continue;
        }
        best.put(state, cost << 1 | 1);
        if (event == n && marking == graph.finalMarking()) {
          return new Alignment(cost, worst, moves(node), expanded, false);
        }
        if (++expanded > maxExpandedStates || nodes >= MAX_NODES - 64) {
          return Alignment.overBudget(worst, expanded);
        }
        if (event < n) {
          push(event + 1, marking, cost + 1, node, MOVE_LOG);
        }
        for (int e = graph.edgeStart(marking); e < graph.edgeEnd(marking); e++) {
          int target = graph.edgeTarget(e);
          if (graph.distanceToFinal(target) >= ReachabilityGraph.UNREACHABLE) {
            continue;
          }
          int transition = graph.edgeTransition(e);
          int label = graph.transitionLabel(transition);
          if (label < 0) {
            push(event, target, cost, node, transition);
          } else if (event < n && label == events[event]) {
            push(event + 1, target, cost, node, transition);
          } else {
            push(event, target, cost + 1, node, transition);
          }
        }
      }
      // The final marking is reachable from every live marking, so the queue never runs dry first.
      throw new IllegalStateException("No alignment found for a trace of " + n + " events against " + graph.net().name());
    }

    private void push(int event, int marking, int cost, int parent, int move) {
      long state = event * (long) graph.markings() + marking;
      int known = best.get(state);
      if (known != LongIntMap.MISSING && ((known & 1) == 1 || (known >> 1) <= cost)) {
        return;
      }
      best.put(state, cost << 1);
      int node = nodes++;
      if (node == nodeEvent.length) {
        int size = node * 2;
        nodeEvent = Arrays.copyOf(nodeEvent, size);
        nodeMarking = Arrays.copyOf(nodeMarking, size);
        nodeCost = Arrays.copyOf(nodeCost, size);
        nodeParent = Arrays.copyOf(nodeParent, size);
        nodeMove = Arrays.copyOf(nodeMove, size);
      }
      nodeEvent[node] = event;
      nodeMarking[node] = marking;
      nodeCost[node] = cost;
      nodeParent[node] = parent;
      nodeMove[node] = move;
      long f = cost + heuristic(event, marking);
      open.add(f << 43 | (long) (MAX_EVENTS - event) << 24 | node);
    }

    private int heuristic(int event, int marking) {
      if (!informed) {
        return 0;
      }
      int labelClass = graph.labelClass(marking);
      int[] unmatched = unmatchedFrom[labelClass];
      if (unmatched == null) {
        unmatched = new int[n + 1];
        for (int i = n - 1; i >= 0; i--) {
          unmatched[i] = unmatched[i + 1] + (graph.classAllows(labelClass, events[i]) ? 0 : 1);
        }
        unmatchedFrom[labelClass] = unmatched;
      }
      int logOnly = unmatched[event];
      int matchable = n - event - logOnly;
      return logOnly + Math.max(0, graph.distanceToFinal(marking) - matchable);
    }

    private List<Alignment.Move> moves(int goal) {
      List<Alignment.Move> moves = new ArrayList<>();
      for (int node = goal; nodeParent[node] >= 0; node = nodeParent[node]) {
        int move = nodeMove[node];
        if (move == MOVE_LOG) {
          moves.add(new Alignment.Move(Alignment.Kind.LOG, trace.get(nodeEvent[node] - 1), null));
          continue;
        }
        PetriNet.Transition transition = graph.net().transitions().get(move);
        Alignment.Kind kind;
        if (transition.silent()) {
          kind = Alignment.Kind.SILENT;
        } else if (nodeEvent[node] > nodeEvent[nodeParent[node]]) {
          kind = Alignment.Kind.SYNC;
        } else {
          kind = Alignment.Kind.MODEL;
        }
        moves.add(new Alignment.Move(kind, transition.label(), transition.id()));
      }
      Collections.reverse(moves);
      return moves;
    }
  }

  /** Open addressing from a state key to {@code cost << 1 | closed}. */
  static final class LongIntMap {
    static final int MISSING = Integer.MIN_VALUE;
    private long[] keys = new long[1 << 12];
    private int[] values = new int[1 << 12];
    private boolean[] used = new boolean[1 << 12];
    private int size;

    int get(long key) {
      int mask = keys.length - 1;
      for (int slot = mix(key) & mask; used[slot]; slot = (slot + 1) & mask) {
        if (keys[slot] == key) {
          return values[slot];
        }
      }
      return MISSING;
    }

    void put(long key, int value) {
      if (size * 2 >= keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int slot = mix(key) & mask;
      while (used[slot] && keys[slot] != key) {
        slot = (slot + 1) & mask;
      }
      if (!used[slot]) {
        used[slot] = true;
        keys[slot] = key;
        size++;
      }
      values[slot] = value;
    }

    private void grow() {
      long[] oldKeys = keys;
      int[] oldValues = values;
      boolean[] oldUsed = used;
      keys = new long[oldKeys.length * 2];
      values = new int[oldKeys.length * 2];
      used = new boolean[oldKeys.length * 2];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldUsed[i]) {
          put(oldKeys[i], oldValues[i]);
        }
      }
    }

    private static int mix(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }
  }

  /** A binary min-heap of longs (priority in the high bits, node in the low bits). */
  static final class LongHeap {
    private long[] heap = new long[1024];
    private int size;

    boolean isEmpty() {
      return size == 0;
    }

    void add(long value) {
      if (size == heap.length) {
        heap = Arrays.copyOf(heap, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (heap[parent] <= value) {
          break;
        }
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = value;
    }

    long poll() {
      long top = heap[0];
      long last = heap[--size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && heap[child + 1] < heap[child]) {
          child++;
        }
        if (heap[child] >= last) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
      return top;
    }
  }
}
