package io.journeyminer.conformance;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Translates a BPMN 2.0 process (as Camunda, Signavio, bpmn.io or ProM draw it) into a Petri net:
 *
 * <ul>
 *   <li>each sequence flow is a place;
 *   <li>a task is a transition labelled with its name (silent when it has none), taking a token
 *       from one incoming flow (several incoming flows merge exclusively, as BPMN reads them) and
 *       putting one on every outgoing flow;
 *   <li>an exclusive gateway is one silent transition per pair of incoming and outgoing flow;
 *   <li>a parallel gateway is one silent transition from all incoming to all outgoing flows;
 *   <li>a start event is a silent transition from a place holding the initial token; an end event
 *       a silent transition from each incoming flow to the one sink place, whose single token is
 *       the final marking.
 * </ul>
 *
 * Any other flow element (inclusive or event-based gateways, sub-processes, intermediate or
 * boundary events, ...) fails with its id and type: its semantics would otherwise be guessed.
 * Lanes, annotations, associations and data objects do not change the flow and are ignored.
 */
public final class BpmnReader {

  private static final Set<String> TASKS =
      Set.of("task", "userTask", "serviceTask", "manualTask", "sendTask", "receiveTask", "scriptTask", "businessRuleTask");
  private static final Set<String> IGNORED =
      Set.of(
          "documentation", "extensionElements", "laneSet", "textAnnotation", "association", "dataObject",
          "dataObjectReference", "dataStoreReference", "property", "ioSpecification", "group", "category");
  private static final String SINK = "end";

  private BpmnReader() {}

  private record Node(String id, String type, String name, List<String> incoming, List<String> outgoing) {}

  public static PetriNet read(String file, InputStream content) {
    Document document = ModelXml.parse(file, content);
    Element root = document.getDocumentElement();
    if (!"definitions".equals(ModelXml.localName(root))) {
      throw new ConformanceModelException(file + ": not a BPMN 2.0 file (the root element is <" + ModelXml.localName(root) + ">, expected <definitions>)");
    }
    List<Element> processes = ModelXml.children(root, "process");
    if (processes.size() != 1) {
      throw new ConformanceModelException(file + ": expected exactly one <process>, found " + processes.size());
    }
    Element process = processes.get(0);
    Map<String, Node> nodes = new LinkedHashMap<>();
    Map<String, String[]> flows = new LinkedHashMap<>();
    for (Element element : ModelXml.children(process)) {
      String type = ModelXml.localName(element);
      String id = element.getAttribute("id");
      if (IGNORED.contains(type)) {
        continue;
      }
      if ("sequenceFlow".equals(type)) {
        flows.put(id, new String[] {element.getAttribute("sourceRef"), element.getAttribute("targetRef")});
      } else if (TASKS.contains(type) || type.equals("startEvent") || type.equals("endEvent")
          || type.equals("exclusiveGateway") || type.equals("parallelGateway")) {
        if (type.endsWith("Event") && !ModelXml.children(element).stream()
            .map(ModelXml::localName)
            .allMatch(child -> child.equals("incoming") || child.equals("outgoing") || IGNORED.contains(child))) {
          String definition = ModelXml.children(element).stream().map(ModelXml::localName)
              .filter(child -> child.endsWith("EventDefinition")).findFirst().orElse("event definition");
          throw unsupported(file, id, type + " with " + definition);
        }
        nodes.put(id, new Node(id, TASKS.contains(type) ? "task" : type, element.getAttribute("name"), new ArrayList<>(), new ArrayList<>()));
      } else {
        throw unsupported(file, id, type);
      }
    }
    for (Map.Entry<String, String[]> flow : flows.entrySet()) {
      Node source = nodes.get(flow.getValue()[0]);
      Node target = nodes.get(flow.getValue()[1]);
      if (source == null || target == null) {
        throw new ConformanceModelException(
            file + ": sequence flow \"" + flow.getKey() + "\" joins \"" + flow.getValue()[0] + "\" and \"" + flow.getValue()[1]
                + "\", which are not both flow elements of the process");
      }
      source.outgoing().add(flow.getKey());
      target.incoming().add(flow.getKey());
    }
    PetriNet.Builder net = PetriNet.builder(file);
    flows.keySet().forEach(net::place);
    net.place(SINK);
    net.finalTokens(SINK, 1);
    boolean started = false;
    for (Node node : nodes.values()) {
      switch (node.type()) {
        case "startEvent" -> {
          String place = "start:" + node.id();
          net.place(place);
          net.initialTokens(place, 1);
          started = true;
          net.transition(node.id(), null);
          net.arc(place, node.id());
          node.outgoing().forEach(flow -> net.arc(node.id(), flow));
        }
        case "endEvent" -> {
          requireFlows(file, node, true, false);
          for (String flow : node.incoming()) {
            String transition = node.id() + ":" + flow;
            net.transition(transition, null);
            net.arc(flow, transition);
            net.arc(transition, SINK);
          }
        }
        case "task" -> {
          requireFlows(file, node, true, true);
          String input = node.incoming().get(0);
          if (node.incoming().size() > 1) {
            input = "merge:" + node.id();
            net.place(input);
            for (String flow : node.incoming()) {
              String merge = input + ":" + flow;
              net.transition(merge, null);
              net.arc(flow, merge);
              net.arc(merge, input);
            }
          }
          net.transition(node.id(), node.name());
          net.arc(input, node.id());
          node.outgoing().forEach(flow -> net.arc(node.id(), flow));
        }
        case "exclusiveGateway" -> {
          requireFlows(file, node, true, true);
          for (String in : node.incoming()) {
            for (String out : node.outgoing()) {
              String transition = node.id() + ":" + in + ":" + out;
              net.transition(transition, null);
              net.arc(in, transition);
              net.arc(transition, out);
            }
          }
        }
        case "parallelGateway" -> {
          requireFlows(file, node, true, true);
          net.transition(node.id(), null);
          node.incoming().forEach(flow -> net.arc(flow, node.id()));
          node.outgoing().forEach(flow -> net.arc(node.id(), flow));
        }
        default -> throw unsupported(file, node.id(), node.type());
      }
    }
    if (!started) {
      throw new ConformanceModelException(file + ": the process has no startEvent");
    }
    return net.build();
  }

  private static void requireFlows(String file, Node node, boolean incoming, boolean outgoing) {
    if (incoming && node.incoming().isEmpty() || outgoing && node.outgoing().isEmpty()) {
      throw new ConformanceModelException(
          file + ": " + node.type() + " \"" + node.id() + "\"" + (node.name().isEmpty() ? "" : " (" + node.name() + ")")
              + " has no " + (node.incoming().isEmpty() ? "incoming" : "outgoing") + " sequence flow");
    }
  }

  private static ConformanceModelException unsupported(String file, String id, String type) {
    return new ConformanceModelException(
        file + ": unsupported BPMN element \"" + id + "\" (" + type + "); supported are tasks, start and end events,"
            + " exclusive and parallel gateways and sequence flows");
  }
}
