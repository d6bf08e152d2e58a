package io.journeyminer.ingest.formats;

import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import io.journeyminer.config.SourceConfig;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * IEEE 1849 XES event logs ({@code .xes}, {@code .xes.gz}), streamed with StAX: one row per
 * {@code <event>} of a {@code <trace>}. Events are held back only until their trace closes, so that
 * every trace attribute is known whatever its place in the trace; a whole log is never in memory.
 *
 * <p>{@code event_attributes} and {@code trace_attributes} hold every attribute with a value by its
 * key; the children of nested attributes (lists, containers, meta-attributes) are not in the maps
 * but are kept in {@code _raw}. {@code <global>} defaults are not applied. A document that stops
 * being well-formed XML ends its file with one malformed row.
 */
final class XesReader implements FormatReader {

  static final StructType SCHEMA =
      new StructType()
          .add("case_id", StringType, true)
          .add("activity", StringType, true)
          .add("timestamp", StringType, true)
          .add("lifecycle", StringType, true)
          .add("resource", StringType, true)
          .add("event_attributes", createMapType(StringType, StringType, true), true)
          .add("trace_attributes", createMapType(StringType, StringType, true), true)
          // 1-based position of the event in its trace: with case_id, the event's natural key.
          .add("event_index", org.apache.spark.sql.types.DataTypes.IntegerType, true);

  @Override
  public Dataset<Row> read(SparkSession spark, SourceConfig source, String glob) {
    SourceFiles.checkOptions(source, Set.of());
    return StreamedFiles.read(
        spark, source, SourceFiles.list(spark, source, glob), RecordColumns.append(SCHEMA), XesReader::rows);
  }

  private static Iterator<Row> rows(String file, InputStream content) {
    try {
      return new XesEvents(file, factory().createXMLStreamReader(content));
    } catch (XMLStreamException e) {
      return XesEvents.unreadable(file, e);
    }
  }

  private static XMLInputFactory factory() {
    // The JDK's own StAX parser, whatever else is on the cluster's classpath; no DTDs, no external
    // entities (an event log has neither, and they would let a file read others).
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory;
  }
}
