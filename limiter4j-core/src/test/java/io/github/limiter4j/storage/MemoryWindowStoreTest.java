package io.github.limiter4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryWindowStoreTest {
  @Test
  void aRefusedBatchCreatesNoKey() {
    try (MemoryStorage storage =
        MemoryStorage.builder()
            .timeSource(() -> 1_000_000)
            .cleanupInterval(Duration.ZERO)
            .build()) {
      RateLimitItem onePerHour = RateLimitItem.of(1, Granularity.HOUR);
      RateLimitItem tenPerMinute = RateLimitItem.of(10, Granularity.MINUTE);
      for (Strategy strategy : Strategy.values()) {
        RateLimiter limiter = RateLimiter.of(strategy, storage);
        limiter.hit(onePerHour, "full");
        List<Acquisition> batch =
            List.of(
                Acquisition.of(tenPerMinute, 1, "new"),
                Acquisition.of(onePerHour, 1, "full"),
                Acquisition.of(tenPerMinute, 1, "also new"));
        assertThat(limiter.acquire(batch).allowed()).as("%s", strategy).isFalse();
      }
      assertThat(storage.keyCount()).as("only the three full keys").isEqualTo(3);
    }
  }
}
