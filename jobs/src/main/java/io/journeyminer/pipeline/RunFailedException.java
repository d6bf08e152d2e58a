package io.journeyminer.pipeline;

/** A run that must not publish: the message is the one-line reason shown to the user. */
public class RunFailedException extends RuntimeException {
  public RunFailedException(String message) {
    super(message);
  }

  public RunFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
