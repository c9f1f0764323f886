package io.github.limiter4j.benchmarks;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.MemoryStorage;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures the heap held per tracked key: limiter4j's memory storage for each strategy, and a
 * {@link ConcurrentHashMap} of Bucket4j buckets, after N keys of one hit each. Heap is read after
 * full collections, so the figure includes the keys, the map and the per-key state.
 *
 * <p>Usage: {@code java -Xmx4g -cp limiter4j-benchmarks/target/benchmarks.jar
 * io.github.limiter4j.benchmarks.HeapPerKey [keys]}
 */
public final class HeapPerKey {
  private HeapPerKey() {}

  /** Prints bytes per key for each storage. */
  public static void main(String[] args) {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    RateLimitItem item = RateLimitItem.of(10, Granularity.MINUTE);
    System.out.printf("keys: %,d; limit %s; identifiers \"client-<n>\"%n", keys, item);
    for (Strategy strategy : Strategy.values()) {
      long before = usedHeap();
      MemoryStorage storage =
          MemoryStorage.builder().maximumKeys(keys).cleanupInterval(Duration.ZERO).build();
      RateLimiter limiter = RateLimiter.of(strategy, storage);
      for (int i = 0; i < keys; i++) {
        limiter.hit(item, "client-" + i);
      }
      long after = usedHeap();
      System.out.printf(
          "limiter4j %-22s %6.1f bytes/key (%,d keys held)%n",
          strategy.strategyName(), (after - before) / (double) keys, storage.keyCount());
      storage.close();
      reachabilityFence(storage);
    }
    long before = usedHeap();
    ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    for (int i = 0; i < keys; i++) {
      buckets
          .computeIfAbsent(
              "client-" + i,
              k ->
                  Bucket.builder()
                      .addLimit(
                          Bandwidth.builder()
                              .capacity(10)
                              .refillGreedy(10, Duration.ofMinutes(1))
                              .build())
                      .build())
          .tryConsume(1);
    }
    long after = usedHeap();
    System.out.printf(
        "bucket4j keyed map              %6.1f bytes/key (%,d keys held)%n",
        (after - before) / (double) keys, buckets.size());
    reachabilityFence(buckets);
  }

  private static void reachabilityFence(Object o) {
    java.lang.ref.Reference.reachabilityFence(o);
  }

  private static long usedHeap() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
