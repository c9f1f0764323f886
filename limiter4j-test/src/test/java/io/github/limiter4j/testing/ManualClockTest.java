package io.github.limiter4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  @Test
  void standsStillUntilMoved() {
    ManualClock clock = new ManualClock();
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
    assertThat(clock.currentTimeMillis()).isEqualTo(clock.currentTimeMillis());
  }

  @Test
  void movesForwardBackAndToAnInstant() {
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_000));
    clock.advance(Duration.ofSeconds(2));
    assertThat(clock.currentTimeMillis()).isEqualTo(3_000);
    clock.advanceMillis(-500);
    assertThat(clock.currentTimeMillis()).isEqualTo(2_500);
    clock.set(Instant.ofEpochSecond(10));
    assertThat(clock.currentTimeMillis()).isEqualTo(10_000);
  }
}
