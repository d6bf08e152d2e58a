package io.journeyminer.generate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts one export's records in time order without holding the export in memory: records are
 * spilled to temporary files by time bucket as customers are generated, and each bucket is sorted
 * on its own when the export is written. Memory is bounded by one bucket (a day or a few).
 */
final class SortedExport {

  /** Receives the records of an export in order. */
  interface Sink {
    void accept(long key, String text) throws IOException;
  }

  private record Entry(long key, long sequence, String text) {}

  private static final int MAX_BUCKETS = 64;

  private final Path directory;
  private final String name;
  private final long start;
  private final long end;
  private final long bucketWidth;
  private final DataOutputStream[] buckets;
  private long sequence;

  /** Keys are clamped into [start, end): every record lands in the window's files. */
  SortedExport(Path directory, String name, long start, long end, long unit) {
    this.directory = directory;
    this.name = name;
    this.start = start;
    this.end = end;
    long units = Math.max(1, (end - start + unit - 1) / unit);
    long unitsPerBucket = (units + MAX_BUCKETS - 1) / MAX_BUCKETS;
    this.bucketWidth = unitsPerBucket * unit;
    this.buckets = new DataOutputStream[(int) ((end - start + bucketWidth - 1) / bucketWidth)];
  }

  void add(long key, String text) {
    long clamped = Math.max(start, Math.min(end - 1, key));
    int index = (int) ((clamped - start) / bucketWidth);
    try {
      if (buckets[index] == null) {
        buckets[index] =
            new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(bucketFile(index)), 1 << 15));
      }
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      DataOutputStream out = buckets[index];
      out.writeLong(clamped);
      out.writeLong(sequence++);
      out.writeInt(bytes.length);
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot spill a record of " + name + " to " + directory, e);
    }
  }

  /** Hands every record to the sink in key order (insertion order among equal keys). */
  void drainTo(Sink sink) throws IOException {
    for (int index = 0; index < buckets.length; index++) {
      if (buckets[index] == null) {
        continue;
      }
      buckets[index].close();
      Path file = bucketFile(index);
      List<Entry> entries = new ArrayList<>();
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 15))) {
        while (true) {
          long key;
          try {
            key = in.readLong();
          } catch (EOFException endOfFile) {
            break;
          }
          long order = in.readLong();
          byte[] bytes = new byte[in.readInt()];
          in.readFully(bytes);
          entries.add(new Entry(key, order, new String(bytes, StandardCharsets.UTF_8)));
        }
      }
      entries.sort(Comparator.comparingLong(Entry::key).thenComparingLong(Entry::sequence));
      for (Entry entry : entries) {
        sink.accept(entry.key(), entry.text());
      }
      Files.delete(file);
    }
  }

  private Path bucketFile(int index) {
    return directory.resolve(name + "-" + index + ".bin");
  }
}
