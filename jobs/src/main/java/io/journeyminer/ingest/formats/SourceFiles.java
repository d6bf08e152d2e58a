package io.journeyminer.ingest.formats;

import io.journeyminer.config.SourceConfig;
import io.journeyminer.ingest.IngestException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/** Lists a source's files through the Hadoop FileSystem API, so any cluster file system works. */
final class SourceFiles {

  private static final int BUFFER_BYTES = 64 * 1024;
  // Hadoop's input listing counts braces to split its comma-separated path list, so a brace in a
  // name cannot be passed to it even escaped.
  private static final Pattern BRACES = Pattern.compile("[{}]");

  private SourceFiles() {}

  /**
   * The files {@code glob} matches, sorted, as qualified URIs. A matched folder stands for the
   * files below it (export-date partitions). Hidden files ({@code _SUCCESS}, {@code .crc}) are
   * skipped, as Hadoop's input listing would skip them anyway.
   */
  static List<String> list(SparkSession spark, SourceConfig source, String glob) {
    Configuration configuration = spark.sparkContext().hadoopConfiguration();
    Set<String> files = new TreeSet<>();
    long bytes = 0;
    try {
      Path pattern = new Path(glob);
      FileSystem fileSystem = FileSystem.get(pattern.toUri(), configuration);
      FileStatus[] matches = fileSystem.globStatus(pattern);
      if (matches != null) {
        for (FileStatus match : matches) {
          if (isHidden(match.getPath().getName())) {
            continue;
          }
          if (match.isDirectory()) {
            bytes += addFilesBelow(fileSystem, match.getPath(), files);
          } else {
            files.add(match.getPath().toString());
            bytes += match.getLen();
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IngestException(
          "source " + source.name() + ": cannot list path " + glob + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new IngestException("source " + source.name() + ": path " + glob + " matches no file");
    }
    if (bytes == 0) {
      // Most likely a failed export; reading it would fail later on "no columns" instead.
      throw new IngestException(
          "source " + source.name() + ": every file path " + glob + " matches is empty (0 bytes): "
              + String.join(", ", files.stream().limit(3).map(SourceFiles::uri).toList())
              + (files.size() > 3 ? " and " + (files.size() - 3) + " more" : ""));
    }
    for (String file : files) {
      if (BRACES.matcher(file).find()) {
        throw new IngestException(
            "source " + source.name() + ": file " + file
                + " has a brace in its path, which Hadoop input listing cannot read; rename it");
      }
    }
    return new ArrayList<>(files);
  }

  /** Adds the files below {@code folder} and returns their total length. */
  private static long addFilesBelow(FileSystem fileSystem, Path folder, Set<String> files)
      throws IOException {
    long bytes = 0;
    RemoteIterator<LocatedFileStatus> below = fileSystem.listFiles(folder, true);
    while (below.hasNext()) {
      LocatedFileStatus status = below.next();
      Path file = status.getPath();
      if (!isHidden(folder, file)) {
        files.add(file.toString());
        bytes += status.getLen();
      }
    }
    return bytes;
  }

  private static boolean isHidden(Path folder, Path file) {
    for (Path at = file; at != null && !at.equals(folder); at = at.getParent()) {
      if (isHidden(at.getName())) {
        return true;
      }
    }
    return false;
  }

  // Spark's and Hadoop's convention: markers and checksums (_SUCCESS, .part.crc) are not data.
  private static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /**
   * The file as a literal pattern for Hadoop's input listing, which splits its argument on commas
   * and globs each part: glob characters are escaped and a comma is written as {@code {\,}}.
   */
  static String literalPattern(String file) {
    StringBuilder pattern = new StringBuilder(file.length() + 8);
    for (int i = 0; i < file.length(); i++) {
      char c = file.charAt(i);
      switch (c) {
        case ',' -> pattern.append("{\\,}");
        case '[', ']', '*', '?', '\\' -> pattern.append('\\').append(c);
        default -> pattern.append(c);
      }
    }
    return pattern.toString();
  }

  /** The stream of one file's content, gunzipped when its name ends in {@code .gz}. */
  static InputStream decompressed(String file, InputStream raw) throws IOException {
    InputStream buffered = new BufferedInputStream(raw, BUFFER_BYTES);
    if (file.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_BYTES), BUFFER_BYTES);
    }
    return buffered;
  }

  /** A file's URI as {@code _file} shows it: the same text for every format. */
  static String uri(String file) {
    return new Path(file).toUri().toString();
  }

  /** Rejects option keys the format does not know, so a typo is not silently ignored. */
  static void checkOptions(SourceConfig source, Set<String> supported) {
    for (Map.Entry<String, String> option : source.options().entrySet()) {
      if (!supported.contains(option.getKey())) {
        throw new IngestException(
            "source " + source.name() + ": unknown option " + option.getKey() + " for format "
                + source.format().configName()
                + (supported.isEmpty()
                    ? ", which takes no options"
                    : "; expected one of " + new TreeSet<>(supported)));
      }
    }
  }
}
