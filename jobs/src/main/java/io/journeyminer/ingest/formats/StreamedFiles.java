package io.journeyminer.ingest.formats;

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

  static Dataset<Row> read(
      SparkSession spark, List<String> files, StructType schema, FileParser parser) {
    JavaRDD<Row> rows = open(spark, files).flatMap(file -> parse(file._1(), file._2(), parser));
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

  private static Iterator<Row> parse(String path, PortableDataStream stream, FileParser parser)
      throws IOException {
    InputStream content = content(path, stream);
    TaskContext task = TaskContext.get();
    if (task != null) {
      // Also closes a file whose iterator is abandoned half-way, e.g. under a limit().
      task.addTaskCompletionListener((TaskCompletionListener) context -> closeQuietly(content));
    }
    try {
      return new ClosingIterator(parser.rows(SourceFiles.uri(path), content), content);
    } catch (IOException | RuntimeException e) {
      closeQuietly(content);
      throw e;
    }
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
    private final Iterator<Row> rows;
    private final InputStream content;
    private boolean closed;

    ClosingIterator(Iterator<Row> rows, InputStream content) {
      this.rows = rows;
      this.content = content;
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      boolean more = rows.hasNext();
      if (!more) {
        closed = true;
        closeQuietly(content);
      }
      return more;
    }

    @Override
    public Row next() {
      return rows.next();
    }
  }

  /** Rethrows a read failure unchecked, naming the file: a broken file fails the run loudly. */
  static UncheckedIOException readFailure(String file, IOException cause) {
    return new UncheckedIOException("cannot read " + file + ": " + cause.getMessage(), cause);
  }
}
