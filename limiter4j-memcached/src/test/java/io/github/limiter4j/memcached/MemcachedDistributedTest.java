package io.github.limiter4j.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.testing.ConcurrencyHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many processes on one key, each with its own connections and its own memory of windows. */
class MemcachedDistributedTest {
  // A day, so that no bucket of the sliding window counter ends during the test: when one does,
  // the previous bucket's weight drops and a further hit may rightly be admitted.
  @ParameterizedTest
  @ValueSource(strings = {"fixed-window", "moving-window", "sliding-window-counter"})
  void fourProcessesOnOneKeyNeverAdmitMoreThanTheLimit(String strategy) throws Exception {
    int admitted =
        ConcurrencyHarness.countSuccessesAcrossProcesses(
            4,
            25,
            MemcachedTestServers.uri("ring"),
            Strategy.fromName(strategy),
            RateLimitItem.parse("50/day"),
            "processes-" + strategy + "-" + System.nanoTime());
    assertThat(admitted).as("100 hits from 4 processes on 50/day").isEqualTo(50);
  }
}
