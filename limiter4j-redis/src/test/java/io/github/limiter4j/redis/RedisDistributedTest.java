package io.github.limiter4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.Storages;
import io.github.limiter4j.testing.ConcurrencyHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many processes on one key, and a Sentinel failover under load. */
class RedisDistributedTest {
  // A day, so that no bucket of the sliding window counter ends during the test: when one does,
  // the previous bucket's weight drops and a further hit may rightly be admitted.
  @ParameterizedTest
  @ValueSource(strings = {"fixed-window", "moving-window", "sliding-window-counter"})
  void fourProcessesOnOneKeyNeverAdmitMoreThanTheLimit(String strategy) throws Exception {
    int admitted =
        ConcurrencyHarness.countSuccessesAcrossProcesses(
            4,
            25,
            RedisTestServers.standaloneUri(),
            Strategy.fromName(strategy),
            RateLimitItem.parse("50/day"),
            "processes-" + strategy + "-" + System.nanoTime());
    assertThat(admitted).as("100 hits from 4 processes on 50/day").isEqualTo(50);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fixed-window", "moving-window", "sliding-window-counter"})
  void fourProcessesTakingBatchesOfTwoLimitsAdmitTheSmallerAndLeaveNothingOfTheRefused(
      String strategy) throws Exception {
    RateLimitItem fifty = RateLimitItem.parse("50/day");
    RateLimitItem seventy = RateLimitItem.parse("70/day");
    String key = "batches-" + strategy + "-" + System.nanoTime();

    int admitted =
        ConcurrencyHarness.countSuccessesAcrossProcesses(
            4,
            25,
            RedisTestServers.standaloneUri(),
            Strategy.fromName(strategy),
            List.of(fifty, seventy),
            key);

    assertThat(admitted).as("100 batches from 4 processes, 50/day and 70/day").isEqualTo(50);
    try (Storage storage = Storages.fromUri(RedisTestServers.standaloneUri())) {
      RateLimiter limiter = RateLimiter.of(Strategy.fromName(strategy), storage);
      assertThat(limiter.windowStats(seventy, key).remaining()).isEqualTo(20);
      limiter.clear(fifty, key);
      limiter.clear(seventy, key);
    }
  }

  @Test
  void theLimiterGoesOnAfterTheSentinelsPromoteTheReplica() throws Exception {
    try (SentinelSetup setup = SentinelSetup.start();
        Storage storage = Storages.fromUri(setup.uri(), Map.of("timeout", "500ms"))) {
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      RateLimitItem item = RateLimitItem.parse("1000000/hour");
      int oldMaster = setup.masterPort();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger admitted = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      Thread load =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    if (limiter.hit(item, "failover")) {
                      admitted.incrementAndGet();
                    }
                  } catch (StorageException e) {
                    failed.incrementAndGet();
                    RedisTestServers.sleep(50);
                  }
                }
              });
      load.start();
      try {
        RedisTestServers.sleep(500);
        assertThat(admitted.get()).isPositive();
        setup.master.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (setup.masterPort() == oldMaster) {
          assertThat(System.nanoTime())
              .as("the sentinels promote the replica")
              .isLessThan(deadline);
          RedisTestServers.sleep(200);
        }
        int afterPromotion = admitted.get();
        while (admitted.get() < afterPromotion + 100) {
          assertThat(System.nanoTime()).as("hits pass on the new master").isLessThan(deadline);
          RedisTestServers.sleep(100);
        }
      } finally {
        running.set(false);
        load.join();
      }
      assertThat(setup.masterPort()).isEqualTo(setup.replica.port);
      assertThat(failed.get()).as("requests failed while no master was known").isPositive();
      assertThat(storage.isHealthy()).isTrue();
    }
  }
}
