package io.journeyminer.publish;

/**
 * Publishing could not complete and the previous run stays what readers see: the warehouse lock is
 * held by another run, another writer committed to a table at the same time, or a folder in the
 * warehouse is not a Delta table. The message is the one-line reason shown to the user.
 */
public class PublishException extends RuntimeException {
  public PublishException(String message) {
    super(message);
  }

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
