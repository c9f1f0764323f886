package io.github.limiter4j.testing;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.internal.KeyedBatch;
import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.spi.MovingWindowSupport;
import io.github.limiter4j.storage.spi.SlidingWindowCounterSupport;
import io.github.limiter4j.storage.spi.WindowStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A memory storage with the bounds of a remote one: its moving window takes amounts up to a largest
 * amount (as MongoDB and memcached take 100,000) and hits up to a largest cost (as Redis takes
 * 1,000,000), declares them in {@link WindowStore#cannotHold}, and refuses more with an {@link
 * IllegalArgumentException} as those backends do. For testing what an application does with a limit
 * its production storage cannot hold, without that server.
 */
public final class BoundedStorage
    implements Storage, MovingWindowSupport, SlidingWindowCounterSupport {
  private final MemoryStorage delegate;
  private final long largestAmount;
  private final long largestCost;
  private final WindowStore movingWindow;

  /**
   * A bounded storage over {@code delegate}, which it closes when closed.
   *
   * @param largestAmount the largest amount of a moving window limit
   * @param largestCost the largest cost of one moving window hit
   * @throws IllegalArgumentException if a bound is less than 1
   */
  public BoundedStorage(MemoryStorage delegate, long largestAmount, long largestCost) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (largestAmount < 1) {
      throw new IllegalArgumentException(
          "largestAmount must be 1 or more but was " + largestAmount);
    }
    if (largestCost < 1) {
      throw new IllegalArgumentException("largestCost must be 1 or more but was " + largestCost);
    }
    this.largestAmount = largestAmount;
    this.largestCost = largestCost;
    this.movingWindow = new Bounded(delegate.movingWindow());
  }

  @Override
  public WindowStore fixedWindow() {
    return delegate.fixedWindow();
  }

  @Override
  public WindowStore movingWindow() {
    return movingWindow;
  }

  @Override
  public WindowStore slidingWindowCounter() {
    return delegate.slidingWindowCounter();
  }

  @Override
  public Storage unwrap() {
    return delegate;
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
    delegate.close();
  }

  @Override
  public String toString() {
    return "BoundedStorage{moving window amounts up to "
        + largestAmount
        + ", hits up to "
        + largestCost
        + "}";
  }

  private final class Bounded implements WindowStore {
    private final WindowStore store;

    Bounded(WindowStore store) {
      this.store = store;
    }

    @Override
    public AcquisitionResult acquire(List<Acquisition> acquisitions) {
      KeyedBatch.of(acquisitions).requireHeldBy(this);
      return store.acquire(acquisitions);
    }

    @Override
    public AcquisitionResult test(List<Acquisition> acquisitions) {
      KeyedBatch.of(acquisitions).requireHeldBy(this);
      return store.test(acquisitions);
    }

    @Override
    public WindowStats stats(RateLimitItem item, String key) {
      KeyedBatch.of(List.of(new Acquisition(item, key, 0))).requireHeldBy(this);
      return store.stats(item, key);
    }

    @Override
    public void clear(RateLimitItem item, String key) {
      store.clear(item, key);
    }

    @Override
    public Optional<String> cannotHold(RateLimitItem item, long cost) {
      if (item.amount() > largestAmount) {
        return Optional.of(
            "the bounded moving window takes amounts up to " + largestAmount + ", not " + item);
      }
      if (cost > largestCost && cost <= item.amount()) {
        return Optional.of(
            "the bounded moving window takes hits up to " + largestCost + ", not " + cost);
      }
      return Optional.empty();
    }
  }
}
