package io.github.limiter4j.redis;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.Storages;
import io.github.limiter4j.testing.ConcurrencyHarness;

/**
 * Run as a separate JVM by the multi-process test: hits one key from many threads and prints how
 * many hits were admitted. Arguments: storage URI, strategy, limit, key, threads.
 */
public final class ConcurrentHitter {
  private ConcurrentHitter() {}

  /** Hits and prints the count of admitted hits. */
  public static void main(String[] args) {
    try (Storage storage = Storages.fromUri(args[0])) {
      RateLimiter limiter = RateLimiter.of(Strategy.fromName(args[1]), storage);
      RateLimitItem item = RateLimitItem.parse(args[2]);
      int threads = Integer.parseInt(args[4]);
      int admitted = ConcurrencyHarness.countSuccesses(threads, i -> limiter.hit(item, args[3]));
      System.out.println("admitted=" + admitted);
    }
  }
}
