package io.journeyminer.ingest.formats;

import io.journeyminer.config.SourceConfig;
import io.journeyminer.ingest.IngestException;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Set;

/**
 * A CSV source's dialect, from its {@code options}.
 *
 * @param delimiter separates fields (default {@code ,})
 * @param quote encloses a field holding delimiters, quotes or line breaks (default {@code "});
 *     {@link #NONE} when quoting is off
 * @param escape inside a quoted field, makes the next character literal; equal to {@code quote}
 *     (the default) means a quote is escaped by doubling it
 * @param encoding name of the files' character set (default UTF-8)
 */
record CsvOptions(char delimiter, int quote, int escape, String encoding) implements Serializable {

  static final int NONE = -1;
  static final Set<String> KEYS = Set.of("delimiter", "quote", "escape", "encoding");

  static CsvOptions of(SourceConfig source) {
    SourceFiles.checkOptions(source, KEYS);
    String delimiter = source.options().getOrDefault("delimiter", ",");
    if (unescaped(delimiter).length() != 1) {
      throw invalid(source, "delimiter", delimiter, "a single character");
    }
    String quote = source.options().getOrDefault("quote", "\"");
    if (unescaped(quote).length() > 1) {
      throw invalid(source, "quote", quote, "a single character, or empty for no quoting");
    }
    int quoteCharacter = quote.isEmpty() ? NONE : unescaped(quote).charAt(0);
    String escape = source.options().get("escape");
    if (escape != null && unescaped(escape).length() != 1) {
      throw invalid(source, "escape", escape, "a single character");
    }
    int escapeCharacter = escape == null ? quoteCharacter : unescaped(escape).charAt(0);
    String encoding = source.options().getOrDefault("encoding", "UTF-8");
    try {
      Charset.forName(encoding);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw invalid(source, "encoding", encoding, "a character set this JVM supports");
    }
    return new CsvOptions(unescaped(delimiter).charAt(0), quoteCharacter, escapeCharacter, encoding);
  }

  Charset charset() {
    return Charset.forName(encoding);
  }

  /** YAML users write a tab as {@code \t} in single quotes; read it as the tab it means. */
  private static String unescaped(String value) {
    return value.equals("\\t") ? "\t" : value;
  }

  private static IngestException invalid(
      SourceConfig source, String key, String value, String expected) {
    return new IngestException(
        "source " + source.name() + ": option " + key + " must be " + expected + ", got \""
            + value + "\"");
  }
}
