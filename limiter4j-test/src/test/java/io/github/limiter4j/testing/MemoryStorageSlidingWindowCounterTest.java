package io.github.limiter4j.testing;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.storage.Storage;
import java.time.Duration;

class MemoryStorageSlidingWindowCounterTest extends SlidingWindowCounterStorageTests {
  @Override
  protected Storage createStorage(TimeSource timeSource) {
    return MemoryStorage.builder().timeSource(timeSource).cleanupInterval(Duration.ZERO).build();
  }
}
