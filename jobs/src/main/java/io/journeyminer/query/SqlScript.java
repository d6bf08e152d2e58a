package io.journeyminer.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at semicolons that are outside quotes, back-quoted names and
 * comments, so a {@code --file} can hold {@code SET}, {@code CREATE TEMP VIEW} and a final query.
 */
public final class SqlScript {

  private SqlScript() {}

  public static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = closing(script, i, c);
        current.append(script, i, end);
        i = end;
      } else if (c == '-' && script.startsWith("--", i)) {
        int end = script.indexOf('\n', i);
        end = end < 0 ? script.length() : end;
        current.append(script, i, end);
        i = end;
      } else if (c == '/' && script.startsWith("/*", i)) {
        int end = script.indexOf("*/", i + 2);
        end = end < 0 ? script.length() : end + 2;
        current.append(script, i, end);
        i = end;
      } else if (c == ';') {
        add(statements, current);
        current.setLength(0);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    add(statements, current);
    return statements;
  }

  /** The index just after the quote that closes the one at {@code start} (a backslash escapes). */
  private static int closing(String script, int start, char quote) {
    int i = start + 1;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return script.length();
  }

  private static void add(List<String> statements, StringBuilder statement) {
    String text = statement.toString().strip();
    if (!onlyComments(text)) {
      statements.add(text);
    }
  }

  private static boolean onlyComments(String text) {
    String withoutComments = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\\n]*", "");
    return withoutComments.isBlank();
  }
}
