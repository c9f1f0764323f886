package io.github.limiter4j.memcached;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.storage.KeyedBatch;
import io.github.limiter4j.storage.WindowStore;
import java.util.List;
import java.util.Objects;

/** What the memcached strategies share: a batch is acquired or tested, and stats are a test. */
abstract class MemcachedWindowStore implements WindowStore {
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

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }
}
