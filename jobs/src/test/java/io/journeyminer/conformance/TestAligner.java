package io.journeyminer.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.TestFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alignments whose optimal cost is known by hand, and the textbook running example. */
class TestAligner {

  /** a -> b -> c, a sequence. */
  private static PetriNet sequence() {
    return PetriNet.builder("sequence")
        .place("p0").place("p1").place("p2").place("p3")
        .transition("a", "a").transition("b", "b").transition("c", "c")
        .arc("p0", "a").arc("a", "p1").arc("p1", "b").arc("b", "p2").arc("p2", "c").arc("c", "p3")
        .initialTokens("p0", 1).finalTokens("p3", 1)
        .build();
  }

  private static Alignment align(PetriNet net, String... trace) {
    return new Aligner(ReachabilityGraph.of(net), 1_000_000).align(List.of(trace));
  }

  private static List<String> deviations(Alignment alignment) {
    return alignment.moves().stream()
        .filter(move -> move.kind() == Alignment.Kind.LOG || move.kind() == Alignment.Kind.MODEL)
        .map(move -> move.kind().name().toLowerCase() + ":" + move.touchpoint())
        .toList();
  }

  @Test
  void aFittingTraceCostsNothing() {
    Alignment alignment = align(sequence(), "a", "b", "c");

    assertThat(alignment.cost()).isZero();
    assertThat(alignment.fitness()).isEqualTo(1.0);
  }

  @Test
  void aSkippedTaskIsOneModelMove() {
    Alignment alignment = align(sequence(), "a", "c");

    assertThat(alignment.cost()).isEqualTo(1);
    assertThat(deviations(alignment)).containsExactly("model:b");
    // Worst case: 2 log moves + the 3-step model run.
    assertThat(alignment.worstCost()).isEqualTo(5);
    assertThat(alignment.fitness()).isEqualTo(1 - 1 / 5.0);
  }

  @Test
  void anInsertedTaskIsOneLogMove() {
    Alignment alignment = align(sequence(), "a", "b", "x", "c");

    assertThat(alignment.cost()).isEqualTo(1);
    assertThat(deviations(alignment)).containsExactly("log:x");
  }

  @Test
  void aSwappedPairCostsTwo() {
    Alignment alignment = align(sequence(), "a", "c", "b");

    assertThat(alignment.cost()).isEqualTo(2);
    assertThat(deviations(alignment)).hasSize(2);
  }

  @Test
  void anEmptyTraceCostsTheShortestRun() {
    Alignment alignment = align(sequence());

    assertThat(alignment.cost()).isEqualTo(3);
    assertThat(alignment.fitness()).isEqualTo(0.0);
  }

  @Test
  void aLoopRepeatsForFreeAndAnExtraEventIsALogMove() {
    // a (b)* c: b loops on p1.
    PetriNet loop =
        PetriNet.builder("loop")
            .place("p0").place("p1").place("p2")
            .transition("a", "a").transition("b", "b").transition("c", "c")
            .arc("p0", "a").arc("a", "p1").arc("p1", "b").arc("b", "p1").arc("p1", "c").arc("c", "p2")
            .initialTokens("p0", 1).finalTokens("p2", 1)
            .build();

    assertThat(align(loop, "a", "b", "b", "b", "c").cost()).isZero();
    assertThat(align(loop, "a", "c").cost()).isZero();
    Alignment extraA = align(loop, "a", "b", "a", "c");
    assertThat(extraA.cost()).isEqualTo(1);
    assertThat(deviations(extraA)).containsExactly("log:a");
  }

  @Test
  void aParallelSplitTakesBothOrdersAndMissesOneBranch() {
    // a, then b and c in parallel, then d.
    PetriNet parallel =
        PetriNet.builder("parallel")
            .place("p0").place("p1").place("p2").place("p3").place("p4").place("p5")
            .transition("a", "a").transition("b", "b").transition("c", "c").transition("d", "d")
            .arc("p0", "a").arc("a", "p1").arc("a", "p2")
            .arc("p1", "b").arc("b", "p3").arc("p2", "c").arc("c", "p4")
            .arc("p3", "d").arc("p4", "d").arc("d", "p5")
            .initialTokens("p0", 1).finalTokens("p5", 1)
            .build();

    assertThat(align(parallel, "a", "b", "c", "d").cost()).isZero();
    assertThat(align(parallel, "a", "c", "b", "d").cost()).isZero();
    Alignment missing = align(parallel, "a", "c", "d");
    assertThat(missing.cost()).isEqualTo(1);
    assertThat(deviations(missing)).containsExactly("model:b");
  }

