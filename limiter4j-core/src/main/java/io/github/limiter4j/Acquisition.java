package io.github.limiter4j;

import java.util.Objects;

/**
 * One limit that a request must pass: the limit, the storage key it is counted under, and how much
 * the request takes from it. Several acquisitions are taken together, all or nothing, by {@link
 * RateLimiter#acquire(java.util.List)}.
 *
 * <p>A <em>test-only</em> acquisition ({@link #asTest()}) must fit like any other, but takes
 * nothing: a request tests limits it will only be charged for later (or never) in the same call
 * that takes the others.
 *
 * @param item the limit
 * @param key the storage key, usually {@code item.keyFor(identifiers...)}
 * @param cost how much to take, 0 or more
 * @param testOnly true if the cost must fit but is not taken
 */
public record Acquisition(RateLimitItem item, String key, long cost, boolean testOnly) {
  /** Checks the arguments. */
  public Acquisition {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    if (cost < 0) {
      throw new IllegalArgumentException("cost must be 0 or more but was " + cost);
    }
  }

  /** An acquisition that takes {@code cost} from {@code item} under {@code key}. */
  public Acquisition(RateLimitItem item, String key, long cost) {
    this(item, key, cost, false);
  }

  /** Returns this acquisition as a test: its cost must fit, but nothing is taken. */
  public Acquisition asTest() {
    return testOnly ? this : new Acquisition(item, key, cost, true);
  }

  /** Returns the acquisition of {@code cost} from {@code item} for the given identifiers. */
  public static Acquisition of(RateLimitItem item, long cost, String... identifiers) {
    Objects.requireNonNull(item, "item");
    return new Acquisition(item, item.keyFor(identifiers), cost);
  }
}
