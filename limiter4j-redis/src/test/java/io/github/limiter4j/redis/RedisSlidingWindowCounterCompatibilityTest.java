package io.github.limiter4j.redis;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.testing.SlidingWindowCounterStorageTests;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The storage compatibility suite on every kind of Redis deployment. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"standalone", "tls", "sentinel", "cluster"})
class RedisSlidingWindowCounterCompatibilityTest extends SlidingWindowCounterStorageTests {
  @Parameter String deployment;

  @Override
  protected ManualClock createClock() {
    return RedisTestServers.clockAheadOfServer();
  }

  @Override
  protected Storage createStorage(TimeSource timeSource) {
    return RedisStorage.builder(RedisTestServers.uri(deployment))
        .timeSource(timeSource)
        .timeout(RedisTestServers.SUITE_TIMEOUT)
        .build();
  }
}
