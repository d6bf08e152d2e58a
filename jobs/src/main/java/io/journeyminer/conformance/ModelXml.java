package io.journeyminer.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses a model file (BPMN or PNML) into a DOM, refusing DTDs and external entities: a model file
 * has neither, and they would let a file make the parser read others.
 */
final class ModelXml {

  private ModelXml() {}

  static Document parse(String file, InputStream content) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(content);
    } catch (SAXParseException e) {
      String reason = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
          ? "it declares a DTD (DOCTYPE), which model files must not"
          : e.getMessage();
      throw new ConformanceModelException(file + ": not readable XML at line " + e.getLineNumber() + ": " + reason, e);
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw new ConformanceModelException(file + ": cannot be read as XML: " + e.getMessage(), e);
    }
  }

  /** Element children of {@code parent}, in document order. */
  static List<Element> children(Element parent) {
    List<Element> result = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element) {
        result.add(element);
      }
    }
    return result;
  }

  static List<Element> children(Element parent, String localName) {
    return children(parent).stream().filter(e -> localName.equals(localName(e))).toList();
  }

  /** All descendants with this local name, in document order. */
  static List<Element> descendants(Element parent, String localName) {
    List<Element> result = new ArrayList<>();
    for (Element child : children(parent)) {
      if (localName.equals(localName(child))) {
        result.add(child);
      }
      result.addAll(descendants(child, localName));
    }
    return result;
  }

  static String localName(Element element) {
    return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
  }

  /** The text of {@code <child><text>..</text></child>} (PNML's way of holding values), or null. */
  static String textOf(Element parent, String child) {
    for (Element holder : children(parent, child)) {
      for (Element text : children(holder, "text")) {
        return text.getTextContent().trim();
      }
    }
    return null;
  }
}
