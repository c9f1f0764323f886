package io.github.limiter4j.spring.boot;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.spi.MovingWindowSupport;
import io.github.limiter4j.storage.spi.SlidingWindowCounterSupport;
import io.github.limiter4j.storage.spi.WindowStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A storage whose calls are timed as {@code ratelimit.storage.latency}, tagged with the operation.
 * Offers a strategy only if the storage it wraps does (asking for another fails as the storage
 * itself would).
 */
final class TimedStorage implements Storage, MovingWindowSupport, SlidingWindowCounterSupport {
  static final String LATENCY = "ratelimit.storage.latency";

  private final Storage delegate;
  private final Timer acquire;
  private final Timer test;
  private final Timer stats;
  private final Timer clear;

  TimedStorage(Storage delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.acquire = timer(registry, "acquire");
    this.test = timer(registry, "test");
    this.stats = timer(registry, "stats");
    this.clear = timer(registry, "clear");
  }

  private static Timer timer(MeterRegistry registry, String operation) {
    return Timer.builder(LATENCY)
        .description("Time the rate limit storage takes to answer")
        .tag("operation", operation)
        .register(registry);
  }

  @Override
  public WindowStore fixedWindow() {
    return new Timed(delegate.fixedWindow());
  }

  @Override
  public WindowStore movingWindow() {
    return new Timed(Strategy.MOVING_WINDOW.storeIn(delegate));
  }

  @Override
  public WindowStore slidingWindowCounter() {
    return new Timed(Strategy.SLIDING_WINDOW_COUNTER.storeIn(delegate));
  }

  @Override
  public Storage unwrap() {
    return delegate.unwrap();
  }

  @Override
  public boolean isHealthy() {
    return delegate.isHealthy();
  }

  @Override
  public long reset() {
    return delegate.reset();
  }

  @Override
  public void close() {
    // The wrapped storage is a bean of its own, closed by its container.
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  private final class Timed implements WindowStore {
    private final WindowStore store;

    Timed(WindowStore store) {
      this.store = store;
    }

    @Override
    public boolean hit(RateLimitItem item, String key, long cost) {
      return time(acquire, () -> store.hit(item, key, cost));
    }

    @Override
    public boolean test(RateLimitItem item, String key, long cost) {
      return time(test, () -> store.test(item, key, cost));
    }

    @Override
    public AcquisitionResult acquire(List<Acquisition> acquisitions) {
      return time(acquire, () -> store.acquire(acquisitions));
    }

    @Override
    public AcquisitionResult test(List<Acquisition> acquisitions) {
      return time(test, () -> store.test(acquisitions));
    }

    @Override
    public WindowStats stats(RateLimitItem item, String key) {
      return time(stats, () -> store.stats(item, key));
    }

    @Override
    public Optional<String> cannotHold(RateLimitItem item, long cost) {
      // Asks nothing of the server: neither timed nor refused while down.
      return store.cannotHold(item, cost);
    }

    @Override
    public void clear(RateLimitItem item, String key) {
      time(
          clear,
          () -> {
            store.clear(item, key);
            return null;
          });
    }

    private <T> T time(Timer timer, Supplier<T> call) {
      long start = System.nanoTime();
      try {
        return call.get();
      } finally {
        timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
    }
  }
}
