package io.github.limiter4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.spi.WindowStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StrategyTest {
  @Test
  void strategiesAreKnownByTheNamesOfLimits() {
    assertThat(Strategy.fromName("fixed-window")).isEqualTo(Strategy.FIXED_WINDOW);
    assertThat(Strategy.fromName("Moving-Window")).isEqualTo(Strategy.MOVING_WINDOW);
    assertThat(Strategy.fromName(" sliding-window-counter "))
        .isEqualTo(Strategy.SLIDING_WINDOW_COUNTER);
    assertThat(Strategy.MOVING_WINDOW).hasToString("moving-window");
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Strategy.fromName("leaky-bucket"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown rate limit strategy \"leaky-bucket\"; known strategies are fixed-window,"
                + " moving-window, sliding-window-counter");
  }

  @Test
  void aStorageWithoutAStrategyIsRefusedWithTheStrategiesItHas() {
    try (MemoryStorage memory = MemoryStorage.builder().cleanupInterval(Duration.ZERO).build()) {
      Storage fixedOnly = new FixedWindowOnlyStorage(memory);
      assertThat(Strategy.FIXED_WINDOW.isSupportedBy(fixedOnly)).isTrue();
      assertThat(Strategy.MOVING_WINDOW.isSupportedBy(fixedOnly)).isFalse();
      assertThatThrownBy(() -> RateLimiter.of(Strategy.MOVING_WINDOW, fixedOnly))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "The moving-window strategy is not supported by fixed-window-only storage;"
                  + " it supports fixed-window");
      assertThat(
              RateLimiter.of(Strategy.FIXED_WINDOW, fixedOnly).hit(RateLimitItem.parse("1/second")))
          .isTrue();
    }
  }

  @Test
  void aRateLimiterRefusesANullItemNamingIt() {
    try (MemoryStorage memory = MemoryStorage.builder().cleanupInterval(Duration.ZERO).build()) {
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, memory);
      assertThatNullPointerException().isThrownBy(() -> limiter.hit(null, "a")).withMessage("item");
      assertThatNullPointerException()
          .isThrownBy(() -> limiter.windowStats(null, "a"))
          .withMessage("item");
      assertThatNullPointerException()
          .isThrownBy(() -> limiter.acquire(null))
          .withMessage("acquisitions");
    }
  }

  /** A storage offering only the fixed window, as a memcached storage does. */
  private static final class FixedWindowOnlyStorage implements Storage {
    private final MemoryStorage memory;

    FixedWindowOnlyStorage(MemoryStorage memory) {
      this.memory = memory;
    }

    @Override
    public WindowStore fixedWindow() {
      return memory.fixedWindow();
    }

    @Override
    public boolean isHealthy() {
      return true;
    }

    @Override
    public long reset() {
      return memory.reset();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
      return "fixed-window-only storage";
    }
  }
}
