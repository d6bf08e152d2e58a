package io.journeyminer.ingest.formats;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.journeyminer.config.SourceConfig;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Apache/Nginx access logs in Combined Log Format (also the older Common format without referer
 * and user agent, and Combined lines with further fields after the user agent):
 * {@code host ident user [time] "request" status bytes "referer" "user agent"}.
 *
 * <p>{@code -} reads as null in ident, user, referer, user agent and bytes. The request line is
 * split into method, target and protocol when it has that shape; otherwise (a TLS handshake sent to
 * a plain-HTTP port, an empty request) those are null but the line is still a record. Only a line
 * whose overall structure does not match is malformed.
 */
final class ClfReader implements FormatReader {

  private final long maxRecordBytes;

  ClfReader(long maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  static final StructType SCHEMA =
      new StructType()
          .add("remote_addr", StringType, true)
          .add("ident", StringType, true)
          .add("remote_user", StringType, true)
          .add("time", StringType, true)
          .add("request", StringType, true)
          .add("method", StringType, true)
          .add("path", StringType, true)
          .add("url_path", StringType, true)
          .add("query", StringType, true)
          .add("protocol", StringType, true)
          .add("status", IntegerType, true)
          .add("bytes", LongType, true)
          .add("referer", StringType, true)
          .add("user_agent", StringType, true);

  // A quoted field in which \" and \\ are escapes (Apache and Nginx both write them so).
  private static final String QUOTED = "\"((?:[^\"\\\\]|\\\\.)*+)\"";
  private static final Pattern LINE =
      Pattern.compile(
          "^(\\S+) (\\S+) (.+?) \\[([^\\]]+)\\] "
              + QUOTED
              + " (\\d{3}|-) (\\d{1,18}|-)"
              + "(?: " + QUOTED + " " + QUOTED + "(?: .*)?)?\\s*$");
  private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern PROTOCOL = Pattern.compile("HTTP/\\d+(?:\\.\\d+)?");
  private static final Pattern ESCAPE = Pattern.compile("\\\\([\"\\\\])");

  @Override
  public Dataset<Row> read(SparkSession spark, SourceConfig source, String glob) {
    SourceFiles.checkOptions(source, Set.of());
    return StreamedFiles.read(
        spark,
        source,
        SourceFiles.list(spark, source, glob),
        RecordColumns.append(SCHEMA),
        new LineFileParser(ClfReader::row, SCHEMA.size(), maxRecordBytes));
  }

  private static Row row(String file, long recordNumber, String line) {
    Object[] values = parse(line);
    return values == null
        ? RecordColumns.malformed(
            SCHEMA.size(), file, recordNumber, line, "not a Combined Log Format line")
        : RecordColumns.row(values, file, recordNumber, line, null);
  }

  /** The parsed columns of a line, in {@link #SCHEMA} order, or null when it does not match. */
  static Object[] parse(String line) {
    Matcher matcher = LINE.matcher(line);
    if (!matcher.matches()) {
      return null;
    }
    String request = unescape(matcher.group(5));
    RequestLine parts = RequestLine.of(request);
    return new Object[] {
      matcher.group(1),
      dashIsNull(matcher.group(2)),
      dashIsNull(matcher.group(3)),
      matcher.group(4),
      request,
      parts.method(),
      parts.target(),
      parts.path(),
      parts.query(),
      parts.protocol(),
      matcher.group(6).equals("-") ? null : Integer.valueOf(matcher.group(6)),
      matcher.group(7).equals("-") ? null : Long.valueOf(matcher.group(7)),
      dashIsNull(unescape(matcher.group(8))),
      dashIsNull(unescape(matcher.group(9)))
    };
  }

  private static String dashIsNull(String value) {
    return value == null || value.equals("-") ? null : value;
  }

  private static String unescape(String quoted) {
    return quoted == null ? null : ESCAPE.matcher(quoted).replaceAll("$1");
  }

  /** {@code METHOD target PROTOCOL}, or {@code METHOD target} (HTTP/0.9); all null otherwise. */
  private record RequestLine(String method, String target, String protocol) {

    static final RequestLine NONE = new RequestLine(null, null, null);

    static RequestLine of(String request) {
      String[] tokens = request.split(" ", -1);
      if (tokens.length < 2 || !METHOD.matcher(tokens[0]).matches()) {
        return NONE;
      }
      if (tokens.length == 2) {
        return tokens[1].isEmpty() ? NONE : new RequestLine(tokens[0], tokens[1], null);
      }
      String protocol = tokens[tokens.length - 1];
      if (!PROTOCOL.matcher(protocol).matches()) {
        return NONE;
      }
      // A target with unencoded spaces, as some clients send, is kept whole.
      String target = String.join(" ", Arrays.copyOfRange(tokens, 1, tokens.length - 1));
      return target.isEmpty() ? NONE : new RequestLine(tokens[0], target, protocol);
    }

    String path() {
      if (target == null) {
        return null;
      }
      int question = target.indexOf('?');
      return question < 0 ? target : target.substring(0, question);
    }

    String query() {
      if (target == null) {
        return null;
      }
      int question = target.indexOf('?');
      return question < 0 ? null : target.substring(question + 1);
    }
  }
}
