package io.journeyminer.conformance;

import java.io.InputStream;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads a PNML place/transition net (ISO/IEC 15909-2, as ProM, pm4py and WoPeD write it) with its
 * initial and final marking.
 *
 * <ul>
 *   <li>A transition's label is its {@code <name><text>}; it is silent when it has none, or when a
 *       {@code <toolspecific activity="$invisible$">} marks it so (ProM's and pm4py's convention).
 *   <li>Arc weights come from {@code <inscription><text>}; arcs of another {@code <arctype>} than
 *       {@code normal} (reset, inhibitor) are refused with the arc's id.
 *   <li>The final marking is the first {@code <finalmarkings><marking>}; a net without one ends when
 *       one token lies in each place without outgoing arcs.
 * </ul>
 */
public final class PnmlReader {

  private static final String INVISIBLE = "$invisible$";

  private PnmlReader() {}

  public static PetriNet read(String file, InputStream content) {
    Document document = ModelXml.parse(file, content);
    Element root = document.getDocumentElement();
    if (!"pnml".equals(ModelXml.localName(root))) {
      throw new ConformanceModelException(file + ": not a PNML file (the root element is <" + ModelXml.localName(root) + ">, expected <pnml>)");
    }
    java.util.List<Element> nets = ModelXml.descendants(root, "net");
    if (nets.size() != 1) {
      throw new ConformanceModelException(file + ": expected exactly one <net>, found " + nets.size());
    }
    Element net = nets.get(0);
    PetriNet.Builder builder = PetriNet.builder(file);
    for (Element place : ModelXml.descendants(net, "place")) {
      if (place.hasAttribute("idref")) {
        continue; // a place of the final marking, read below
      }
      String id = requiredId(file, place);
      builder.place(id);
      String tokens = ModelXml.textOf(place, "initialMarking");
      if (tokens != null && !tokens.isEmpty()) {
        builder.initialTokens(id, count(file, "initial marking of place \"" + id + "\"", tokens));
      }
    }
    for (Element transition : ModelXml.descendants(net, "transition")) {
      String id = requiredId(file, transition);
      String label = ModelXml.textOf(transition, "name");
      for (Element tool : ModelXml.children(transition, "toolspecific")) {
        if (INVISIBLE.equals(tool.getAttribute("activity"))) {
          label = null;
        }
      }
      builder.transition(id, label);
    }
    for (String unsupported : new String[] {"referencePlace", "referenceTransition"}) {
      for (Element element : ModelXml.descendants(net, unsupported)) {
        throw new ConformanceModelException(file + ": unsupported PNML element \"" + element.getAttribute("id") + "\" (" + unsupported + ")");
      }
    }
    for (Element arc : ModelXml.descendants(net, "arc")) {
      String type = ModelXml.textOf(arc, "arctype");
      if (type != null && !type.isEmpty() && !"normal".equals(type)) {
        throw new ConformanceModelException(file + ": unsupported PNML element \"" + arc.getAttribute("id") + "\" (arc of type " + type + ")");
      }
      String inscription = ModelXml.textOf(arc, "inscription");
      int weight = inscription == null || inscription.isEmpty() ? 1 : count(file, "inscription of arc \"" + arc.getAttribute("id") + "\"", inscription);
      builder.arc(arc.getAttribute("source"), arc.getAttribute("target"), weight);
    }
    // A final-marking place holds its count directly: <place idref="p"><text>1</text></place>.
    for (Element finalMarkings : ModelXml.descendants(root, "finalmarkings")) {
      for (Element marking : ModelXml.children(finalMarkings, "marking")) {
        for (Element place : ModelXml.children(marking, "place")) {
          String tokens = ModelXml.children(place, "text").stream().map(text -> text.getTextContent().trim()).findFirst().orElse("1");
          builder.finalTokens(place.getAttribute("idref"), count(file, "final marking of place \"" + place.getAttribute("idref") + "\"", tokens));
        }
        break;
      }
      break;
    }
    if (!builder.hasFinalMarking()) {
      for (String sink : builder.sinkPlaces()) {
        builder.finalTokens(sink, 1);
      }
    }
    return builder.build();
  }

  private static String requiredId(String file, Element element) {
    String id = element.getAttribute("id");
    if (id.isEmpty()) {
      throw new ConformanceModelException(file + ": a <" + ModelXml.localName(element) + "> has no id");
    }
    return id;
  }

  private static int count(String file, String what, String text) {
    if (text == null) {
      return 0;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConformanceModelException(file + ": the " + what + " is \"" + text + "\", expected a whole number of tokens");
    }
  }
}
