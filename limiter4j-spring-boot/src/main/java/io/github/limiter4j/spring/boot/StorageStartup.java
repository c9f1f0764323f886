package io.github.limiter4j.spring.boot;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.web.Limiter;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that a limiter that needs its storage to serve requests (neither swallowing
 * errors nor falling back to memory) can reach it, waiting for it a bounded time. A limiter that
 * copes without its storage starts at once and uses it once it answers.
 */
final class StorageStartup {
  private static final Logger LOG = LoggerFactory.getLogger(StorageStartup.class);
  private static final Duration RETRY = Duration.ofMillis(500);
  private static final RateLimitItem PROBE = RateLimitItem.parse("1/second");

  private StorageStartup() {}

  /**
   * Returns once the limiter's storage answers, or at once if the limiter copes without it.
   *
   * @throws RateLimitStorageUnavailableException if it does not answer within {@code timeout}
   */
  static void await(Limiter limiter, Duration timeout) {
    Optional<Storage> found = limiter.storage();
    if (found.isEmpty() || limiter.isSwallowingErrors() || limiter.hasInMemoryFallback()) {
      return;
    }
    Storage storage = found.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean logged = false;
    while (true) {
      Optional<String> failure = failureOf(limiter, storage);
      if (failure.isEmpty()) {
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new RateLimitStorageUnavailableException(storage.toString(), failure.get(), timeout);
      }
      if (!logged) {
        logged = true;
        LOG.info(
            "Waiting up to {} for the rate limit storage {}: {}", timeout, storage, failure.get());
      }
      try {
        Thread.sleep(Math.min(RETRY.toMillis(), Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RateLimitStorageUnavailableException(storage.toString(), failure.get(), timeout);
      }
    }
  }

  /** Why the storage does not answer now, or empty if it does. */
  private static Optional<String> failureOf(Limiter limiter, Storage storage) {
    try {
      if (storage.isHealthy()) {
        return Optional.empty();
      }
      // A health check says no more than no: a read says why.
      RateLimiter.of(limiter.strategy(), storage).test(PROBE, 1, "limiter4j-startup-check");
      return Optional.of("its health check fails");
    } catch (RuntimeException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }
}
