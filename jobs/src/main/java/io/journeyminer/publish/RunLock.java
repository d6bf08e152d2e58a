package io.journeyminer.publish;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The warehouse's run lock: an OS file lock ({@link FileChannel#tryLock}) on {@code <warehouse>/_lock},
 * held from the start of a run to its end, so two runs on one warehouse never overlap. The OS drops
 * the lock when the process dies, even by {@code kill -9}, so a crashed run never leaves a stale lock.
 *
 * <p>Only a warehouse on a local or mounted file system can be locked this way; on an object store
 * ({@code s3a://}, {@code abfss://}) the lock is skipped and Delta's optimistic concurrency is the
 * only guard: a second writer's commit fails with a {@link PublishException} instead of corrupting a table.
 */
public final class RunLock implements AutoCloseable {

  public static final String FILE = "_lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of the warehouse at {@code root} for the run {@code runId}, or fails at once with
   * a message naming the lock file and the run holding it.
   */
  public static RunLock acquire(URI root, String runId) {
    if (!"file".equals(root.getScheme())) {
      return new RunLock(null, null);
    }
    Path file = Path.of(root).resolve(FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameJvm) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new PublishException(
            "the warehouse lock " + file + " is held by another run" + (holder.isEmpty() ? "" : " (" + holder + ")")
                + "; two runs never write one warehouse at once, start this one when that run has finished");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("run " + runId + ", pid " + ProcessHandle.current().pid() + ", since " + Instant.now()).getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new RunLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new PublishException("cannot take the warehouse lock " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (lock != null) {
      try {
        lock.release();
      } catch (IOException e) {
        // Closing the channel below releases the lock too.
      }
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing is left to release: the lock goes with the channel.
      }
    }
  }
}
