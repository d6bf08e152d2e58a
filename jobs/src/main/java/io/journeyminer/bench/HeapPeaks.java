package io.journeyminer.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's peak heap during a phase: heap used, sampled every {@value #SAMPLE_MILLIS} ms and taken
 * from each garbage collection's before-figures (the moment just before memory is freed, which
 * sampling can miss), and the largest heap still used after a collection (what the phase kept
 * alive rather than merely allocated). In local mode the executors share this JVM, so the figures
 * are the driver's and the executors' together.
 */
final class HeapPeaks implements AutoCloseable {

  static final long SAMPLE_MILLIS = 20;

  /** Peaks of one phase; {@code afterGcBytes} is null when no collection ran during it. */
  record Peaks(long usedBytes, Long afterGcBytes) {}

  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toUnmodifiableSet());
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakAfterGc = new AtomicLong(-1);
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "bench-heap-sampler");
            thread.setDaemon(true);
            return thread;
          });
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  /** Per collector, its collection count at the last reset: notifications arrive late, and older ones are ignored. */
  private final Map<String, Long> collectionsAtReset = new ConcurrentHashMap<>();
  private final NotificationListener onCollection = this::collected;

  HeapPeaks() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(onCollection, null, null);
        emitters.add(emitter);
      }
    }
    sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Starts a phase from the heap as it is now. */
  void reset() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      collectionsAtReset.put(collector.getName(), collector.getCollectionCount());
    }
    peakUsed.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    peakAfterGc.set(-1);
  }

  Peaks peaks() {
    sample();
    long afterGc = peakAfterGc.get();
    return new Peaks(peakUsed.get(), afterGc < 0 ? null : afterGc);
  }

  private void sample() {
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    peakUsed.accumulateAndGet(used, Math::max);
  }

  private void collected(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    // A collection's id is its collector's count of collections, so an id at or below the count at
    // the reset belongs to the previous phase.
    if (info.getGcInfo().getId() <= collectionsAtReset.getOrDefault(info.getGcName(), -1L)) {
      return;
    }
    peakUsed.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
    peakAfterGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
  }

  private long heapUsed(Map<String, MemoryUsage> byPool) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : byPool.entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    return used;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(onCollection);
      } catch (ListenerNotFoundException e) {
        // Already gone: nothing is left to remove.
      }
    }
  }
}
