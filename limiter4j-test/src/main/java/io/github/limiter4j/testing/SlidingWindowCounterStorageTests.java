package io.github.limiter4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.WindowStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The compatibility suite for the sliding window counter strategy; a backend that supports it
 * extends this class and implements {@link #createStorage}. Buckets are aligned on multiples of the
 * window length since the epoch, as in {@code limits}.
 */
public abstract class SlidingWindowCounterStorageTests extends StrategyStorageTests {
  @Override
  protected final Strategy strategy() {
    return Strategy.SLIDING_WINDOW_COUNTER;
  }

  @Test
  void thePreviousBucketCountsInProportionToItsOverlap() {
    // 100/minute with 40 hits in the previous bucket and 80 in the current one: 30 s into the
    // current bucket the weighted count is 40 * 30/60 + 80 = 100 (full); 40 s in it is 93.3.
    RateLimitItem hundredPerMinute = RateLimitItem.of(100, Granularity.MINUTE);
    alignToBucketOf(hundredPerMinute, Duration.ofSeconds(10));
    assertThat(limiter.hit(hundredPerMinute, 40, "client")).isTrue();
    alignToBucketOf(hundredPerMinute, Duration.ofSeconds(30));
    assertThat(limiter.hit(hundredPerMinute, 80, "client")).isTrue();

    assertThat(limiter.test(hundredPerMinute, "client")).isFalse();
    assertThat(limiter.hit(hundredPerMinute, "client")).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(limiter.windowStats(hundredPerMinute, "client").remaining()).isEqualTo(7);
    assertThat(limiter.hit(hundredPerMinute, "client")).isTrue();
  }

  @Test
  void aFullBucketFadesOutThroughTheNextOne() {
    RateLimitItem tenPerMinute = RateLimitItem.of(10, Granularity.MINUTE);
    alignToBucketOf(tenPerMinute, Duration.ofSeconds(30));
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.hit(tenPerMinute, "client")).isTrue();
    }
    assertThat(limiter.hit(tenPerMinute, "client")).isFalse();

    alignToBucketOf(tenPerMinute, Duration.ofSeconds(15));
    // Weighted count 10 * 45/60 = 7.5, counted as 7.
    assertThat(limiter.windowStats(tenPerMinute, "client").remaining()).isEqualTo(3);
    assertThat(limiter.hit(tenPerMinute, 3, "client")).isTrue();
    assertThat(limiter.hit(tenPerMinute, "client")).isFalse();
  }

  @Test
  void theResetIsWhenTheWeightedCountNextDrops() {
    RateLimitItem tenPerMinute = RateLimitItem.of(10, Granularity.MINUTE);
    alignToBucketOf(tenPerMinute, Duration.ofSeconds(30));
    limiter.hit(tenPerMinute, 10, "client");
    // Previous bucket full: its weight drops by one unit every 6 s. At 15 s into the next bucket
    // the weighted count is 7.5; it reaches 7 at 18 s and falls below it just after.
    alignToBucketOf(tenPerMinute, Duration.ofSeconds(15));
    long now = clock.currentTimeMillis();
    WindowStats stats = limiter.windowStats(tenPerMinute, "client");
    assertThat(stats.resetAtMillis()).isEqualTo(now + 3_001);
    clock.setMillis(stats.resetAtMillis());
    assertThat(limiter.windowStats(tenPerMinute, "client").remaining()).isEqualTo(4);
  }

  @Test
  void aCurrentBucketAloneResetsAtTheBucketEnd() {
    RateLimitItem tenPerMinute = RateLimitItem.of(10, Granularity.MINUTE);
    alignToBucketOf(tenPerMinute, Duration.ofSeconds(20));
    limiter.hit(tenPerMinute, 4, "client");
    WindowStats stats = limiter.windowStats(tenPerMinute, "client");
    assertThat(stats.remaining()).isEqualTo(6);
    assertThat(stats.resetAtMillis()).isEqualTo(clock.currentTimeMillis() + 40_000);
  }

  @Test
  void afterTwoQuietBucketsTheWholeAmountRemains() {
    RateLimitItem tenPerMinute = RateLimitItem.of(10, Granularity.MINUTE);
    limiter.hit(tenPerMinute, 10, "client");
    clock.advance(Duration.ofMinutes(2));
    WindowStats stats = limiter.windowStats(tenPerMinute, "client");
    assertThat(stats.remaining()).isEqualTo(10);
    assertThat(stats.resetAtMillis()).isEqualTo(clock.currentTimeMillis());
  }

  @Test
  void clearRemovesBothBuckets() {
    RateLimitItem tenPerMinute = RateLimitItem.of(10, Granularity.MINUTE);
    alignToBucketOf(tenPerMinute, Duration.ofSeconds(50));
    limiter.hit(tenPerMinute, 6, "client");
    alignToBucketOf(tenPerMinute, Duration.ofSeconds(5));
    limiter.hit(tenPerMinute, 2, "client");
    assertThat(limiter.windowStats(tenPerMinute, "client").remaining()).isLessThan(10);
    limiter.clear(tenPerMinute, "client");
    assertThat(limiter.windowStats(tenPerMinute, "client").remaining()).isEqualTo(10);
    assertThat(limiter.hit(tenPerMinute, 10, "client")).isTrue();
  }
}
