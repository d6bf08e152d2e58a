package io.journeyminer.query;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Prints a query result in one of the {@link ResultFormat}s. Values are rendered by Spark (cast to
 * string, or {@code to_json} for JSON lines) so that timestamps follow the session's UTC zone and
 * arrays and structs print as Spark SQL shows them. CSV and JSON stream the rows partition by
 * partition ({@code toLocalIterator}); the aligned table needs every printed row for its widths, so
 * it holds at most {@code limit} rows ({@link #TEXT_DEFAULT_LIMIT} unless given).
 */
public final class ResultPrinter {

  public static final int TEXT_DEFAULT_LIMIT = 1_000;
  private static final String NULL_TEXT = "NULL";

  private final PrintWriter out;

  public ResultPrinter(PrintWriter out) {
    this.out = out;
  }

  /** Prints the result; returns the number of rows printed. */
  public long print(Dataset<Row> result, ResultFormat format, OptionalInt limit) {
    return switch (format) {
      case TEXT -> printText(result, limit.orElse(TEXT_DEFAULT_LIMIT));
      case CSV -> printCsv(limit.isPresent() ? result.limit(limit.getAsInt()) : result);
      case JSON -> printJson(limit.isPresent() ? result.limit(limit.getAsInt()) : result);
    };
  }

  private long printText(Dataset<Row> result, int limit) {
    StructField[] fields = result.schema().fields();
    List<Row> rows = asStrings(result).limit(limit + 1).collectAsList();
    boolean cut = rows.size() > limit;
    List<Row> shown = cut ? rows.subList(0, limit) : rows;
    int[] widths = new int[fields.length];
    boolean[] right = new boolean[fields.length];
    for (int c = 0; c < fields.length; c++) {
      widths[c] = fields[c].name().length();
      right[c] = fields[c].dataType() instanceof NumericType;
      for (Row row : shown) {
        widths[c] = Math.max(widths[c], text(row, c).length());
      }
    }
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < fields.length; c++) {
      header.append(c == 0 ? " " : " | ").append(pad(fields[c].name(), widths[c], false));
      rule.append(c == 0 ? "-" : "-+-").append("-".repeat(widths[c]));
    }
    out.println(header.toString().stripTrailing());
    out.println(rule.append('-'));
    for (Row row : shown) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < fields.length; c++) {
        line.append(c == 0 ? " " : " | ").append(pad(text(row, c), widths[c], right[c]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.println(
        cut
            ? String.format(Locale.ROOT, "(first %,d rows; --limit N for more, or --format csv|json for all)", limit)
            : String.format(Locale.ROOT, "(%,d %s)", shown.size(), shown.size() == 1 ? "row" : "rows"));
    return shown.size();
  }

  private long printCsv(Dataset<Row> result) {
    String[] names = result.columns();
    long rows = 0;
    try {
      CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(names).get());
      Iterator<Row> iterator = asStrings(result).toLocalIterator();
      while (iterator.hasNext()) {
        Row row = iterator.next();
        List<String> values = new ArrayList<>(names.length);
        for (int c = 0; c < names.length; c++) {
          values.add(row.isNullAt(c) ? null : row.getString(c));
        }
        csv.printRecord(values);
        rows++;
      }
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the CSV result: " + e.getMessage(), e);
    }
    return rows;
  }

  private long printJson(Dataset<Row> result) {
    long rows = 0;
    // JSON lines keep nulls (a column's absence would read as a different schema per row).
    Iterator<String> lines =
        result
            .select(org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(org.apache.spark.sql.functions.col("*")), java.util.Map.of("ignoreNullFields", "false")))
            .as(org.apache.spark.sql.Encoders.STRING())
            .toLocalIterator();
    while (lines.hasNext()) {
      out.println(lines.next());
      rows++;
    }
    out.flush();
    return rows;
  }

  private static Dataset<Row> asStrings(Dataset<Row> result) {
    // Positional names: a result may hold two columns of one name (SELECT * over a join).
    String[] positional = new String[result.columns().length];
    List<Column> columns = new ArrayList<>();
    for (int c = 0; c < positional.length; c++) {
      positional[c] = "c" + c;
      columns.add(col(positional[c]).cast(DataTypes.StringType));
    }
    return result.toDF(positional).select(columns.toArray(Column[]::new));
  }

  private static String text(Row row, int column) {
    return row.isNullAt(column) ? NULL_TEXT : row.getString(column).replace("\n", "\\n");
  }

  private static String pad(String value, int width, boolean right) {
    String spaces = " ".repeat(width - value.length());
    return right ? spaces + value : value + spaces;
  }
}
