package io.github.limiter4j;

import java.time.Instant;

/**
 * The state of one limit for one key: how much its window still allows and when it resets.
 *
 * @param remaining how much can still be taken now, never negative
 * @param resetAtMillis when the window frees up, in milliseconds since the epoch; never before the
 *     moment the stats were read
 */
public record WindowStats(long remaining, long resetAtMillis) {
  /** Checks that {@code remaining} is not negative. */
  public WindowStats {
    if (remaining < 0) {
      throw new IllegalArgumentException("remaining must be 0 or more but was " + remaining);
    }
  }

  /** Returns the reset time as an instant. */
  public Instant resetTime() {
    return Instant.ofEpochMilli(resetAtMillis);
  }
}
