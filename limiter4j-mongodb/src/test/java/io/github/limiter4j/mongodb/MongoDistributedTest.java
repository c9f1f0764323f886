package io.github.limiter4j.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.testing.ConcurrencyHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many processes on one key, each with its own connections and its own memory of buckets. */
class MongoDistributedTest {
  // A day, so that no bucket of the sliding window counter ends during the test: when one does,
  // the previous bucket's weight drops and a further hit may rightly be admitted.
  @ParameterizedTest
  @ValueSource(strings = {"fixed-window", "moving-window", "sliding-window-counter"})
  void fourProcessesOnOneKeyNeverAdmitMoreThanTheLimit(String strategy) throws Exception {
    for (String deployment : MongoTestServers.deployments()) {
      int admitted =
          ConcurrencyHarness.countSuccessesAcrossProcesses(
              4,
              25,
              MongoTestServers.uri(deployment),
              Strategy.fromName(strategy),
              RateLimitItem.parse("50/day"),
              "processes-" + strategy + "-" + System.nanoTime());
      assertThat(admitted).as("100 hits from 4 processes on 50/day, %s", deployment).isEqualTo(50);
    }
  }
}
