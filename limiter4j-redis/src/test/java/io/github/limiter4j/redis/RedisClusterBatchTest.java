package io.github.limiter4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.TimeSource;
import io.github.limiter4j.testing.ManualClock;
import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batches whose keys span hash slots of a real cluster: one script call per slot. */
class RedisClusterBatchTest {
  private static final RateLimitItem TEN_PER_MINUTE = RateLimitItem.parse("10/minute");
  private static final RateLimitItem ONE_PER_SECOND = RateLimitItem.parse("1/second");

  @ParameterizedTest
  @EnumSource(
      value = Strategy.class,
      names = {"FIXED_WINDOW", "MOVING_WINDOW", "SLIDING_WINDOW_COUNTER"})
  void aBatchRefusedOnOneSlotIsReportedRefusedEvenIfTheWindowEndsBeforeItIsReadAgain(
      Strategy strategy) {
    ManualClock clock = RedisTestServers.clockAheadOfServer();
    // The seam: the clock jumps past the 1/second window (two of them, for the sliding counter's
    // previous bucket) right after the call that refuses, before the batch is read again.
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger jumpAfterRead = new AtomicInteger(-1);
    TimeSource time =
        () -> {
          long now = clock.currentTimeMillis();
          if (reads.incrementAndGet() == jumpAfterRead.get()) {
            clock.advanceMillis(2 * ONE_PER_SECOND.windowMillis() + 1);
          }
          return now;
        };
    try (RedisStorage storage =
        RedisStorage.builder(RedisTestServers.clusterUri()).timeSource(time).build()) {
      RateLimiter limiter = RateLimiter.of(strategy, storage);
      // Keys of their own per strategy: fixed and moving windows have the same key names.
      String b = "b-" + strategy;
      String a = clientSentFirst(strategy, b);
      assertThat(limiter.hit(ONE_PER_SECOND, b)).isTrue();
      List<Acquisition> batch =
          List.of(Acquisition.of(TEN_PER_MINUTE, 1, a), Acquisition.of(ONE_PER_SECOND, 1, b));
      // The 10/minute slot takes (read 1), the 1/second slot refuses (read 2), the take is given
      // back: then the 1/second window ends.
      reads.set(0);
      jumpAfterRead.set(2);

      AcquisitionResult refused = limiter.acquire(batch);

      assertThat(reads.get()).as("the clock was read after the refusal").isGreaterThan(2);
      assertThat(refused.allowed()).as("nothing was taken: %s", refused).isFalse();
      assertThat(refused.breached(1)).isTrue();
      assertThat(limiter.windowStats(TEN_PER_MINUTE, a).remaining()).isEqualTo(10);
      assertThat(limiter.windowStats(ONE_PER_SECOND, b).remaining()).isEqualTo(1);

      AcquisitionResult admitted = limiter.acquire(batch);
      assertThat(admitted.allowed()).isTrue();
      assertThat(limiter.windowStats(TEN_PER_MINUTE, a).remaining()).isEqualTo(9);
      assertThat(limiter.windowStats(ONE_PER_SECOND, b).remaining()).isZero();
      storage.reset();
    }
  }

  /** A client whose 10/minute key is in a lower slot than {@code other}'s 1/second key. */
  private static String clientSentFirst(Strategy strategy, String other) {
    int otherSlot = slot(strategy, ONE_PER_SECOND.keyFor(other));
    for (int i = 0; i < 100_000; i++) {
      String client = "a-" + strategy + "-" + i;
      if (slot(strategy, TEN_PER_MINUTE.keyFor(client)) < otherSlot) {
        return client;
      }
    }
    throw new AssertionError(other + "'s key is in slot " + otherSlot + ", the lowest one");
  }

  /** The slot of a key's first storage key, in the layout docs/storage.md gives. */
  private static int slot(Strategy strategy, String key) {
    String stored =
        strategy == Strategy.SLIDING_WINDOW_COUNTER ? "LIMITS:{" + key + "}" : "LIMITS:" + key;
    return SlotHash.getSlot(stored);
  }
}
