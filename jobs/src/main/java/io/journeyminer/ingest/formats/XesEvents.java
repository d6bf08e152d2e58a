package io.journeyminer.ingest.formats;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/** The events of one XES document, read element by element as rows are asked for. */
final class XesEvents extends RowIterator {

  private static final String TRACE = "trace";
  private static final String EVENT = "event";
  private static final String KEY = "key";
  private static final String VALUE = "value";

  private final String file;
  private final XMLStreamReader xml;
  private final Deque<Row> ready = new ArrayDeque<>();
  private boolean ended;

  /** Element depth; the {@code <log>} element is at depth 1. */
  private int depth;
  private int traceDepth = -1;
  private int eventDepth = -1;
  private long eventNumber;
  private Map<String, String> traceAttributes;
  private List<OpenEvent> traceEvents;
  private OpenEvent event;

  /** An event read but not yet emitted, waiting for its trace to close. */
  private static final class OpenEvent {
    final long number;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final StringBuilder raw = new StringBuilder();
    boolean tagOpen;

    OpenEvent(long number) {
      this.number = number;
    }
  }

  XesEvents(String file, XMLStreamReader xml) {
    super(file);
    this.file = file;
    this.xml = xml;
  }

  /** A file that is not XML from its first byte: one malformed row. */
  static Iterator<Row> unreadable(String file, XMLStreamException e) {
    return List.of(
            RecordColumns.malformed(XesReader.SCHEMA.size(), file, 1, null, describe(e)))
        .iterator();
  }

  @Override
  protected Row advance() throws IOException {
    while (ready.isEmpty() && !ended) {
      try {
        step();
      } catch (XMLStreamException e) {
        if (e.getNestedException() instanceof IOException io) {
          throw io;
        }
        brokenAt(e);
      }
    }
    return ready.poll();
  }

  private void step() throws XMLStreamException {
    if (!xml.hasNext()) {
      ended = true;
      return;
    }
    switch (xml.next()) {
      case XMLStreamConstants.START_ELEMENT -> {
        depth++;
        started(xml.getLocalName());
      }
      case XMLStreamConstants.END_ELEMENT -> {
        ended(xml.getLocalName());
        depth--;
      }
      case XMLStreamConstants.END_DOCUMENT -> ended = true;
      default -> {
        // Text, comments and processing instructions carry nothing in XES.
      }
    }
  }

  private void started(String name) {
    if (traceDepth < 0) {
      if (name.equals(TRACE)) {
        traceDepth = depth;
        traceAttributes = new LinkedHashMap<>();
        traceEvents = new ArrayList<>();
      }
    } else if (eventDepth >= 0) {
      openTag(name);
      if (depth == eventDepth + 1) {
        keepAttribute(event.attributes);
      }
    } else if (depth == traceDepth + 1) {
      if (name.equals(EVENT)) {
        eventDepth = depth;
        eventNumber++;
        event = new OpenEvent(eventNumber);
        openTag(name);
      } else {
        keepAttribute(traceAttributes);
      }
    }
  }

  private void ended(String name) {
    if (eventDepth >= 0) {
      closeTag(name);
      if (depth == eventDepth) {
        traceEvents.add(event);
        event = null;
        eventDepth = -1;
      }
    } else if (depth == traceDepth) {
      emitTrace();
      traceDepth = -1;
    }
  }

  /** An attribute element with a key and a value; lists and containers have no value. */
  private void keepAttribute(Map<String, String> attributes) {
    String key = xml.getAttributeValue(null, KEY);
    String value = xml.getAttributeValue(null, VALUE);
    if (key != null && value != null) {
      attributes.put(key, value);
    }
  }

  private void emitTrace() {
    // One copy per trace, in file order: map order must not vary between runs.
    scala.collection.Map<String, String> trace =
        CollectionConverters.asScala(new LinkedHashMap<>(traceAttributes));
    int position = 0;
    for (OpenEvent done : traceEvents) {
      ready.add(row(done, trace, ++position));
    }
    traceEvents.clear();
  }

  private Row row(OpenEvent done, scala.collection.Map<String, String> trace, int positionInTrace) {
    Map<String, String> attributes = done.attributes;
    Object[] values = {
      traceAttributes.get("concept:name"),
      attributes.get("concept:name"),
      attributes.get("time:timestamp"),
      lifecycle(attributes.get("lifecycle:transition")),
      attributes.get("org:resource"),
      // Spark takes a Scala map for a MAP column of an external Row.
      CollectionConverters.asScala(attributes),
      trace,
      positionInTrace
    };
    return RecordColumns.row(values, file, done.number, done.raw.toString(), null);
  }

  /**
   * The XES standard's lifecycle transitions are lower-case ({@code complete}); logs such as BPIC
   * 2012 write them upper-case. One spelling lets a filter say {@code lifecycle = 'complete'}; the
   * event's attributes keep the value as written.
   */
  private static String lifecycle(String transition) {
    return transition == null ? null : transition.strip().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The document broke: the complete events of the open trace are still good, then one malformed
   * row stands for the rest of the file.
   */
  private void brokenAt(XMLStreamException e) {
    ended = true;
    String partial = null;
    long number = eventNumber + 1;
    if (event != null) {
      partial = event.raw.toString();
      number = event.number;
    }
    if (traceEvents != null) {
      emitTrace();
    }
    ready.add(RecordColumns.malformed(XesReader.SCHEMA.size(), file, number, partial, describe(e)));
  }

  private static String describe(XMLStreamException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int detail = message.indexOf("Message: ");
    if (detail >= 0) {
      message = message.substring(detail + "Message: ".length());
    }
    Location location = e.getLocation();
    String where =
        location == null
            ? ""
            : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    return "invalid XML" + where + ": " + message.strip();
  }

  // A compact copy of the event element, attribute order as in the file.
  private void openTag(String name) {
    StringBuilder raw = event.raw;
    if (event.tagOpen) {
      raw.append('>');
    }
    raw.append('<').append(name);
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      raw.append(' ').append(xml.getAttributeLocalName(i)).append("=\"");
      escape(xml.getAttributeValue(i), raw);
      raw.append('"');
    }
    event.tagOpen = true;
  }

  private void closeTag(String name) {
    if (event.tagOpen) {
      event.raw.append("/>");
    } else {
      event.raw.append("</").append(name).append('>');
    }
    event.tagOpen = false;
  }

  private static void escape(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
  }
}
