package io.github.limiter4j.web;

import io.github.limiter4j.RateLimitItem;
import java.time.Instant;
import java.util.Objects;

/**
 * One limit as it applied to one request: what was counted under which key, whether the request
 * breached it, and what remains. {@code remaining} is after the request's own cost.
 *
 * @param item the limit
 * @param key the storage key the request was counted under
 * @param breached true if the request did not fit in this limit
 * @param shared true for limits shared between routes (application and shared limits)
 * @param remaining what remains of the limit, 0 or more
 * @param resetAtMillis when the limit's window resets, in epoch milliseconds
 * @param description the error message of the limit, or its notation such as {@code 10 per 1
 *     minute}
 */
public record RequestLimit(
    RateLimitItem item,
    String key,
    boolean breached,
    boolean shared,
    long remaining,
    long resetAtMillis,
    String description) {
  /** Checks the arguments. */
  public RequestLimit {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(description, "description");
  }

  /** Returns when the limit's window resets. */
  public Instant resetAt() {
    return Instant.ofEpochMilli(resetAtMillis);
  }

  /**
   * Returns the reset time as the {@code X-RateLimit-Reset} header gives it: epoch seconds, rounded
   * up to the next whole second so that a client waiting until then is let in.
   */
  public long resetEpochSecond() {
    return Math.floorDiv(resetAtMillis, 1000) + 1;
  }
}
