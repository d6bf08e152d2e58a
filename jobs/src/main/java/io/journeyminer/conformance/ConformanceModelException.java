package io.journeyminer.conformance;

/**
 * An intended-journey model that cannot be used: unreadable XML, an element the translation does not
 * support (named by id and type), or a net whose final marking cannot be reached. The message says
 * which file and which element.
 */
public final class ConformanceModelException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConformanceModelException(String message) {
    super(message);
  }

  public ConformanceModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
