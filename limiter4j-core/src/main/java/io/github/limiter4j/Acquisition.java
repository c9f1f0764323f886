package io.github.limiter4j;

import java.util.Objects;

/**
 * One limit that a request must pass: the limit, the storage key it is counted under, and how much
 * the request takes from it. Several acquisitions are taken together, all or nothing, by {@link
 * RateLimiter#acquire(java.util.List)}.
 *
 * @param item the limit
 * @param key the storage key, usually {@code item.keyFor(identifiers...)}
 * @param cost how much to take, 0 or more
 */
public record Acquisition(RateLimitItem item, String key, long cost) {
  /** Checks the arguments. */
  public Acquisition {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    if (cost < 0) {
      throw new IllegalArgumentException("cost must be 0 or more but was " + cost);
    }
  }

  /** Returns the acquisition of {@code cost} from {@code item} for the given identifiers. */
  public static Acquisition of(RateLimitItem item, long cost, String... identifiers) {
    Objects.requireNonNull(item, "item");
    return new Acquisition(item, item.keyFor(identifiers), cost);
  }
}
