package io.github.limiter4j.web;

import io.github.limiter4j.RateLimitItem;
import java.util.Objects;

/**
 * A limit that the limiter's storage cannot hold with its strategy, such as a moving window of more
 * than 100,000 on MongoDB or a hit of more than 1,000,000 on the Redis moving window (see {@link
 * io.github.limiter4j.storage.spi.WindowStore#cannotHold}). Thrown by {@link
 * Limiter.Builder#build()} for a static limit and cost. What comes with a request is logged once
 * instead: a cost the storage cannot take refuses the request, a dynamic limit it cannot hold is
 * skipped for it.
 */
public final class UnsupportedLimitException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient Limit limit;
  private final transient RateLimitItem item;
  private final long cost;
  private final String origin;

  UnsupportedLimitException(
      String origin, Limit limit, RateLimitItem item, long cost, String storage, String reason) {
    super(describe(origin, limit, item, cost, storage, reason));
    this.origin = Objects.requireNonNull(origin, "origin");
    this.limit = limit;
    this.item = item;
    this.cost = cost;
  }

  /** The message of this exception, for what is logged without throwing one. */
  static String describe(
      String origin, Limit limit, RateLimitItem item, long cost, String storage, String reason) {
    return origin
        + " "
        + (limit.isDynamic() ? "(dynamic)" : "\"" + limit.notation + "\"")
        + ": "
        + item
        + " at cost "
        + cost
        + " cannot be counted in "
        + storage
        + ": "
        + reason;
  }

  /**
   * Returns where the limiter found the limit, such as {@code default limit} or {@code limit of
   * route slow}.
   */
  public String origin() {
    return origin;
  }

  /**
   * Returns the limit as declared: for the meta limits of a limit ({@link
   * Limit.Builder#metaLimits(String)}), the limit that declares them.
   */
  public Limit limit() {
    return limit;
  }

  /** Returns the item of the limit that the storage cannot hold. */
  public RateLimitItem item() {
    return item;
  }

  /** Returns the cost of a hit on that item. */
  public long cost() {
    return cost;
  }
}
