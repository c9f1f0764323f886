package io.github.limiter4j.web;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Limits a storage cannot hold ({@link RateLimiter#cannotHold}): a static limit with its static
 * cost fails the limiter's build. What comes with the request is checked per request, and logged
 * once: a cost the storage cannot take refuses the request (it may come from the client, and
 * skipping the limit would let the request through uncounted); a limit whose item the storage
 * cannot hold is a configuration error of that request, skipped as a dynamic limit that does not
 * parse is.
 */
final class StorageBounds {
  private static final Logger LOG = Loggers.of(Limiter.class);
  // Bounds the memory of what was reported: a dynamic limit may differ on every request.
  private static final int MOST_REPORTED = 1_000;

  /** What {@link #costToTake} returns for an item the request does not count. */
  static final long SKIP = -1;

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
   * Returns what a request takes from {@code item} of a limit that came with the request (a dynamic
   * limit or cost, a block's limit), or {@link #SKIP}: {@code cost} if {@code limiter}'s storage
   * holds it; if the storage holds the item but not that cost, a cost above the amount, which every
   * storage refuses unwritten (so the request is refused, not let through uncounted: the cost may
   * come from the client); {@link #SKIP} if it cannot hold the item whatever the cost, a
   * configuration error of that request, as a dynamic limit that does not parse. Either is logged
   * the first time for each limit and item.
   */
  long costToTake(RateLimiter limiter, DeclaredLimit declared, RateLimitItem item, long cost) {
    Optional<String> reason = limiter.cannotHold(item, cost);
    if (reason.isEmpty()) {
      return cost;
    }
    // A cost of 0 asks whether the item itself can be held: the bounds on amounts.
    boolean itemHeld = limiter.cannotHold(item, 0).isEmpty();
    // No cost is above an amount of Long.MAX_VALUE, a limit no client can reach: skipped.
    if (itemHeld && item.amount() < Long.MAX_VALUE) {
      report(
          "Refusing requests that cost more than the storage can take (logged once): {}",
          limiter,
          declared,
          item,
          cost,
          reason.get());
      return item.amount() + 1;
    }
    report(
        "Skipping a limit the storage cannot hold (logged once): {}",
        limiter,
        declared,
        item,
        cost,
        reason.get());
    return SKIP;
  }

  // Runs on every request such a limit refuses, which a client may repeat at will: the message is
  // written only when it is logged.
  private void report(
      String message,
      RateLimiter limiter,
      DeclaredLimit declared,
      RateLimitItem item,
      long cost,
      String reason) {
    boolean first = reported.size() < MOST_REPORTED && reported.add(declared.origin + " " + item);
    if (first || LOG.isDebugEnabled()) {
      String text =
          UnsupportedLimitException.describe(
              declared.origin, declared.limit, item, cost, storageOf(limiter), reason);
      if (first) {
        LOG.error(message, text);
      } else {
        LOG.debug(message, text);
      }
    }
  }

  private static Optional<UnsupportedLimitException> unheld(
      RateLimiter limiter, DeclaredLimit declared, Limit shown, RateLimitItem item, long cost) {
    return limiter
        .cannotHold(item, cost)
        .map(
            reason ->
                new UnsupportedLimitException(
                    declared.origin, shown, item, cost, storageOf(limiter), reason));
  }

  private static String storageOf(RateLimiter limiter) {
    return limiter.storage() + " with the " + limiter.strategy() + " strategy";
  }
}
