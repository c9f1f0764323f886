package io.github.limiter4j.storage;

/**
 * A storage could not do what was asked: a server could not be reached, timed out, or answered with
 * an error. The underlying exception is kept as the cause.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message and the exception that caused it. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception with a message. */
  public StorageException(String message) {
    super(message);
  }
}
