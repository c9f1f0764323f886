package io.github.limiter4j.memcached;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.internal.KeyedBatch;
import io.github.limiter4j.storage.spi.WindowStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/** What the memcached strategies share: a batch is acquired or tested, and stats are a test. */
abstract class MemcachedWindowStore implements WindowStore {
  /**
   * The largest amount whose counters are incremented before the check, and given back if the hit
   * does not fit; a larger amount's counter is read, then incremented only if unchanged. Memcached
   * before 1.6.22 refuses, now and then, to increment or decrement a counter of 2^63 or more (it
   * looks for a minus sign past the value's end, in memory that may hold one), and an increment
   * before the check can take a counter there: up to the amount plus every increment in flight. Up
   * to this amount, that stays below 2^63 with up to 2^23 - 2 increments of one key in flight.
   */
  static final long LARGEST_OPTIMISTIC_AMOUNT = 1L << 40;

  /** How many times a request starts again after its compare-and-set lost a race. */
  static final int MOST_ATTEMPTS = 1_000;

  final MemcachedStorage storage;

  MemcachedWindowStore(MemcachedStorage storage) {
    this.storage = storage;
  }

  /** Acquires the batch if {@code acquiring}, else tests it. */
  abstract AcquisitionResult run(KeyedBatch batch, boolean acquiring);

  @Override
  public final AcquisitionResult acquire(List<Acquisition> acquisitions) {
    return run(KeyedBatch.of(acquisitions), true);
  }

  @Override
  public final AcquisitionResult test(List<Acquisition> acquisitions) {
    return run(KeyedBatch.of(acquisitions), false);
  }

  @Override
  public final WindowStats stats(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    return test(List.of(new Acquisition(item, key, 0))).stats(0);
  }

  /** True if an acquire of {@code item} increments its counters only if unchanged since read. */
  static boolean comparesAndSets(RateLimitItem item) {
    return item.amount() > LARGEST_OPTIMISTIC_AMOUNT;
  }

  /**
   * Waits a random while before attempt {@code attempt + 1}, longer as attempts go on: others are
   * writing the same keys.
   */
  static void stepAside(int attempt) {
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(Math.min(attempt, 100) * 20_000L));
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }
}
