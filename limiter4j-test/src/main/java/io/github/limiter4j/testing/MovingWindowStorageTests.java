package io.github.limiter4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.WindowStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The compatibility suite for the moving window strategy; a backend that supports it extends this
 * class and implements {@link #createStorage}.
 */
public abstract class MovingWindowStorageTests extends StrategyStorageTests {
  @Override
  protected final Strategy strategy() {
    return Strategy.MOVING_WINDOW;
  }

  /**
   * A whole window from now, as in {@code limits}: the earliest a hit taken now could leave the
   * window. So a {@code 0/minute} limit tells a client to come back in a minute, not at once.
   */
  @Override
  protected long resetWithoutHits(RateLimitItem item) {
    return clock.currentTimeMillis() + item.windowMillis();
  }

  @Test
  void hitsLeaveTheWindowOneByOneAsTheyAge() {
    RateLimitItem tenPerTwoSeconds = RateLimitItem.of(10, 2, Granularity.SECOND);
    long start = clock.currentTimeMillis();
    for (int i = 0; i < 5; i++) {
      clock.setMillis(start + 100L * i);
      assertThat(limiter.hit(tenPerTwoSeconds, "client")).isTrue();
    }
    clock.setMillis(start + 1_300);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.hit(tenPerTwoSeconds, "client")).isTrue();
    }
    assertThat(limiter.hit(tenPerTwoSeconds, "client")).isFalse();

    clock.setMillis(start + 2_450);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.hit(tenPerTwoSeconds, "client")).as("hit %d after 2.45 s", i).isTrue();
    }
    assertThat(limiter.hit(tenPerTwoSeconds, "client")).isFalse();
  }

  @Test
  void theResetIsWhenTheOldestHitLeavesTheWindow() {
    RateLimitItem twoPerMinute = RateLimitItem.parse("2/minute");
    long t0 = clock.currentTimeMillis();
    assertThat(limiter.hit(twoPerMinute, "client")).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.hit(twoPerMinute, "client")).isTrue();
    assertThat(limiter.hit(twoPerMinute, "client")).isFalse();
    WindowStats stats = limiter.windowStats(twoPerMinute, "client");
    assertThat(stats.remaining()).isZero();
    assertThat(stats.resetAtMillis()).isEqualTo(t0 + 60_000);
  }

  @Test
  void aLargeLimitTakesALargeCostAtOnce() {
    // One hit of 1, then one of the rest: the rest must be a cost the storage takes.
    long amount = Math.min(1_000_000, Math.min(largestAmount(), largestCost()));
    RateLimitItem largePerTwoSeconds = RateLimitItem.of(amount, 2, Granularity.SECOND);
    assertThat(limiter.hit(largePerTwoSeconds, "client")).isTrue();
    assertThat(limiter.hit(largePerTwoSeconds, amount - 1, "client")).isTrue();
    assertThat(limiter.hit(largePerTwoSeconds, "client")).isFalse();
    assertThat(limiter.windowStats(largePerTwoSeconds, "client").remaining()).isZero();
  }

  @Test
  void aHitAtExactlyOneWindowAgoStillCounts() {
    RateLimitItem threePerTenSeconds = RateLimitItem.of(3, 10, Granularity.SECOND);
    long start = clock.currentTimeMillis();
    limiter.hit(threePerTenSeconds, "client");
    clock.setMillis(start + 4_000);
    limiter.hit(threePerTenSeconds, "client");
    limiter.hit(threePerTenSeconds, "client");

    clock.setMillis(start + 9_990);
    assertThat(limiter.hit(threePerTenSeconds, "client")).isFalse();
    clock.setMillis(start + 10_000);
    assertThat(limiter.hit(threePerTenSeconds, "client")).isFalse();
    clock.setMillis(start + 10_010);
    assertThat(limiter.hit(threePerTenSeconds, "client")).isTrue();
    assertThat(limiter.hit(threePerTenSeconds, "client")).isFalse();
  }

  @Test
  void aRejectedHitIsNotLogged() {
    RateLimitItem twoPerTenSeconds = RateLimitItem.of(2, 10, Granularity.SECOND);
    long start = clock.currentTimeMillis();
    limiter.hit(twoPerTenSeconds, "client");
    clock.setMillis(start + 5_000);
    limiter.hit(twoPerTenSeconds, "client");
    clock.setMillis(start + 6_000);
    assertThat(limiter.hit(twoPerTenSeconds, "client")).isFalse();
    // Only the hit at 0 has left; a logged rejection at 6 s would still fill the window.
    clock.setMillis(start + 10_001);
    assertThat(limiter.hit(twoPerTenSeconds, "client")).isTrue();
  }

  @Test
  void afterEveryHitAgedOutTheWholeAmountRemains() {
    RateLimitItem fivePerSecond = RateLimitItem.of(5, Granularity.SECOND);
    limiter.hit(fivePerSecond, 3, "client");
    clock.advance(Duration.ofMillis(400));
    limiter.hit(fivePerSecond, 2, "client");
    clock.advance(Duration.ofSeconds(3));
    WindowStats stats = limiter.windowStats(fivePerSecond, "client");
    assertThat(stats.remaining()).isEqualTo(5);
    assertThat(stats.resetAtMillis()).isEqualTo(clock.currentTimeMillis() + 1_000);
  }

  @Test
  void aKeyWhoseHitsLeftTheWindowResetsAWholeWindowAhead() {
    RateLimitItem twoPerMinute = RateLimitItem.of(2, Granularity.MINUTE);
    long start = clock.currentTimeMillis();
    limiter.hit(twoPerMinute, 2, "client");
    clock.setMillis(start + 60_000);
    assertThat(limiter.windowStats(twoPerMinute, "client").resetAtMillis())
        .as("the hits are still inside the window at its edge")
        .isEqualTo(start + 60_000);
    clock.setMillis(start + 60_001);
    WindowStats stats = limiter.windowStats(twoPerMinute, "client");
    assertThat(stats.remaining()).isEqualTo(2);
    assertThat(stats.resetAtMillis()).isEqualTo(start + 120_001);
  }
}
