package io.journeyminer.ingest.formats;

import io.journeyminer.config.SourceConfig;
import io.journeyminer.ingest.IngestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Reads files on the executors through {@code binaryFiles}: each task opens its files one at a
 * time and streams them through a {@link FileParser}. A file is one unit of work (a record may span
 * lines, and gzip cannot be split), so parallelism comes from the number of files.
 */
final class StreamedFiles {

  private StreamedFiles() {}

  /**
   * The rows of every file. A file that breaks off (a truncated gzip, an I/O error) fails the run
   * with an {@link IngestException} naming the source, the file and the last record read, not a
   * Spark stack trace: its records would otherwise be lost silently.
   */
  static Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<String> files, StructType schema, FileParser parser) {
    String name = source.name();
    JavaRDD<Row> rows = open(spark, files).flatMap(file -> parse(name, file._1(), file._2(), parser));
    return spark.createDataFrame(rows, schema);
  }

  /** The files as (path, lazily opened stream) pairs, read where the data is. */
  static JavaPairRDD<String, PortableDataStream> open(SparkSession spark, List<String> files) {
    // binaryFiles takes one comma-separated string of globs; each file is passed as a literal.
    String paths = files.stream().map(SourceFiles::literalPattern).collect(Collectors.joining(","));
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaPairRDD<String, PortableDataStream> streams = context.binaryFiles(paths);
    // binaryFiles packs small files into one split up to spark.files.maxPartitionBytes, so sixty
    // small daily exports would be parsed by a single task. Spreading the (path, stream) handles,
    // not the content, puts the files on every core; the order of records never depends on it.
    int spread = Math.min(files.size(), Math.max(context.defaultParallelism(), streams.getNumPartitions()));
    return spread > streams.getNumPartitions() ? streams.repartition(spread) : streams;
  }

  /** Opens a file's decompressed content; the caller closes it. */
  static InputStream content(String path, PortableDataStream stream) throws IOException {
    return SourceFiles.decompressed(path, stream.open());
  }

  private static Iterator<Row> parse(String source, String path, PortableDataStream stream, FileParser parser) {
    InputStream content;
    try {
      content = content(path, stream);
    } catch (IOException e) {
      throw failure(source, path, 0, e);
    }
    TaskContext task = TaskContext.get();
    if (task != null) {
      // Also closes a file whose iterator is abandoned half-way, e.g. under a limit().
      task.addTaskCompletionListener((TaskCompletionListener) context -> closeQuietly(content));
    }
    try {
      return new ClosingIterator(source, path, parser.rows(SourceFiles.uri(path), content), content);
    } catch (IOException | RuntimeException e) {
      closeQuietly(content);
      throw failure(source, path, 0, e);
    }
  }

  private static IngestException failure(String source, String path, long records, Exception cause) {
    Throwable reason = cause instanceof UncheckedIOException && cause.getCause() != null ? cause.getCause() : cause;
    String what = reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
    return new IngestException(
        "source " + source + ": cannot read file " + SourceFiles.uri(path) + " after record " + records + ": " + what, cause);
  }

  static void closeQuietly(InputStream content) {
    try {
      content.close();
    } catch (IOException e) {
      // The file was read to its end or the task is over; a failed close loses no data.
    }
  }

  /** Closes the file as soon as its last row has been handed out. */
  private static final class ClosingIterator implements Iterator<Row> {
    private final String source;
    private final String path;
    private final Iterator<Row> rows;
    private final InputStream content;
    private boolean closed;
    private long handedOut;

    ClosingIterator(String source, String path, Iterator<Row> rows, InputStream content) {
      this.source = source;
      this.path = path;
      this.rows = rows;
      this.content = content;
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      boolean more;
      try {
        more = rows.hasNext();
      } catch (RuntimeException e) {
        closed = true;
        closeQuietly(content);
        throw failure(source, path, handedOut, e);
      }
      if (!more) {
        closed = true;
        closeQuietly(content);
      }
      return more;
    }

    @Override
    public Row next() {
      handedOut++;
      return rows.next();
    }
  }

  /** Rethrows a read failure unchecked, naming the file: a broken file fails the run loudly. */
  static UncheckedIOException readFailure(String file, IOException cause) {
    return new UncheckedIOException("cannot read " + file + ": " + cause.getMessage(), cause);
  }
}
