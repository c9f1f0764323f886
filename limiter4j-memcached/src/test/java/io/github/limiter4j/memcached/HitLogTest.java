package io.github.limiter4j.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import org.junit.jupiter.api.Test;

/** The moving window's stored log of hits. */
class HitLogTest {
  @Test
  void aLogSurvivesEncodingWithHitsOfOneMillisecondMerged() {
    HitLog log = HitLog.empty();
    log.add(1_000, 2);
    log.add(1_500, 1);
    log.add(1_500, 4);
    HitLog decoded = HitLog.decode(log.encode());
    assertThat(decoded.pairs()).isEqualTo(2);
    assertThat(decoded.total()).isEqualTo(7);
    assertThat(decoded.oldest()).isEqualTo(1_000);
  }

  @Test
  void aHitOlderThanTheNewestIsPlacedInOrder() {
    HitLog log = HitLog.empty();
    log.add(3_000, 1);
    log.add(1_000, 1);
    log.add(2_000, 1);
    log.dropBefore(1_500);
    assertThat(log.total()).isEqualTo(2);
    assertThat(log.oldest()).isEqualTo(2_000);
  }

  @Test
  void givingBackRemovesOnlyHitsOfThatMillisecond() {
    HitLog log = HitLog.empty();
    log.add(1_000, 3);
    log.add(2_000, 2);
    log.remove(2_000, 2);
    log.remove(5_000, 1);
    assertThat(log.pairs()).isEqualTo(1);
    assertThat(log.total()).isEqualTo(3);
  }

  @Test
  void theLargestLogFitsInAMemcachedItem() {
    // The worst case: every hit of the largest amount in its own millisecond, spread over the
    // longest window, so that every distance takes many bytes.
    long window = RateLimitItem.of(1, 100_000_000, Granularity.YEAR).windowMillis();
    long step = window / MovingWindowStore.MAXIMUM_AMOUNT;
    HitLog log = HitLog.empty();
    for (long i = MovingWindowStore.MAXIMUM_AMOUNT - 1; i >= 0; i--) {
      log.add(Long.MAX_VALUE / 2 - i * step, 1);
    }
    assertThat(log.encode().length).isLessThan(1_000_000);
  }

  @Test
  void bytesThatAreNotALogAreRefused() {
    assertThatThrownBy(() -> HitLog.decode("1795456739000".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a limiter4j hit log");
    assertThatThrownBy(() -> HitLog.decode(new byte[] {1, (byte) 0x80}))
        .hasMessageContaining("ends inside a number");
  }
}
