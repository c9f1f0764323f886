package io.github.limiter4j.storage;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.spi.MovingWindowSupport;
import io.github.limiter4j.storage.spi.SlidingWindowCounterSupport;
import io.github.limiter4j.storage.spi.WindowStore;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits counted in this process's memory: for a single instance, for tests, and as the fallback
 * while a remote storage is down. Supports every strategy and is selected by {@code memory://}.
 *
 * <ul>
 *   <li>Thread-safe, and no lock spans keys: the fixed window and sliding window counter are
 *       lock-free (a compare-and-set per hit), the moving window locks one key at a time.
 *   <li>A batch ({@link WindowStore#acquire}) takes its limits one after another and, if one does
 *       not fit, gives back what it took: a refused batch leaves nothing behind and no limit admits
 *       more than its amount, but a concurrent request may see a batch's takings before they are
 *       given back, and be refused by them.
 *   <li>Every operation is O(1) amortized, whatever the number of keys or the size of the limit.
 *   <li>Keys whose windows have passed are dropped by a background thread every {@linkplain
 *       Builder#cleanupInterval cleanup interval}, so no request pays for a sweep; an expired key
 *       that is hit again is reused in place.
 *   <li>At most {@linkplain Builder#maximumKeys maximum keys} are held. When full, each new key
 *       first evicts one of a sample of 8 keys of its strategy: the one whose loss lets the fewest
 *       requests through early. A key that would still admit a hit goes before a key at its limit,
 *       then the key holding the fewest hits (an expired key holds none), then the key whose window
 *       frees up first. An evicted key starts over from zero. So a flood of new keys can reset keys
 *       below their limits, but a key at its limit (a blocked client) only when every other key of
 *       its sample is at its limit too and holds as many hits or more; and it can never exhaust the
 *       heap. Under concurrent inserts the bound may be passed by at most the number of inserting
 *       threads.
 * </ul>
 */
public final class MemoryStorage
    implements Storage, MovingWindowSupport, SlidingWindowCounterSupport {
  /** The default bound on the number of keys: 1,000,000 (about 180 MB of fixed windows). */
  public static final long DEFAULT_MAXIMUM_KEYS = 1_000_000;

  /** The default interval between sweeps of expired keys: one second. */
  public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofSeconds(1);

  private final TimeSource timeSource;
  private final long maximumKeys;
  private final Duration cleanupInterval;
  private final MemoryWindowStore fixedWindow;
  private final MemoryWindowStore movingWindow;
  private final MemoryWindowStore slidingWindow;
  private final Object evictionLock = new Object();
  private volatile Thread cleaner;
  private volatile boolean closed;

  private MemoryStorage(Builder builder) {
    this.timeSource = builder.timeSource;
    this.maximumKeys = builder.maximumKeys;
    this.cleanupInterval = builder.cleanupInterval;
    this.fixedWindow =
        new MemoryWindowStore(
            this, MemoryEntry.FixedWindow::new, MemoryEntry.FixedWindow::resetWithoutHits);
    this.movingWindow =
        new MemoryWindowStore(
            this, MemoryEntry.MovingWindow::new, MemoryEntry.MovingWindow::resetWithoutHits);
    this.slidingWindow =
        new MemoryWindowStore(
            this, MemoryEntry.SlidingWindow::new, MemoryEntry.SlidingWindow::resetWithoutHits);
  }

  /** Returns a builder with the defaults: system time, 1,000,000 keys, cleanup every second. */
  public static Builder builder() {
    return new Builder();
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
    return slidingWindow;
  }

  /** Always true: memory is always there. */
  @Override
  public boolean isHealthy() {
    return true;
  }

  @Override
  public long reset() {
    return fixedWindow.removeAll() + movingWindow.removeAll() + slidingWindow.removeAll();
  }

  /**
   * Drops every key whose window has passed, now, on the calling thread; the background cleaner
   * does the same every cleanup interval.
   *
   * @return how many keys were dropped
   */
  public long cleanUp() {
    long now = now();
    return fixedWindow.removeExpired(now)
        + movingWindow.removeExpired(now)
        + slidingWindow.removeExpired(now);
  }

  /** Returns the number of keys held, expired ones not yet dropped included. */
  public long keyCount() {
    return fixedWindow.size() + movingWindow.size() + slidingWindow.size();
  }

  /** Returns the bound on the number of keys. */
  public long maximumKeys() {
    return maximumKeys;
  }

  /** Stops the background cleaner. The storage still works; expired keys are then reused. */
  @Override
  public void close() {
    closed = true;
    Thread thread = cleaner;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public String toString() {
    return "memory storage (maximum keys " + maximumKeys + ")";
  }

  long now() {
    return timeSource.currentTimeMillis();
  }

  /** Evicts a key if the storage is full, before {@code inserting} adds one. */
  void makeRoom(MemoryWindowStore inserting) {
    if (keyCount() < maximumKeys) {
      return;
    }
    synchronized (evictionLock) {
      if (keyCount() < maximumKeys) {
        return;
      }
      long now = now();
      if (!inserting.evictOne(now)) {
        // This strategy holds nothing (or only keys being removed): take from the others.
        boolean evicted =
            fixedWindow.evictOne(now) || movingWindow.evictOne(now) || slidingWindow.evictOne(now);
        assert evicted || keyCount() < maximumKeys;
      }
    }
  }

  private void startCleaner() {
    if (cleanupInterval.isZero()) {
      return;
    }
    // The thread holds the storage weakly, so a storage that is dropped without close() is still
    // collected, and its thread ends.
    WeakReference<MemoryStorage> reference = new WeakReference<>(this);
    long intervalMillis = Math.max(1, cleanupInterval.toMillis());
    Thread thread =
        new Thread(() -> cleanPeriodically(reference, intervalMillis), "limiter4j-memory-cleanup");
    thread.setDaemon(true);
    cleaner = thread;
    thread.start();
  }

  private static void cleanPeriodically(WeakReference<MemoryStorage> reference, long millis) {
    try {
      do {
        Thread.sleep(millis);
      } while (cleanOnce(reference));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean cleanOnce(WeakReference<MemoryStorage> reference) {
    MemoryStorage storage = reference.get();
    if (storage == null || storage.closed) {
      return false;
    }
    storage.cleanUp();
    return true;
  }

  /** Builds a {@link MemoryStorage}; use once. */
  public static final class Builder {
    private TimeSource timeSource = TimeSource.system();
    private long maximumKeys = DEFAULT_MAXIMUM_KEYS;
    private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;
    private boolean built;

    private Builder() {}

    /** Sets the clock; tests pass a manual one. */
    public Builder timeSource(TimeSource timeSource) {
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /**
     * Sets the most keys held at once; see the class description for what happens when full.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maximumKeys(long maximumKeys) {
      if (maximumKeys < 1) {
        throw new IllegalArgumentException("maximumKeys must be 1 or more but was " + maximumKeys);
      }
      this.maximumKeys = maximumKeys;
      return this;
    }

    /**
     * Sets how often a background thread drops expired keys; {@link Duration#ZERO} starts no
     * thread, leaving it to {@link MemoryStorage#cleanUp()} and to eviction when full.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder cleanupInterval(Duration cleanupInterval) {
      Objects.requireNonNull(cleanupInterval, "cleanupInterval");
      if (cleanupInterval.isNegative()) {
        throw new IllegalArgumentException(
            "cleanupInterval must not be negative but was " + cleanupInterval);
      }
      this.cleanupInterval = cleanupInterval;
      return this;
    }

    /**
     * Returns the storage and starts its cleaner.
     *
     * @throws IllegalStateException if this builder was used already
     */
    public MemoryStorage build() {
      if (built) {
        throw new IllegalStateException("this builder was already built");
      }
      built = true;
      MemoryStorage storage = new MemoryStorage(this);
      storage.startCleaner();
      return storage;
    }
  }
}
