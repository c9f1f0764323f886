package io.github.limiter4j.web;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits a storage cannot hold ({@link RateLimiter#cannotHold}): a static limit with its static
 * cost fails the limiter's build; a limit or cost that comes with the request is a configuration
 * error of that request, skipped and logged once, as a dynamic limit that does not parse is.
 */
final class StorageBounds {
  private static final Logger LOG = LoggerFactory.getLogger(Limiter.class);
  // Bounds the memory of what was reported: a dynamic limit may differ on every request.
  private static final int MOST_REPORTED = 1_000;

  // Origin and item of the limits already reported.
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /**
   * Fails if {@code limiter}'s storage cannot hold a static limit of {@code counted} (or one of its
   * meta limits) with its static cost: better at start-up than an {@link IllegalArgumentException}
   * on every request of the route.
   *
   * @throws UnsupportedLimitException naming the first such limit, where it was declared and the
   *     storage
   */
  static void requireHeld(RateLimiter limiter, List<DeclaredLimit> counted) {
    for (DeclaredLimit declared : counted) {
      requireHeld(limiter, declared, declared.limit);
      if (declared.metaLimit != null) {
        requireHeld(limiter, declared.metaLimit, declared.limit);
      }
    }
  }

  private static void requireHeld(RateLimiter limiter, DeclaredLimit declared, Limit shown) {
    // A dynamic cost is checked per request; the items' own bounds (the amount) are checked now.
    long cost = declared.staticCost();
    for (RateLimitItem item : declared.limit.items()) {
      Optional<UnsupportedLimitException> unheld = unheld(limiter, declared, shown, item, cost);
      if (unheld.isPresent()) {
        throw unheld.get();
      }
    }
  }

  /**
   * Returns false, logging it the first time, if {@code limiter}'s storage cannot hold a limit that
   * came with the request (a dynamic limit or cost, a block's limit).
   */
  boolean isHeld(RateLimiter limiter, DeclaredLimit declared, RateLimitItem item, long cost) {
    Optional<UnsupportedLimitException> unheld =
        unheld(limiter, declared, declared.limit, item, cost);
    if (unheld.isEmpty()) {
      return true;
    }
    if (reported.size() < MOST_REPORTED && reported.add(declared.origin + " " + item)) {
      LOG.error(
          "Skipping a limit the storage cannot hold (logged once): {}", unheld.get().getMessage());
    } else {
      LOG.debug("Skipping {}", unheld.get().getMessage());
    }
    return false;
  }

  private static Optional<UnsupportedLimitException> unheld(
      RateLimiter limiter, DeclaredLimit declared, Limit shown, RateLimitItem item, long cost) {
    return limiter
        .cannotHold(item, cost)
        .map(
            reason ->
                new UnsupportedLimitException(
                    declared.origin,
                    shown,
                    item,
                    cost,
                    limiter.storage() + " with the " + limiter.strategy() + " strategy",
                    reason));
  }
}
