package io.journeyminer.ingest.formats;

import static org.apache.spark.sql.types.DataTypes.StringType;

import io.journeyminer.config.SourceConfig;
import io.journeyminer.ingest.IngestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * CSV exports with a header row. Every column is a string; columns are matched by header name in
 * each file (case-insensitively, as Spark resolves names), so files whose headers list the columns
 * in another order, or lack some, read into the same columns. A record with another number of
 * fields than its file's header is malformed.
 *
 * <p>The parser is {@link CsvParser}, a small RFC 4180 state machine rather than a library, because
 * a record's exact original text (spanning its quoted line breaks) must be kept for replay and a
 * broken quote must cost one record, not the rest of the file.
 */
final class CsvReader implements FormatReader {

  private final long maxRecordBytes;

  CsvReader(long maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceConfig source, String glob) {
    CsvOptions options = CsvOptions.of(source);
    List<String> files = SourceFiles.list(spark, source, glob);
    List<String> columns = columnsOfAll(spark, source.name(), files, options, maxRecordBytes);
    StructType parsed = new StructType();
    for (String column : columns) {
      parsed = parsed.add(column, StringType, true);
    }
    RecordColumns.checkNoClash(source, parsed);
    return StreamedFiles.read(
        spark, source, files, RecordColumns.append(parsed), new CsvFileParser(options, columns, maxRecordBytes));
  }

  /**
   * The union of all files' header names, in order of first appearance (files sorted by path). One
   * small job reads just the first record of each file.
   */
  private static List<String> columnsOfAll(
      SparkSession spark, String source, List<String> files, CsvOptions options, long maxRecordBytes) {
    List<Tuple2<String, List<String>>> headers =
        new ArrayList<>(
            StreamedFiles.open(spark, files)
                .map(file -> new Tuple2<>(file._1(), headerOf(source, file._1(), file._2(), options, maxRecordBytes)))
                .collect());
    headers.sort(Comparator.comparing(Tuple2::_1));
    Map<String, String> columns = new LinkedHashMap<>();
    for (Tuple2<String, List<String>> header : headers) {
      for (String name : header._2()) {
        columns.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      }
    }
    return new ArrayList<>(columns.values());
  }

  private static List<String> headerOf(
      String source, String path, PortableDataStream stream, CsvOptions options, long maxRecordBytes) {
    try (InputStream content = StreamedFiles.content(path, stream)) {
      CsvParser.Record header = parser(content, options, maxRecordBytes).next();
      return header == null || header.malformed() != null ? List.of() : columnNames(header);
    } catch (IOException | RuntimeException e) {
      throw new IngestException(
          "source " + source + ": cannot read the header of file " + SourceFiles.uri(path) + ": " + e.getMessage(), e);
    }
  }

  /**
   * UTF-8 files (the default) keep their invalid bytes for the record's check; a source that
   * declares another encoding is decoded with it.
   */
  private static CsvParser parser(InputStream content, CsvOptions options, long maxRecordBytes) {
    Reader reader =
        options.charset().equals(StandardCharsets.UTF_8)
            ? InvalidBytes.utf8Reader(content)
            : new InputStreamReader(content, options.charset());
    return new CsvParser(reader, options, maxRecordBytes);
  }

  /**
   * Header fields as column names: trimmed, an empty one named {@code _c<position>} as Spark does,
   * a repeated one suffixed with its occurrence ({@code name_2}).
   */
  static List<String> columnNames(CsvParser.Record header) {
    List<String> names = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<String> fields = header.fields();
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.get(i) == null ? "" : fields.get(i).trim();
      if (name.isEmpty()) {
        name = "_c" + i;
      }
      int occurrence = seen.merge(name.toLowerCase(Locale.ROOT), 1, Integer::sum);
      names.add(occurrence == 1 ? name : name + "_" + occurrence);
    }
    return names;
  }

  /** Reads one file: its own header, then its records placed by column name. */
  private record CsvFileParser(CsvOptions options, List<String> columns, long maxRecordBytes)
      implements FileParser {

    @Override
    public Iterator<Row> rows(String file, InputStream content) throws IOException {
      CsvParser parser = parser(content, options, maxRecordBytes);
      CsvParser.Record header = parser.next();
      if (header == null) {
        return List.<Row>of().iterator();
      }
      if (header.malformed() != null) {
        // Without a header no record can be placed; the file counts as one broken record.
        return List.of(
                RecordColumns.malformed(
                    columns.size(), file, 1, header.raw(), "header: " + header.malformed()))
            .iterator();
      }
      int[] positions = positionsOf(columnNames(header));
      return new RowIterator(file) {
        private long recordNumber;

        @Override
        protected Row advance() throws IOException {
          CsvParser.Record record = parser.next();
          if (record == null) {
            return null;
          }
          recordNumber++;
          return toRow(file, recordNumber, record, positions);
        }
      };
    }

    /** For each header field of a file, the index of its column in the schema. */
    private int[] positionsOf(List<String> header) {
      Map<String, Integer> indexOfColumn = new HashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        indexOfColumn.put(columns.get(i).toLowerCase(Locale.ROOT), i);
      }
      int[] positions = new int[header.size()];
      for (int i = 0; i < header.size(); i++) {
        Integer position = indexOfColumn.get(header.get(i).toLowerCase(Locale.ROOT));
        if (position == null) {
          throw new IllegalStateException(
              "header column " + header.get(i) + " was not in the file when the schema was read; was it rewritten meanwhile?");
        }
        positions[i] = position;
      }
      return positions;
    }

    /** Where the first byte that is not UTF-8 is, or null when every field decoded. */
    private String invalidBytes(List<String> fields, int[] positions) {
      for (int i = 0; i < fields.size(); i++) {
        String value = fields.get(i);
        int invalid = value == null ? -1 : InvalidBytes.firstIndex(value);
        if (invalid >= 0) {
          return "invalid UTF-8 at byte " + InvalidBytes.bytePosition(value, invalid) + " of column "
              + columns.get(positions[i]);
        }
      }
      return null;
    }

    private Row toRow(String file, long recordNumber, CsvParser.Record record, int[] positions) {
      String malformed = record.malformed();
      if (malformed == null && record.fields().size() != positions.length) {
        malformed =
            "expected " + positions.length + " fields, found " + record.fields().size();
      }
      if (malformed == null) {
        malformed = invalidBytes(record.fields(), positions);
      }
      if (malformed != null) {
        return RecordColumns.malformed(
            columns.size(), file, recordNumber, InvalidBytes.shown(record.raw()), malformed);
      }
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < positions.length; i++) {
        values[positions[i]] = record.fields().get(i);
      }
      return RecordColumns.row(values, file, recordNumber, record.raw(), null);
    }
  }
}
