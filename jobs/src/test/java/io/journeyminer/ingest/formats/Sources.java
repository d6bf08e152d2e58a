package io.journeyminer.ingest.formats;

import io.journeyminer.config.SourceConfig;
import io.journeyminer.config.SourceFormat;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/** Source configs and fixture files for the reader tests. */
final class Sources {

  private Sources() {}

  /** A source as a reader sees it; only name, format and options matter to reading. */
  static SourceConfig source(String name, SourceFormat format, Map<String, String> options) {
    return new SourceConfig(
        name,
        format,
        "unused",
        options,
        SourceConfig.DEFAULT_MAX_REJECT_SHARE,
        Optional.empty(),
        List.of(),
        new SourceConfig.TimestampSpec("ts", "iso", "UTC"),
        Map.of("user_id", "user_id"),
        new SourceConfig.TouchpointMapping.Column("event"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }

  static SourceConfig source(String name, SourceFormat format) {
    return source(name, format, Map.of());
  }

  static Path write(Path file, String text) throws IOException {
    return write(file, text, StandardCharsets.UTF_8);
  }

  static Path write(Path file, String text, Charset charset) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, text.getBytes(charset));
  }

  static Path gzip(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }
}
