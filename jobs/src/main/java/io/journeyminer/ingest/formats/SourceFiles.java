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
  // Hadoop's input listing globs every path it is given; such a name cannot be passed literally.
  private static final Pattern GLOB_CHARACTERS = Pattern.compile("[\\[\\]{}*?\\\\]");

  private SourceFiles() {}

  /**
   * The files {@code glob} matches, sorted, as qualified URIs. A matched folder stands for the
   * files below it (export-date partitions), hidden files ({@code _SUCCESS}, {@code .crc}) skipped.
   */
  static List<String> list(SparkSession spark, SourceConfig source, String glob) {
    Configuration configuration = spark.sparkContext().hadoopConfiguration();
    Set<String> files = new TreeSet<>();
    try {
      Path pattern = new Path(glob);
      FileSystem fileSystem = FileSystem.get(pattern.toUri(), configuration);
      FileStatus[] matches = fileSystem.globStatus(pattern);
      if (matches != null) {
        for (FileStatus match : matches) {
          if (match.isDirectory()) {
            addFilesBelow(fileSystem, match.getPath(), files);
          } else {
            files.add(match.getPath().toString());
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
    for (String file : files) {
      if (GLOB_CHARACTERS.matcher(new Path(file).getName()).find()) {
        throw new IngestException(
            "source " + source.name() + ": file " + file
                + " has one of []{}*?\\ in its name, which Hadoop input listing reads as a glob; rename it");
      }
    }
    return new ArrayList<>(files);
  }

  private static void addFilesBelow(FileSystem fileSystem, Path folder, Set<String> files)
      throws IOException {
    RemoteIterator<LocatedFileStatus> below = fileSystem.listFiles(folder, true);
    while (below.hasNext()) {
      Path file = below.next().getPath();
      if (!isHidden(folder, file)) {
        files.add(file.toString());
      }
    }
  }

  private static boolean isHidden(Path folder, Path file) {
    for (Path at = file; at != null && !at.equals(folder); at = at.getParent()) {
      String name = at.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
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
