package io.journeyminer.generate;

import java.util.List;

/** RFC 4180 writing: fields with the delimiter, quotes or line breaks are quoted, quotes doubled. */
final class Csv {

  private Csv() {}

  static String line(List<String> fields, char delimiter) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(delimiter);
      }
      line.append(quote(fields.get(i), delimiter));
    }
    return line.toString();
  }

  static String quote(String field, char delimiter) {
    if (field == null) {
      return "";
    }
    boolean needsQuotes =
        field.indexOf(delimiter) >= 0
            || field.indexOf('"') >= 0
            || field.indexOf('\n') >= 0
            || field.indexOf('\r') >= 0;
    return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }
}