  @Test
  void aSilentSkipCostsNothing() {
    // a, then b or a silent skip, then c.
    PetriNet skip =
        PetriNet.builder("skip")
            .place("p0").place("p1").place("p2").place("p3")
            .transition("a", "a").transition("b", "b").transition("tau", null).transition("c", "c")
            .arc("p0", "a").arc("a", "p1").arc("p1", "b").arc("b", "p2").arc("p1", "tau").arc("tau", "p2")
            .arc("p2", "c").arc("c", "p3")
            .initialTokens("p0", 1).finalTokens("p3", 1)
            .build();

    Alignment alignment = align(skip, "a", "c");
    assertThat(alignment.cost()).isZero();
    assertThat(alignment.moves()).extracting(Alignment.Move::kind)
        .containsExactly(Alignment.Kind.SYNC, Alignment.Kind.SILENT, Alignment.Kind.SYNC);
    // The cheapest complete run is a, tau, c: two visible transitions.
    assertThat(alignment.worstCost()).isEqualTo(4);
  }

  @Test
  void aSearchOverBudgetHasNoFitness() {
    Alignment alignment = new Aligner(ReachabilityGraph.of(sequence()), 2).align(List.of("x", "y", "z", "a", "b", "c"));

    assertThat(alignment.overBudget()).isTrue();
    assertThat(alignment.fitness()).isNull();
  }

  @Test
  void theHeuristicKeepsAlignmentsOptimalOnTheBpic2012Net() {
    // Every A* cost equals the cost Dijkstra's search (no heuristic) finds, on deviating traces.
    ReachabilityGraph graph = ReachabilityGraph.of(PetriNets.read(TestFiles.project().resolve("data-samples/models/bpic2012.pnml")));
    Aligner informed = new Aligner(graph, 1_000_000);
    Aligner dijkstra = Aligner.uninformed(graph, 10_000_000);
    List<List<String>> traces =
        List.of(
            List.of("A_SUBMITTED", "A_PARTLYSUBMITTED", "A_PREACCEPTED", "A_ACCEPTED", "O_SELECTED", "A_FINALIZED", "O_CREATED", "O_SENT",
                "W_Nabellen offertes", "O_SENT_BACK", "A_APPROVED", "O_ACCEPTED", "A_ACTIVATED", "A_REGISTERED"),
            List.of("A_PARTLYSUBMITTED", "A_SUBMITTED", "A_DECLINED"),
            List.of("A_SUBMITTED", "A_PARTLYSUBMITTED", "O_SENT", "A_ACCEPTED", "A_APPROVED", "W_Afhandelen leads"),
            List.of("A_SUBMITTED", "A_PARTLYSUBMITTED", "A_PREACCEPTED", "A_ACCEPTED", "O_SELECTED", "O_CREATED", "O_SENT", "O_SELECTED",
                "O_CREATED", "A_FINALIZED", "O_ACCEPTED", "A_DECLINED", "O_CANCELLED", "A_CANCELLED"),
            List.of("W_Completeren aanvraag", "A_ACTIVATED", "O_SENT_BACK"));
    for (List<String> trace : traces) {
      assertThat(informed.align(trace).cost()).as(trace.toString()).isEqualTo(dijkstra.align(trace).cost());
    }
    assertThat(informed.align(traces.get(0)).cost()).isZero();
    assertThat(informed.align(traces.get(1)).cost()).isEqualTo(2);
  }

  @Test
  void runningExampleFitsItsPetriNetAndItsBpmnModel() {
    PetriNet pnml = PetriNets.read(TestFiles.eventLog("running-example.pnml"));
    PetriNet bpmn = PetriNets.read(TestFiles.eventLog("running-example.bpmn"));
    List<List<String>> cases =
        List.of(
            List.of("register request", "examine thoroughly", "check ticket", "decide", "reject request"),
            List.of("register request", "check ticket", "examine casually", "decide", "pay compensation"),
            List.of("register request", "examine casually", "check ticket", "decide", "reinitiate request",
                "examine thoroughly", "check ticket", "decide", "pay compensation"));
    for (PetriNet net : List.of(pnml, bpmn)) {
      Aligner aligner = new Aligner(ReachabilityGraph.of(net), 1_000_000);
      for (List<String> trace : cases) {
        assertThat(aligner.align(trace).cost()).as(net.name() + " " + trace).isZero();
      }
      // Deciding twice without reinitiating: one log move.
      assertThat(aligner.align(List.of("register request", "check ticket", "examine casually", "decide", "decide", "pay compensation")).cost())
          .as(net.name()).isEqualTo(1);
    }
  }
}
