package io.github.limiter4j.testing;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.storage.Storage;
import org.junit.jupiter.api.Nested;

/** The bounded storage keeps the storage rules, with either bound in force. */
class BoundedStorageMovingWindowTest {
  @Nested
  class WithALargestAmount extends MovingWindowStorageTests {
    @Override
    protected long largestAmount() {
      return 100_000;
    }

    @Override
    protected Storage createStorage(TimeSource timeSource) {
      return new BoundedStorage(
          MemoryStorage.builder().timeSource(timeSource).build(), 100_000, Long.MAX_VALUE);
    }
  }

  @Nested
  class WithALargestCost extends MovingWindowStorageTests {
    @Override
    protected long largestCost() {
      return 1_000;
    }

    @Override
    protected Storage createStorage(TimeSource timeSource) {
      return new BoundedStorage(
          MemoryStorage.builder().timeSource(timeSource).build(), Long.MAX_VALUE, 1_000);
    }
  }
}
