package io.journeyminer.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyminer.TestFiles;
import io.journeyminer.config.JourneyMap;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading BPMN and PNML models, and the journey map as a net. */
class TestModels {

  private static PetriNet bpmn(String process) {
    String xml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
          <process id="p">%s</process>
        </definitions>
        """.formatted(process);
    return BpmnReader.read("model.bpmn", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static int cost(PetriNet net, String... trace) {
    return new Aligner(ReachabilityGraph.of(net), 100_000).align(List.of(trace)).cost();
  }

  @Test
  void anUnsupportedBpmnElementFailsWithItsIdAndType() {
    assertThatThrownBy(() -> bpmn("<startEvent id=\"s\"/><inclusiveGateway id=\"gw-7\"/>"))
        .isInstanceOf(ConformanceModelException.class)
        .hasMessageContaining("model.bpmn")
        .hasMessageContaining("\"gw-7\"")
        .hasMessageContaining("inclusiveGateway");
    assertThatThrownBy(() -> bpmn("<startEvent id=\"s\"><timerEventDefinition/></startEvent>"))
        .hasMessageContaining("\"s\"")
        .hasMessageContaining("timerEventDefinition");
  }

  @Test
  void aBpmnParallelSplitAndExclusiveChoiceBecomeANet() {
    PetriNet net =
        bpmn(
            """
            <startEvent id="s"/><task id="a" name="a"/><parallelGateway id="split"/><task id="b" name="b"/>
            <task id="c" name="c"/><parallelGateway id="join"/><exclusiveGateway id="x"/><task id="d" name="d"/>
            <exclusiveGateway id="y"/><endEvent id="e"/>
            <sequenceFlow id="f1" sourceRef="s" targetRef="a"/><sequenceFlow id="f2" sourceRef="a" targetRef="split"/>
            <sequenceFlow id="f3" sourceRef="split" targetRef="b"/><sequenceFlow id="f4" sourceRef="split" targetRef="c"/>
            <sequenceFlow id="f5" sourceRef="b" targetRef="join"/><sequenceFlow id="f6" sourceRef="c" targetRef="join"/>
            <sequenceFlow id="f7" sourceRef="join" targetRef="x"/><sequenceFlow id="f8" sourceRef="x" targetRef="d"/>
            <sequenceFlow id="f9" sourceRef="x" targetRef="y"/><sequenceFlow id="f10" sourceRef="d" targetRef="y"/>
            <sequenceFlow id="f11" sourceRef="y" targetRef="e"/>
            """);

    assertThat(net.labels()).containsExactly("a", "b", "c", "d");
    assertThat(cost(net, "a", "c", "b", "d")).isZero();
    assertThat(cost(net, "a", "b", "c")).isZero();
    assertThat(cost(net, "a", "b", "d")).isEqualTo(1);
  }

  @Test
  void aModelWithADtdIsRefused() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE pnml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><pnml><net id=\"n\">&x;</net></pnml>";

    assertThatThrownBy(() -> PnmlReader.read("evil.pnml", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ConformanceModelException.class)
        .hasMessageContaining("evil.pnml")
        .hasMessageContaining("DTD");
  }

  @Test
  void publishedPnmlNetsKeepTheirSilentTransitionsAndFinalMarking() {
    PetriNet roadTraffic = PetriNets.read(TestFiles.eventLog("roadtraffic.pnml"));

    assertThat(roadTraffic.transitions()).hasSize(34);
    assertThat(roadTraffic.labels()).hasSize(11).contains("Create Fine", "Payment");
    assertThat(roadTraffic.transitions().stream().filter(PetriNet.Transition::silent).count()).isEqualTo(23);
    assertThat(roadTraffic.places()).hasSize(29);
    // Create Fine alone completes the model (the fine is dropped).
    assertThat(ReachabilityGraph.of(roadTraffic).shortestRun()).isEqualTo(1);
  }

  @Test
  void theJourneyMapNetAllowsAnyOrderWithinAStageAndSkipsOnlyOptionalStages() {
    JourneyMap map =
        new JourneyMap(
            List.of(
                new JourneyMap.Stage("awareness", List.of("ad", "search")),
                new JourneyMap.Stage("consideration", List.of("view", "email"), true, false, List.of(), Optional.empty()),
                new JourneyMap.Stage("purchase", List.of("buy"))),
            Set.of("buy"));
    PetriNet net = PetriNets.fromJourneyMap(map);

    assertThat(cost(net, "search", "ad", "ad", "email", "view", "buy")).isZero();
    // Optional consideration skipped; an abandoned prefix fits too.
    assertThat(cost(net, "ad", "buy")).isZero();
    assertThat(cost(net, "ad", "view")).isZero();
    // Back to awareness after consideration: one log move.
    assertThat(cost(net, "ad", "view", "search", "buy")).isEqualTo(1);
    // Starting in purchase skips the required awareness: one model move.
    assertThat(cost(net, "buy")).isEqualTo(1);
    // A touchpoint outside the map: one log move.
    assertThat(cost(net, "ad", "coupon", "buy")).isEqualTo(1);
    StageDeviations stages = new StageDeviations(map);
    assertThat(stages.of(List.of("buy", "ad", "coupon")))
        .containsExactly(
            new StageDeviations.Deviation(StageDeviations.STAGE_REGRESSION, "ad", "awareness"),
            new StageDeviations.Deviation(StageDeviations.UNEXPECTED_TOUCHPOINT, "coupon", "awareness"));
    assertThat(stages.of(List.of("buy"))).containsExactly(new StageDeviations.Deviation(StageDeviations.STAGE_SKIP, "buy", "awareness"));
    assertThat(stages.of(List.of("ad", "buy"))).isEmpty();
  }
}
