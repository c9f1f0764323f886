package io.github.limiter4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.TimeSource;
import io.github.limiter4j.WindowStats;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryStorageTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final TimeSource clock = now::get;
  private final RateLimitItem onePerSecond = RateLimitItem.of(1, Granularity.SECOND);
  private final RateLimitItem onePerHour = RateLimitItem.of(1, Granularity.HOUR);

  private MemoryStorage.Builder storage() {
    return MemoryStorage.builder().timeSource(clock).cleanupInterval(Duration.ZERO);
  }

  @Test
  void cleanUpDropsOnlyKeysWhoseWindowPassed() {
    try (MemoryStorage storage = storage().build()) {
      for (Strategy strategy : Strategy.values()) {
        RateLimiter limiter = RateLimiter.of(strategy, storage);
        limiter.hit(onePerSecond, "short");
        limiter.hit(onePerHour, "long");
      }
      assertThat(storage.keyCount()).isEqualTo(6);
      now.addAndGet(Duration.ofMinutes(5).toMillis());
      assertThat(storage.cleanUp()).isEqualTo(3);
      assertThat(storage.keyCount()).isEqualTo(3);
      for (Strategy strategy : Strategy.values()) {
        assertThat(RateLimiter.of(strategy, storage).hit(onePerHour, "long")).isFalse();
      }
    }
  }

  @Test
  void aFullStorageEvictsTheKeyThatFreesUpFirst() {
    try (MemoryStorage storage = storage().maximumKeys(3).build()) {
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      limiter.hit(onePerHour, "a");
      limiter.hit(onePerSecond, "b");
      limiter.hit(onePerHour, "c");
      assertThat(limiter.hit(onePerHour, "d")).isTrue();
      assertThat(storage.keyCount()).isEqualTo(3);
      // "b" had the earliest reset and was evicted; "a" and "c" still hold their hits.
      assertThat(limiter.hit(onePerHour, "a")).isFalse();
      assertThat(limiter.hit(onePerHour, "c")).isFalse();
      assertThat(limiter.windowStats(onePerSecond, "b").remaining()).isEqualTo(1);
    }
  }

  @Test
  void aFloodOfNewKeysNeverPassesTheBound() {
    try (MemoryStorage storage = storage().maximumKeys(1_000).build()) {
      RateLimiter limiter = RateLimiter.of(Strategy.MOVING_WINDOW, storage);
      for (int i = 0; i < 50_000; i++) {
        assertThat(limiter.hit(onePerHour, "flood-" + i)).isTrue();
        now.incrementAndGet();
      }
      assertThat(storage.keyCount()).isEqualTo(1_000);
    }
  }

  @Test
  void aFloodOfNewKeysNeverEvictsAKeyAtItsLimit() {
    floodPastABlockedKey(RateLimitItem.of(10, Granularity.MINUTE));
  }

  @Test
  void aFloodOfKeysThatOneHitFillsNeverEvictsAKeyHoldingMoreHits() {
    // A route limited to 1/day makes every new key full at its first hit; the blocked key holds
    // 10 hits and frees up much sooner, yet it is the flood's keys that go.
    floodPastABlockedKey(RateLimitItem.of(1, Granularity.DAY));
  }

  /**
   * In every strategy, blocks a key at 10/10 of 10/minute in a storage of 1,000 keys, hits 200,000
   * new keys once each with {@code flood}, and checks that the blocked key is still refused.
   */
  private void floodPastABlockedKey(RateLimitItem flood) {
    RateLimitItem tenPerMinute = RateLimitItem.of(10, Granularity.MINUTE);
    for (Strategy strategy : Strategy.values()) {
      // At the start of a minute, so the whole flood stays in the sliding window's bucket.
      now.set(17 * 60_000L);
      try (MemoryStorage storage = storage().maximumKeys(1_000).build()) {
        RateLimiter limiter = RateLimiter.of(strategy, storage);
        for (int i = 0; i < 10; i++) {
          assertThat(limiter.hit(tenPerMinute, "blocked")).isTrue();
        }
        WindowStats blocked = limiter.windowStats(tenPerMinute, "blocked");
        for (int i = 0; i < 200_000; i++) {
          assertThat(limiter.hit(flood, "flood-" + i)).isTrue();
          if (i % 10 == 0) {
            now.incrementAndGet();
          }
        }
        assertThat(storage.keyCount()).as(strategy.strategyName()).isEqualTo(1_000);
        assertThat(limiter.hit(tenPerMinute, "blocked"))
            .as("%s: the blocked key is still refused", strategy.strategyName())
            .isFalse();
        assertThat(limiter.windowStats(tenPerMinute, "blocked"))
            .as(strategy.strategyName())
            .isEqualTo(blocked);
      }
    }
  }

  @Test
  void aFullStorageEvictsAKeyThatStillAdmitsBeforeOneAtItsLimit() {
    for (Strategy strategy : Strategy.values()) {
      try (MemoryStorage storage = storage().maximumKeys(2).build()) {
        RateLimiter limiter = RateLimiter.of(strategy, storage);
        RateLimitItem tenPerHour = RateLimitItem.of(10, Granularity.HOUR);
        limiter.hit(onePerSecond, "blocked"); // at its limit, and frees up first
        limiter.hit(tenPerHour, "quiet");
        assertThat(limiter.hit(onePerHour, "new")).isTrue();
        assertThat(limiter.hit(onePerSecond, "blocked")).as(strategy.strategyName()).isFalse();
        assertThat(limiter.windowStats(tenPerHour, "quiet").remaining())
            .as("%s: evicted", strategy.strategyName())
            .isEqualTo(10);
      }
    }
  }

  @Test
  void ofKeysThatStillAdmitAFullStorageEvictsTheOneHoldingFewestHits() {
    try (MemoryStorage storage = storage().maximumKeys(2).build()) {
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      RateLimitItem tenPerHour = RateLimitItem.of(10, Granularity.HOUR);
      RateLimitItem tenPerSecond = RateLimitItem.of(10, Granularity.SECOND);
      limiter.hit(tenPerSecond, 5, "busy"); // frees up first, but holds five hits
      limiter.hit(tenPerHour, "light");
      limiter.hit(tenPerHour, "new");
      assertThat(limiter.windowStats(tenPerSecond, "busy").remaining()).isEqualTo(5);
      assertThat(limiter.windowStats(tenPerHour, "light").remaining()).isEqualTo(10);
    }
  }

  @Test
  void whenEveryKeyIsAtItsLimitTheOneHoldingFewestHitsGoesFirst() {
    try (MemoryStorage storage = storage().maximumKeys(2).build()) {
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      RateLimitItem tenPerMinute = RateLimitItem.of(10, Granularity.MINUTE);
      limiter.hit(tenPerMinute, 10, "blocked"); // frees up first, but holds ten hits
      limiter.hit(onePerHour, "one");
      limiter.hit(onePerHour, "new");
      assertThat(limiter.hit(tenPerMinute, "blocked")).isFalse();
      assertThat(limiter.windowStats(onePerHour, "one").remaining()).isEqualTo(1);
    }
  }

  @Test
  void aFullStorageTakesRoomFromAnotherStrategyWhenItsOwnIsEmpty() {
    try (MemoryStorage storage = storage().maximumKeys(2).build()) {
      RateLimiter fixed = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      RateLimiter sliding = RateLimiter.of(Strategy.SLIDING_WINDOW_COUNTER, storage);
      fixed.hit(onePerHour, "a");
      fixed.hit(onePerHour, "b");
      assertThat(sliding.hit(onePerHour, "c")).isTrue();
      assertThat(storage.keyCount()).isEqualTo(2);
    }
  }

  @Test
  void theCleanerThreadDropsExpiredKeysInTheBackground() throws InterruptedException {
    try (MemoryStorage storage = storage().cleanupInterval(Duration.ofMillis(5)).build()) {
      RateLimiter.of(Strategy.FIXED_WINDOW, storage).hit(onePerSecond, "k");
      assertThat(storage.keyCount()).isEqualTo(1);
      now.addAndGet(2_000);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (storage.keyCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(storage.keyCount()).isZero();
    }
  }

  @Test
  void aStorageDroppedWithoutCloseIsCollectedAndItsCleanerEnds() throws InterruptedException {
    WeakReference<MemoryStorage> reference =
        new WeakReference<>(storage().cleanupInterval(Duration.ofMillis(5)).build());
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (reference.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(reference.get()).isNull();
    while (cleanerThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(cleanerThreads()).isZero();
  }

  @Test
  void closeStopsTheCleanerButTheStorageStillCounts() throws InterruptedException {
    MemoryStorage storage = storage().cleanupInterval(Duration.ofMillis(5)).build();
    storage.close();
    storage.close();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (cleanerThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(cleanerThreads()).isZero();
    RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
    assertThat(limiter.hit(onePerSecond, "k")).isTrue();
    assertThat(limiter.hit(onePerSecond, "k")).isFalse();
  }

  @Test
  void anExpiredKeyIsReusedWhenHitAgain() {
    try (MemoryStorage storage = storage().build()) {
      RateLimiter limiter = RateLimiter.of(Strategy.SLIDING_WINDOW_COUNTER, storage);
      limiter.hit(onePerSecond, "k");
      now.addAndGet(10_000);
      assertThat(limiter.hit(onePerSecond, "k")).isTrue();
      assertThat(storage.keyCount()).isEqualTo(1);
    }
  }

  @Test
  void theBuilderIsUsedOnceAndChecksItsArguments() {
    MemoryStorage.Builder builder = storage();
    builder.build().close();
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> MemoryStorage.builder().maximumKeys(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumKeys must be 1 or more but was 0");
    assertThatThrownBy(() -> MemoryStorage.builder().cleanupInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cleanupInterval");
    assertThatThrownBy(() -> MemoryStorage.builder().timeSource(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeSource");
  }

  @Test
  void oneKeyCannotServeTwoDifferentLimitsInABatch() {
    try (MemoryStorage storage = storage().build()) {
      var store = storage.fixedWindow();
      assertThatThrownBy(
              () ->
                  store.acquire(
                      java.util.List.of(
                          new io.github.limiter4j.Acquisition(onePerSecond, "same", 1),
                          new io.github.limiter4j.Acquisition(onePerHour, "same", 1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("key \"same\" is used for two different limits");
    }
  }

  private static long cleanerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("limiter4j-memory-cleanup") && t.isAlive())
        .count();
  }
}
