package io.github.limiter4j.mongodb;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.testing.SlidingWindowCounterStorageTests;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The storage compatibility suite on mongo-java-server, and on a real MongoDB when one is named.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.limiter4j.mongodb.MongoTestServers#deployments")
class MongoSlidingWindowCounterCompatibilityTest extends SlidingWindowCounterStorageTests {
  @Parameter String deployment;

  @Override
  protected Storage createStorage(TimeSource timeSource) {
    return MongoStorage.builder(MongoTestServers.uri(deployment))
        .databaseName("limiter4j_compatibility")
        .timeSource(timeSource)
        .build();
  }
}
