package io.github.limiter4j.spring.boot;

import java.time.Duration;
import java.util.Objects;

/**
 * The rate limit storage did not answer at start-up, and neither swallowed errors nor the in-memory
 * fallback would let requests be served without it. Names the storage (its secrets masked) and why
 * it did not answer. Reported by {@link RateLimitStorageFailureAnalyzer}.
 */
public final class RateLimitStorageUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String storage;
  private final String reason;
  private final Duration waited;

  /**
   * Creates the exception.
   *
   * @param storage the storage's description, its secrets masked
   * @param reason why it did not answer; empty if it only failed its health check
   * @param waited how long start-up waited for it
   */
  public RateLimitStorageUnavailableException(String storage, String reason, Duration waited) {
    super(
        "The rate limit storage "
            + storage
            + " does not answer"
            + (reason.isEmpty() ? "" : ": " + reason));
    this.storage = Objects.requireNonNull(storage, "storage");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.waited = Objects.requireNonNull(waited, "waited");
  }

  /** Returns the storage's description, its secrets masked. */
  public String storage() {
    return storage;
  }

  /** Returns why it did not answer; empty if it only failed its health check. */
  public String reason() {
    return reason;
  }

  /** Returns how long start-up waited for it. */
  public Duration waited() {
    return waited;
  }
}
