package io.journeyminer.conformance;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A labelled place/transition net with an initial and a final marking: the intended journey that
 * alignments are computed against. A transition's label is a touchpoint name; a transition without
 * label is silent (it moves the model without an observed touchpoint and costs nothing in an
 * alignment). Places and transitions are addressed by index; arcs carry weights.
 *
 * <p>Immutable and serializable: one instance is broadcast to the executors.
 */
public final class PetriNet implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One transition: its id in the source model, its label (null when silent) and its arcs. */
  public record Transition(String id, String label, int[] inputPlaces, int[] inputWeights, int[] outputPlaces, int[] outputWeights)
      implements Serializable {
    public Transition {
      Objects.requireNonNull(id, "id");
      inputPlaces = inputPlaces.clone();
      inputWeights = inputWeights.clone();
      outputPlaces = outputPlaces.clone();
      outputWeights = outputWeights.clone();
    }

    public boolean silent() {
      return label == null;
    }

    public Optional<String> labelIfAny() {
      return Optional.ofNullable(label);
    }
  }

  private final String name;
  private final List<String> places;
  private final List<Transition> transitions;
  private final int[] initialMarking;
  private final int[] finalMarking;

  private PetriNet(String name, List<String> places, List<Transition> transitions, int[] initialMarking, int[] finalMarking) {
    this.name = name;
    this.places = List.copyOf(places);
    this.transitions = List.copyOf(transitions);
    this.initialMarking = initialMarking.clone();
    this.finalMarking = finalMarking.clone();
  }

  /** Where the net came from (a file name or "journey map"), for messages and the manifest. */
  public String name() {
    return name;
  }

  public List<String> places() {
    return places;
  }

  public List<Transition> transitions() {
    return transitions;
  }

  public int[] initialMarking() {
    return initialMarking.clone();
  }

  public int[] finalMarking() {
    return finalMarking.clone();
  }

  /** The distinct labels of visible transitions. */
  public List<String> labels() {
    return transitions.stream().map(Transition::label).filter(Objects::nonNull).distinct().sorted().toList();
  }

  @Override
  public String toString() {
    return "PetriNet[" + name + ": " + places.size() + " places, " + transitions.size() + " transitions]";
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Adds places and transitions by id; arcs name them. */
  public static final class Builder {
    private final String name;
    private final List<String> places = new ArrayList<>();
    private final Map<String, Integer> placeIndex = new HashMap<>();
    private final Map<String, Integer> initial = new HashMap<>();
    private final Map<String, Integer> finalTokens = new HashMap<>();
    private final List<String> transitionIds = new ArrayList<>();
    private final List<String> transitionLabels = new ArrayList<>();
    private final Map<String, Integer> transitionIndex = new HashMap<>();
    private final List<Map<Integer, Integer>> inputs = new ArrayList<>();
    private final List<Map<Integer, Integer>> outputs = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder place(String id) {
      if (placeIndex.containsKey(id) || transitionIndex.containsKey(id)) {
        throw new ConformanceModelException(name + ": the id \"" + id + "\" is used twice");
      }
      placeIndex.put(id, places.size());
      places.add(id);
      return this;
    }

    public boolean hasPlace(String id) {
      return placeIndex.containsKey(id);
    }

    /** A transition; {@code label} null or blank makes it silent. */
    public Builder transition(String id, String label) {
      if (placeIndex.containsKey(id) || transitionIndex.containsKey(id)) {
        throw new ConformanceModelException(name + ": the id \"" + id + "\" is used twice");
      }
      transitionIndex.put(id, transitionIds.size());
      transitionIds.add(id);
      transitionLabels.add(label == null || label.isBlank() ? null : label.trim());
      inputs.add(new HashMap<>());
      outputs.add(new HashMap<>());
      return this;
    }

    /** An arc from a place to a transition or from a transition to a place. */
    public Builder arc(String source, String target, int weight) {
      if (weight < 1) {
        throw new ConformanceModelException(name + ": the arc from \"" + source + "\" to \"" + target + "\" has weight " + weight + "; weights must be at least 1");
      }
      Integer fromPlace = placeIndex.get(source);
      Integer toPlace = placeIndex.get(target);
      Integer fromTransition = transitionIndex.get(source);
      Integer toTransition = transitionIndex.get(target);
      if (fromPlace != null && toTransition != null) {
        inputs.get(toTransition).merge(fromPlace, weight, Integer::sum);
      } else if (fromTransition != null && toPlace != null) {
        outputs.get(fromTransition).merge(toPlace, weight, Integer::sum);
      } else {
        throw new ConformanceModelException(
            name + ": the arc from \"" + source + "\" to \"" + target + "\" does not join a place and a transition");
      }
      return this;
    }

    public Builder arc(String source, String target) {
      return arc(source, target, 1);
    }

    public Builder initialTokens(String place, int tokens) {
      requirePlace(place, "initial marking");
      initial.put(place, tokens);
      return this;
    }

    public Builder finalTokens(String place, int tokens) {
      requirePlace(place, "final marking");
      finalTokens.put(place, tokens);
      return this;
    }

    public boolean hasFinalMarking() {
      return finalTokens.values().stream().anyMatch(tokens -> tokens > 0);
    }

    /** Places without outgoing arcs: the final marking a model gives none. */
    public List<String> sinkPlaces() {
      boolean[] consumed = new boolean[places.size()];
      inputs.forEach(arcs -> arcs.keySet().forEach(place -> consumed[place] = true));
      List<String> sinks = new ArrayList<>();
      for (int i = 0; i < places.size(); i++) {
        if (!consumed[i]) {
          sinks.add(places.get(i));
        }
      }
      return sinks;
    }

    private void requirePlace(String place, String what) {
      if (!placeIndex.containsKey(place)) {
        throw new ConformanceModelException(name + ": the " + what + " names \"" + place + "\", which is not a place of the net");
      }
    }

    public PetriNet build() {
      if (initial.values().stream().noneMatch(tokens -> tokens > 0)) {
        throw new ConformanceModelException(name + ": the net has no initial marking (no place holds a token at the start)");
      }
      if (!hasFinalMarking()) {
        throw new ConformanceModelException(name + ": the net has no final marking");
      }
      List<Transition> transitions = new ArrayList<>();
      for (int t = 0; t < transitionIds.size(); t++) {
        int[][] in = arcs(inputs.get(t));
        int[][] out = arcs(outputs.get(t));
        transitions.add(new Transition(transitionIds.get(t), transitionLabels.get(t), in[0], in[1], out[0], out[1]));
      }
      int[] initialMarking = new int[places.size()];
      initial.forEach((place, tokens) -> initialMarking[placeIndex.get(place)] = tokens);
      int[] finalMarking = new int[places.size()];
      finalTokens.forEach((place, tokens) -> finalMarking[placeIndex.get(place)] = tokens);
      return new PetriNet(name, places, transitions, initialMarking, finalMarking);
    }

    private static int[][] arcs(Map<Integer, Integer> byPlace) {
      int[] placesOut = byPlace.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      int[] weights = Arrays.stream(placesOut).map(byPlace::get).toArray();
      return new int[][] {placesOut, weights};
    }
  }
}
