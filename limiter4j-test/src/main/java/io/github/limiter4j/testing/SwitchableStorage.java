package io.github.limiter4j.testing;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.spi.MovingWindowSupport;
import io.github.limiter4j.storage.spi.SlidingWindowCounterSupport;
import io.github.limiter4j.storage.spi.WindowStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A working storage that a test can take down and bring back: while down, every operation throws
 * {@link StorageException} as an unreachable server would, and {@link #isHealthy()} is false. For
 * testing what an application does when its rate limit storage fails.
 */
public final class SwitchableStorage
    implements Storage, MovingWindowSupport, SlidingWindowCounterSupport {
  private final MemoryStorage delegate;
  private final WindowStore fixedWindow;
  private final WindowStore movingWindow;
  private final WindowStore slidingWindowCounter;
  private final AtomicInteger failedCalls = new AtomicInteger();
  private volatile boolean down;

  /** A switchable storage over {@code delegate}, which it closes when closed. */
  public SwitchableStorage(MemoryStorage delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.fixedWindow = new Switched(delegate.fixedWindow());
    this.movingWindow = new Switched(delegate.movingWindow());
    this.slidingWindowCounter = new Switched(delegate.slidingWindowCounter());
  }

  /** Takes the storage down: every call fails until {@link #bringUp()}. */
  public void takeDown() {
    down = true;
  }

  /** Brings the storage back, with the counts it had. */
  public void bringUp() {
    down = false;
  }

  /** Returns true while the storage is down. */
  public boolean isDown() {
    return down;
  }

  /** Returns how many calls failed because the storage was down (health checks included). */
  public int failedCalls() {
    return failedCalls.get();
  }

  @Override
  public WindowStore fixedWindow() {
    return fixedWindow;
  }

  @Override
  public WindowStore movingWindow() {
    return movingWindow;
  }

  @Override
  public WindowStore slidingWindowCounter() {
    return slidingWindowCounter;
  }

  @Override
  public Storage unwrap() {
    return delegate;
  }

  @Override
  public boolean isHealthy() {
    if (down) {
      failedCalls.incrementAndGet();
      return false;
    }
    return delegate.isHealthy();
  }

  @Override
  public long reset() {
    checkUp();
    return delegate.reset();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private void checkUp() {
    if (down) {
      failedCalls.incrementAndGet();
      throw new StorageException("switchable storage is down (taken down by the test)");
    }
  }

  @Override
  public String toString() {
    return "SwitchableStorage{" + (down ? "down" : "up") + "}";
  }

  private final class Switched implements WindowStore {
    private final WindowStore store;

    Switched(WindowStore store) {
      this.store = store;
    }

    @Override
    public boolean hit(RateLimitItem item, String key, long cost) {
      checkUp();
      return store.hit(item, key, cost);
    }

    @Override
    public boolean test(RateLimitItem item, String key, long cost) {
      checkUp();
      return store.test(item, key, cost);
    }

    @Override
    public AcquisitionResult acquire(List<Acquisition> acquisitions) {
      checkUp();
      return store.acquire(acquisitions);
    }

    @Override
    public AcquisitionResult test(List<Acquisition> acquisitions) {
      checkUp();
      return store.test(acquisitions);
    }

    @Override
    public WindowStats stats(RateLimitItem item, String key) {
      checkUp();
      return store.stats(item, key);
    }

    @Override
    public Optional<String> cannotHold(RateLimitItem item, long cost) {
      // Asks nothing of the server: neither timed nor refused while down.
      return store.cannotHold(item, cost);
    }

    @Override
    public void clear(RateLimitItem item, String key) {
      checkUp();
      store.clear(item, key);
    }
  }
}
