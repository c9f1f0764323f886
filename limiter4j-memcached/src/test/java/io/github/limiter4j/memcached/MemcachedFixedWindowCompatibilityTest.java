package io.github.limiter4j.memcached;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.testing.FixedWindowStorageTests;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The storage compatibility suite on one memcached over TCP, over a unix socket, and on two. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"tcp", "unix", "ring"})
class MemcachedFixedWindowCompatibilityTest extends FixedWindowStorageTests {
  @Parameter String deployment;

  @Override
  protected Storage createStorage(TimeSource timeSource) {
    return MemcachedStorage.builder(MemcachedTestServers.uri(deployment))
        .timeSource(timeSource)
        .build();
  }
}
