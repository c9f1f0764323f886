package io.github.limiter4j;

import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.spi.WindowStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies one {@link Strategy} to limits kept in one {@link Storage}: the counterpart of the
 * strategy classes of {@code limits}. Immutable and thread-safe; share one per strategy and
 * storage.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.of(Strategy.MOVING_WINDOW, MemoryStorage.builder().build());
 * RateLimitItem perMinute = RateLimitItem.parse("10/minute");
 * if (!limiter.hit(perMinute, "user", "42")) {
 *   // over the limit: nothing was counted
 * }
 * }</pre>
 */
public final class RateLimiter {
  private final Strategy strategy;
  private final Storage storage;
  private final WindowStore store;

  private RateLimiter(Strategy strategy, Storage storage) {
    this.strategy = strategy;
    this.storage = storage;
    this.store = strategy.storeIn(storage);
  }

  /**
   * Returns a limiter applying {@code strategy} to {@code storage}.
   *
   * @throws IllegalArgumentException if the storage does not support the strategy
   */
  public static RateLimiter of(Strategy strategy, Storage storage) {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(storage, "storage");
    return new RateLimiter(strategy, storage);
  }

  /** Returns the strategy. */
  public Strategy strategy() {
    return strategy;
  }

  /** Returns the storage. */
  public Storage storage() {
    return storage;
  }

  /**
   * Takes 1 from the limit for the identifiers.
   *
   * @return true if taken; false if the limit had less than 1 left, in which case nothing changed
   */
  public boolean hit(RateLimitItem item, String... identifiers) {
    return hit(item, 1, identifiers);
  }

  /**
   * Takes {@code cost} from the limit for the identifiers.
   *
   * @return true if taken; false if the limit had less than {@code cost} left, in which case
   *     nothing changed
   * @throws IllegalArgumentException if the cost is negative
   */
  public boolean hit(RateLimitItem item, long cost, String... identifiers) {
    Objects.requireNonNull(item, "item");
    checkCost(cost);
    return store.hit(item, item.keyFor(identifiers), cost);
  }

  /** Returns true if a hit of 1 would be taken now, without taking it. */
  public boolean test(RateLimitItem item, String... identifiers) {
    return test(item, 1, identifiers);
  }

  /**
   * Returns true if a hit of {@code cost} would be taken now, without taking it.
   *
   * @throws IllegalArgumentException if the cost is negative
   */
  public boolean test(RateLimitItem item, long cost, String... identifiers) {
    Objects.requireNonNull(item, "item");
    checkCost(cost);
    return store.test(item, item.keyFor(identifiers), cost);
  }

  /** Returns how much remains of the limit for the identifiers and when it resets. */
  public WindowStats windowStats(RateLimitItem item, String... identifiers) {
    return store.stats(Objects.requireNonNull(item, "item"), item.keyFor(identifiers));
  }

  /** Forgets every hit of the limit for the identifiers. */
  public void clear(RateLimitItem item, String... identifiers) {
    store.clear(Objects.requireNonNull(item, "item"), item.keyFor(identifiers));
  }

  /**
   * Takes every acquisition, or none if any one of them cannot take its cost. Acquisitions with the
   * same key are counted together. On storages that support it this is one atomic operation (one
   * round trip for remote storages).
   */
  public AcquisitionResult acquire(List<Acquisition> acquisitions) {
    return store.acquire(List.copyOf(Objects.requireNonNull(acquisitions, "acquisitions")));
  }

  /** Returns what {@link #acquire(List)} would return now, without taking anything. */
  public AcquisitionResult test(List<Acquisition> acquisitions) {
    return store.test(List.copyOf(Objects.requireNonNull(acquisitions, "acquisitions")));
  }

  /**
   * Returns why the storage cannot take a hit of {@code cost} from {@code item} with this strategy
   * (a bound of the backend, such as the largest moving window it logs), or empty if it can: a hit
   * it cannot hold is an {@link IllegalArgumentException}, so check a limit first where it comes
   * from configuration.
   *
   * @throws IllegalArgumentException if the cost is negative
   * @see WindowStore#cannotHold(RateLimitItem, long)
   */
  public Optional<String> cannotHold(RateLimitItem item, long cost) {
    Objects.requireNonNull(item, "item");
    checkCost(cost);
    return store.cannotHold(item, cost);
  }

  private static void checkCost(long cost) {
    if (cost < 0) {
      throw new IllegalArgumentException("cost must be 0 or more but was " + cost);
    }
  }

  @Override
  public String toString() {
    return "RateLimiter{" + strategy + " on " + storage + "}";
  }
}
