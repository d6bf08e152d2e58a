package io.journeyminer.bench;

import io.journeyminer.bench.BenchResult.DriverBytes;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Sums, per labelled phase of a benchmark, the bytes that task results carry back to the driver
 * ({@code TaskMetrics.resultSize}: the serialised result plus its metric updates). A {@code
 * collect}, a {@code count}, and the build side of a broadcast join all reach the driver this way,
 * so a step that collects per-event data shows it here, growing with the data. Broadcast build
 * sides are also summed apart: Spark tags their jobs {@value #BROADCAST_TAG}..., and caps each at
 * {@code spark.sql.autoBroadcastJoinThreshold}, joining by shuffle above it.
 *
 * <p>Jobs are labelled by a local property set on the thread that runs the phase; Spark copies it
 * to the threads it starts for broadcasts and subqueries. Listener events arrive asynchronously,
 * so {@link #finish} runs a one-task marker job and waits for its end event: every event of the
 * phase was queued before it.
 */
final class DriverBoundBytes extends SparkListener {

  static final String LABEL_PROPERTY = "journeyminer.bench.phase";
  /** Label of jobs that ran with no phase set. */
  static final String UNLABELLED = "(unlabelled)";

  /** Spark's tag on the job that collects a broadcast join's build side (BroadcastExchangeLike.jobTag). */
  static final String BROADCAST_TAG = "broadcast exchange";
  private static final String JOB_TAGS_PROPERTY = "spark.job.tags";
  private static final String MARKER = "(marker)";
  private static final long MARKER_TIMEOUT_SECONDS = 120;

  private final SparkSession spark;
  private final Map<Integer, String> labelOfStage = new ConcurrentHashMap<>();
  private final Set<Integer> broadcastStages = ConcurrentHashMap.newKeySet();
  private final Map<Integer, String> labelOfJob = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> markers = new ConcurrentHashMap<>();
  private final AtomicLong markerNumber = new AtomicLong();

  private DriverBoundBytes(SparkSession spark) {
    this.spark = spark;
  }

  /** Registers a new meter on the session's listener bus; {@link #close} removes it. */
  static DriverBoundBytes register(SparkSession spark) {
    DriverBoundBytes meter = new DriverBoundBytes(spark);
    spark.sparkContext().addSparkListener(meter);
    return meter;
  }

  /** Labels the jobs this thread starts from now on. */
  void start(String label) {
    counters.put(label, new Counter());
    spark.sparkContext().setLocalProperty(LABEL_PROPERTY, label);
  }

  /** Stops labelling, waits until the listener has seen every event of the phase, and returns its totals. */
  DriverBytes finish(String label) {
    String marker = MARKER + " " + markerNumber.incrementAndGet();
    CompletableFuture<Void> seen = new CompletableFuture<>();
    markers.put(marker, seen);
    spark.sparkContext().setLocalProperty(LABEL_PROPERTY, marker);
    try {
      JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1), 1).count();
      seen.get(MARKER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Spark's listener events of " + label, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Spark's listener bus did not deliver the events of " + label + " within " + MARKER_TIMEOUT_SECONDS + " s", e);
    } finally {
      spark.sparkContext().setLocalProperty(LABEL_PROPERTY, null);
      markers.remove(marker);
    }
    Counter counter = counters.get(label);
    return counter == null ? DriverBytes.NONE : counter.totals();
  }

  /** Totals of jobs that ran with no label since the last call (none, when every phase labels its work). */
  DriverBytes takeUnlabelled() {
    Counter counter = counters.remove(UNLABELLED);
    return counter == null ? DriverBytes.NONE : counter.totals();
  }

  void close() {
    spark.sparkContext().removeSparkListener(this);
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String label = label(jobStart.properties());
    labelOfJob.put(jobStart.jobId(), label);
    if (!label.startsWith(MARKER)) {
      counters.computeIfAbsent(label, l -> new Counter()).job();
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted stageSubmitted) {
    int stage = stageSubmitted.stageInfo().stageId();
    labelOfStage.put(stage, label(stageSubmitted.properties()));
    if (isBroadcast(stageSubmitted.properties())) {
      broadcastStages.add(stage);
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    TaskMetrics metrics = taskEnd.taskMetrics();
    String label = labelOfStage.getOrDefault(taskEnd.stageId(), UNLABELLED);
    if (metrics == null || label.startsWith(MARKER)) {
      return;
    }
    counters.computeIfAbsent(label, l -> new Counter()).task(metrics.resultSize(), broadcastStages.contains(taskEnd.stageId()));
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd jobEnd) {
    String label = labelOfJob.remove(jobEnd.jobId());
    if (label != null && label.startsWith(MARKER)) {
      CompletableFuture<Void> seen = markers.get(label);
      if (seen != null) {
        seen.complete(null);
      }
    }
  }

  private static String label(Properties properties) {
    String label = properties == null ? null : properties.getProperty(LABEL_PROPERTY);
    return label == null ? UNLABELLED : label;
  }

  private static boolean isBroadcast(Properties properties) {
    String tags = properties == null ? null : properties.getProperty(JOB_TAGS_PROPERTY);
    if (tags == null) {
      return false;
    }
    for (String tag : tags.split(",")) {
      if (tag.startsWith(BROADCAST_TAG)) {
        return true;
      }
    }
    return false;
  }

  /** Written by the listener thread only; read after the marker has been seen. */
  private static final class Counter {
    private long bytes;
    private long broadcastBytes;
    private long tasks;
    private long jobs;
    private long largest;

    synchronized void task(long resultBytes, boolean broadcast) {
      bytes += resultBytes;
      broadcastBytes += broadcast ? resultBytes : 0;
      tasks++;
      largest = Math.max(largest, resultBytes);
    }

    synchronized void job() {
      jobs++;
    }

    synchronized DriverBytes totals() {
      return new DriverBytes(bytes, broadcastBytes, tasks, jobs, largest);
    }
  }
}
