package io.github.limiter4j.storage.spi;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.WindowStats;
import java.util.List;
import java.util.Optional;

/**
 * One strategy's operations in one storage. What a storage backend implements, once per strategy it
 * supports; applications use {@link io.github.limiter4j.RateLimiter} instead.
 *
 * <p>Rules every implementation keeps, checked by the compatibility suite of {@code
 * limiter4j-test}:
 *
 * <ul>
 *   <li>A hit that does not fit consumes nothing, also when its cost exceeds the amount.
 *   <li>{@link #acquire} takes all acquisitions or none: after a refused batch every key's count
 *       and reset time are what they were (no window started, none moved), and acquisitions with
 *       one key are counted together. Remote storages make it one atomic operation; a storage that
 *       cannot says what a concurrent request may observe meanwhile.
 *   <li>A hit at exactly {@code now - window} is still inside the window.
 *   <li>Remaining is never negative and the reset time is never before now. A key without hits
 *       inside its window resets now, or, for the moving window, a whole window from now.
 *   <li>What the store cannot hold (a backend's bound on an amount or a cost) it says in {@link
 *       #cannotHold}, and {@link #acquire} and {@link #test} throw {@link IllegalArgumentException}
 *       with that reason rather than call the server.
 * </ul>
 */
public interface WindowStore {
  /**
   * Takes {@code cost} from {@code item} under {@code key} if it fits.
   *
   * @return true if taken
   */
  default boolean hit(RateLimitItem item, String key, long cost) {
    return acquire(List.of(new Acquisition(item, key, cost))).allowed();
  }

  /** Returns true if {@link #hit} would take {@code cost} now, without taking it. */
  default boolean test(RateLimitItem item, String key, long cost) {
    return test(List.of(new Acquisition(item, key, cost))).allowed();
  }

  /** Takes every acquisition, or none if any one does not fit. */
  AcquisitionResult acquire(List<Acquisition> acquisitions);

  /** Returns what {@link #acquire} would return now, without taking anything. */
  AcquisitionResult test(List<Acquisition> acquisitions);

  /** Returns what remains of {@code item} under {@code key} and when it resets. */
  WindowStats stats(RateLimitItem item, String key);

  /** Forgets every hit of {@code item} under {@code key}. */
  void clear(RateLimitItem item, String key);

  /**
   * Returns why this store cannot take a hit of {@code cost} from {@code item}, or empty if it can
   * (whether the hit fits is another matter). A backend says so where the limit exceeds what it can
   * keep, such as a moving window that logs every hit in one document; request limiters check their
   * static limits with it at start-up, skip a dynamic limit it cannot hold and refuse a request
   * whose cost it cannot take. A cost above the amount never needs holding, since such a hit is
   * refused whatever the storage.
   *
   * <p>The default holds anything. A decorator answers for the store it wraps.
   *
   * @return the reason, naming the backend and its bound, such as {@code "the moving window on
   *     MongoDB ... takes amounts up to 100000"}
   */
  default Optional<String> cannotHold(RateLimitItem item, long cost) {
    return Optional.empty();
  }
}
