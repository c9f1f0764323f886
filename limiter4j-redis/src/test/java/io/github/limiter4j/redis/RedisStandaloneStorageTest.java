package io.github.limiter4j.redis;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.testing.FixedWindowStorageTests;
import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.testing.MovingWindowStorageTests;
import io.github.limiter4j.testing.SlidingWindowCounterStorageTests;
import org.junit.jupiter.api.Nested;

/** The storage compatibility suite against a standalone Redis server with a password. */
class RedisStandaloneStorageTest {
  static Storage storage(TimeSource timeSource) {
    return RedisStorage.builder(RedisTestServers.standaloneUri()).timeSource(timeSource).build();
  }

  @Nested
  class FixedWindow extends FixedWindowStorageTests {
    @Override
    protected ManualClock createClock() {
      return RedisTestServers.clockAheadOfServer();
    }

    @Override
    protected Storage createStorage(TimeSource timeSource) {
      return storage(timeSource);
    }
  }

  @Nested
  class MovingWindow extends MovingWindowStorageTests {
    @Override
    protected long largestCost() {
      return RedisWindowStore.MAXIMUM_MOVING_WINDOW_COST;
    }

    @Override
    protected ManualClock createClock() {
      return RedisTestServers.clockAheadOfServer();
    }

    @Override
    protected Storage createStorage(TimeSource timeSource) {
      return storage(timeSource);
    }
  }

  @Nested
  class SlidingWindowCounter extends SlidingWindowCounterStorageTests {
    @Override
    protected ManualClock createClock() {
      return RedisTestServers.clockAheadOfServer();
    }

    @Override
    protected Storage createStorage(TimeSource timeSource) {
      return storage(timeSource);
    }
  }
}
