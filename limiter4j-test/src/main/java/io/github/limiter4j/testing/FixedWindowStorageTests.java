package io.github.limiter4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.WindowStats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compatibility suite for the fixed window strategy. A backend runs it with a few lines:
 *
 * <pre>{@code
 * class MyStorageFixedWindowTest extends FixedWindowStorageTests {
 *   protected Storage createStorage(TimeSource timeSource) {
 *     return MyStorage.builder().timeSource(timeSource).build();
 *   }
 * }
 * }</pre>
 */
public abstract class FixedWindowStorageTests extends StrategyStorageTests {
  @Override
  protected final Strategy strategy() {
    return Strategy.FIXED_WINDOW;
  }

  @Test
  void theWindowStartsAtTheFirstHitAndResetsAfterItsLength() {
    RateLimitItem tenPerTwoSeconds = RateLimitItem.of(10, 2, Granularity.SECOND);
    clock.advanceMillis(123);
    long firstHit = clock.currentTimeMillis();
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.hit(tenPerTwoSeconds, "client")).isTrue();
      clock.advanceMillis(100);
    }
    assertThat(limiter.hit(tenPerTwoSeconds, "client")).isFalse();
    WindowStats stats = limiter.windowStats(tenPerTwoSeconds, "client");
    assertThat(stats.remaining()).isZero();
    assertThat(stats.resetAtMillis()).isEqualTo(firstHit + 2_000);
  }

  @Test
  void twoPerHourAllowsTwoThenRecoversAfterTheWindow() {
    RateLimitItem twoPerHour = RateLimitItem.parse("2/hour");
    assertThat(limiter.hit(twoPerHour, "client")).isTrue();
    assertThat(limiter.test(twoPerHour, "client")).isTrue();
    assertThat(limiter.hit(twoPerHour, "client")).isTrue();
    assertThat(limiter.test(twoPerHour, "client")).isFalse();
    assertThat(limiter.hit(twoPerHour, "client")).isFalse();

    clock.advance(Duration.ofHours(1).plusMillis(1));
    assertThat(limiter.hit(twoPerHour, "client")).isTrue();
    assertThat(limiter.windowStats(twoPerHour, "client").remaining()).isEqualTo(1);
  }

  @Test
  void theLastMillisecondOfTheWindowIsStillInsideIt() {
    RateLimitItem onePerSecond = RateLimitItem.of(1, Granularity.SECOND);
    long start = clock.currentTimeMillis();
    assertThat(limiter.hit(onePerSecond, "client")).isTrue();
    clock.setMillis(start + 1_000);
    assertThat(limiter.hit(onePerSecond, "client")).isFalse();
    assertThat(limiter.windowStats(onePerSecond, "client").resetAtMillis())
        .isEqualTo(start + 1_000);
    clock.setMillis(start + 1_001);
    assertThat(limiter.hit(onePerSecond, "client")).isTrue();
    assertThat(limiter.windowStats(onePerSecond, "client").resetAtMillis())
        .isEqualTo(start + 2_001);
  }

  @Test
  void aKeyWhoseWindowPassedReportsTheWholeAmountAndResetsNow() {
    RateLimitItem threePerSecond = RateLimitItem.of(3, Granularity.SECOND);
    limiter.hit(threePerSecond, 3, "client");
    clock.advance(Duration.ofSeconds(5));
    WindowStats stats = limiter.windowStats(threePerSecond, "client");
    assertThat(stats.remaining()).isEqualTo(3);
    assertThat(stats.resetAtMillis()).isEqualTo(clock.currentTimeMillis());
  }

  /**
   * The sequence that showed the memory storage and Redis disagreeing, replayed against {@code
   * limits} 5.8: the refused request must not start the empty 10/minute window, so the window that
   * ten later hits fill starts at the first of them and an eleventh 11 s after them is refused.
   */
  @Test
  void aRefusedBatchStartsNoWindowOnTheLimitsBeforeTheRefusedOne() {
    RateLimitItem tenPerMinute = RateLimitItem.parse("10/minute");
    RateLimitItem onePerSecond = RateLimitItem.parse("1/second");
    long start = clock.currentTimeMillis();
    assertThat(limiter.hit(onePerSecond, "client")).isTrue();
    List<Acquisition> request =
        List.of(
            Acquisition.of(tenPerMinute, 1, "client"), Acquisition.of(onePerSecond, 1, "client"));
    assertThat(limiter.acquire(request).allowed()).isFalse();

    clock.setMillis(start + 50_000);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.hit(tenPerMinute, "client")).as("hit %d at 50 s", i + 1).isTrue();
    }
    clock.setMillis(start + 61_000);
    assertThat(limiter.hit(tenPerMinute, "client")).as("an 11th hit at 61 s").isFalse();
    assertThat(limiter.windowStats(tenPerMinute, "client").resetAtMillis())
        .isEqualTo(start + 110_000);
  }
}
