package io.github.limiter4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.Storages;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Redis storage's connections, URIs, key layout, round trips and failures, on real servers. */
class RedisStorageTest {
  @Test
  void aUriMakesARedisStorageThroughTheProviderRegistry() {
    try (Storage storage = Storages.fromUri(RedisTestServers.standaloneUri())) {
      assertThat(storage).isInstanceOf(RedisStorage.class);
      assertThat(storage.isHealthy()).isTrue();
      assertThat(storage.toString()).doesNotContain(RedisTestServers.PASSWORD);
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      RateLimitItem item = RateLimitItem.parse("2/minute");
      assertThat(limiter.hit(item, "uri-client")).isTrue();
      limiter.clear(item, "uri-client");
    }
  }

  @Test
  void aUnixSocketWorks() {
    try (Storage storage = Storages.fromUri(RedisTestServers.unixSocketUri())) {
      RateLimiter limiter = RateLimiter.of(Strategy.MOVING_WINDOW, storage);
      RateLimitItem item = RateLimitItem.parse("1/minute");
      assertThat(limiter.hit(item, "socket-client")).isTrue();
      assertThat(limiter.hit(item, "socket-client")).isFalse();
      limiter.clear(item, "socket-client");
    }
  }

  @Test
  void valkeyUrisUseTheSameStorage() {
    String uri = RedisTestServers.standaloneUri().replace("redis://", "valkey://");
    try (Storage storage = Storages.fromUri(uri)) {
      assertThat(storage.isHealthy()).isTrue();
    }
  }

  @Test
  void keysFollowTheLimitsLayoutUnderTheKeyPrefix() throws IOException {
    RedisServer server = RedisTestServers.standalone();
    try (Storage storage =
        Storages.fromUri(RedisTestServers.standaloneUri() + "?key_prefix=LAYOUT")) {
      RateLimitItem item = RateLimitItem.parse("5/minute");
      RateLimiter.of(Strategy.FIXED_WINDOW, storage).hit(item, "ip", "route");
      RateLimiter.of(Strategy.MOVING_WINDOW, storage).hit(RateLimitItem.parse("6/minute"), "ip");
      RateLimiter.of(Strategy.SLIDING_WINDOW_COUNTER, storage)
          .hit(RateLimitItem.parse("7/minute"), "ip");
      assertThat(RedisTestServers.authed(server, "GET", "LAYOUT:LIMITER/ip/route/5/1/minute"))
          .isEqualTo("1");
      assertThat(RedisTestServers.authed(server, "TYPE", "LAYOUT:LIMITER/ip/6/1/minute"))
          .isEqualTo("list");
      assertThat(RedisTestServers.authed(server, "GET", "LAYOUT:{LIMITER/ip/7/1/minute}"))
          .isEqualTo("1");
      assertThat(storage.reset()).isEqualTo(3);
    }
  }

  @Test
  void aRequestWithThreeLimitsIsOneRoundTrip() throws IOException {
    RedisServer server = RedisTestServers.standalone();
    try (Storage storage = Storages.fromUri(RedisTestServers.standaloneUri())) {
      RateLimiter limiter = RateLimiter.of(Strategy.MOVING_WINDOW, storage);
      List<RateLimitItem> items = RateLimitItem.parseAll("10/second;100/minute;1000/hour");
      List<Acquisition> request =
          List.of(
              Acquisition.of(items.get(0), 1, "rt-client"),
              Acquisition.of(items.get(1), 1, "rt-client"),
              Acquisition.of(items.get(2), 1, "rt-client").asTest());
      limiter.acquire(request); // loads the script if the server lost it
      long before = RedisTestServers.scriptCalls(server.port, RedisTestServers.PASSWORD);
      for (int i = 0; i < 5; i++) {
        AcquisitionResult result = limiter.acquire(request);
        assertThat(result.allowed()).isTrue();
        assertThat(result.remaining(1)).isEqualTo(100 - 2 - i);
      }
      long after = RedisTestServers.scriptCalls(server.port, RedisTestServers.PASSWORD);
      assertThat(after - before).as("script calls for 5 requests").isEqualTo(5);
      storage.reset();
    }
  }

  @Test
  void badUrisAreExplained() {
    assertThatThrownBy(() -> Storages.fromUri("redis+sentinel://127.0.0.1:26379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service name");
    assertThatThrownBy(() -> Storages.fromUri("redis://localhost:6379/x"))
        .hasMessageContaining("database");
    assertThatThrownBy(() -> Storages.fromUri("redis://localhost:6379?colour=red"))
        .hasMessageContaining("colour");
    assertThatThrownBy(() -> Storages.fromUri("redis+cluster://"))
        .hasMessageContaining("missing host or port");
  }

  @Test
  void anAtSignAfterTheHostIsPartOfAnOptionNotAUserPart() {
    RedisSettings settings = RedisSettings.parse("redis://h:6379/0?client_name=a@b", Map.of());
    assertThat(settings.hosts()).containsExactly("h:6379");
    assertThat(settings.username).isNull();
    assertThat(settings.password).isNull();
    assertThat(settings.database).isZero();
    assertThat(settings.clientName).isEqualTo("a@b");

    RedisSettings sentinel =
        RedisSettings.parse(
            "redis+sentinel://:p%2Fw%40d@a:26379, [::1]:26380/mymaster/2?client_name=x@y",
            Map.of());
    assertThat(sentinel.hosts()).containsExactly("a:26379", "[::1]:26380");
    assertThat(sentinel.password).isEqualTo("p/w@d");
    assertThat(sentinel.serviceName).isEqualTo("mymaster");
    assertThat(sentinel.database).isEqualTo(2);
    assertThat(sentinel.clientName).isEqualTo("x@y");

    RedisSettings socket =
        RedisSettings.parse("redis+unix://:pw@/run/redis@6379/redis.sock?db=3", Map.of());
    assertThat(socket.password).isEqualTo("pw");
    assertThat(socket.socketPath).isEqualTo("/run/redis@6379/redis.sock");
    assertThat(socket.database).isEqualTo(3);
  }

  @Test
  void anOptionGivenTwiceIsRefusedWhateverItsSpelling() {
    assertThatThrownBy(() -> Storages.fromUri("redis://:secret@h?db=1&db=2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid storage URI \"redis://:****@h?db=1&db=2\": option \"db\" is given twice");
    assertThatThrownBy(() -> Storages.fromUri("redis://h?client_name=a&client-name=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option \"client-name\" is given twice");
  }

  @Test
  void aPausedServerTimesOutWithinTheTimeoutAndAResumedOneAnswersAgain() throws Exception {
    try (RedisServer server = RedisServer.start();
        Storage storage =
            Storages.fromUri("redis://127.0.0.1:" + server.port, Map.of("timeout", "300ms"))) {
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      RateLimitItem item = RateLimitItem.parse("100/minute");
      assertThat(limiter.hit(item, "paused")).isTrue();
      server.pause();
      try {
        long start = System.nanoTime();
        assertThatThrownBy(() -> limiter.hit(item, "paused")).isInstanceOf(StorageException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1300));
        assertThat(storage.isHealthy()).isFalse();
      } finally {
        server.resume();
      }
      awaitHealthy(storage);
      assertThat(limiter.hit(item, "paused")).isTrue();
    }
  }

  @Test
  void theStorageReconnectsAfterARestart() throws Exception {
    int port = RedisServer.sparePort();
    RedisServer server = RedisServer.startOn("redis-server", port);
    try (Storage storage = Storages.fromUri("redis://127.0.0.1:" + port)) {
      RateLimiter limiter = RateLimiter.of(Strategy.SLIDING_WINDOW_COUNTER, storage);
      RateLimitItem item = RateLimitItem.parse("100/minute");
      assertThat(limiter.hit(item, "restart")).isTrue();
      server.close();
      assertThatThrownBy(() -> limiter.hit(item, "restart")).isInstanceOf(StorageException.class);
      server = RedisServer.startOn("redis-server", port);
      awaitHealthy(storage);
      assertThat(limiter.hit(item, "restart")).as("the script is loaded again").isTrue();
    } finally {
      server.close();
    }
  }

  @Test
  void aStorageCreatedWhileTheServerIsDownConnectsOnceItStarts() throws Exception {
    int port = RedisServer.sparePort();
    try (Storage storage = Storages.fromUri("redis://127.0.0.1:" + port + "?timeout=300ms")) {
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      RateLimitItem item = RateLimitItem.parse("100/minute");
      assertThat(storage.isHealthy()).isFalse();
      assertThatThrownBy(() -> limiter.hit(item, "late"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("Cannot connect to the Redis storage redis://127.0.0.1:" + port);
      RedisServer server = RedisServer.startOn("redis-server", port);
      try {
        awaitHealthy(storage);
        assertThat(limiter.hit(item, "late")).isTrue();
      } finally {
        server.close();
      }
    }
  }

  @Test
  void aBurstOfCallsMeetingAServerThatHasJustStartedAllWaitForTheOneConnection() throws Exception {
    int port = RedisServer.sparePort();
    try (Storage storage = Storages.fromUri("redis://127.0.0.1:" + port + "?timeout=2s")) {
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      RateLimitItem item = RateLimitItem.parse("1000/minute");
      try (RedisServer server = RedisServer.startOn("redis-server", port)) {
        assertThat(server.port).isEqualTo(port);
        int callers = 8;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(callers);
        java.util.concurrent.ExecutorService pool =
            java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
          List<java.util.concurrent.Future<Boolean>> calls = new ArrayList<>();
          for (int i = 0; i < callers; i++) {
            calls.add(
                pool.submit(
                    () -> {
                      start.await();
                      return limiter.hit(item, "burst");
                    }));
          }
          for (java.util.concurrent.Future<Boolean> call : calls) {
            assertThat(call.get()).as("no caller fails while another connects").isTrue();
          }
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }

  @Test
  void aClosedStorageThatNeverConnectedDoesNotConnectAfterwards() throws Exception {
    int port = RedisServer.sparePort();
    Storage storage = Storages.fromUri("redis://127.0.0.1:" + port + "?timeout=300ms");
    storage.close();
    try (RedisServer server = RedisServer.startOn("redis-server", port)) {
      assertThat(server.port).isEqualTo(port);
      assertThat(storage.isHealthy()).isFalse();
      assertThatThrownBy(
              () ->
                  RateLimiter.of(Strategy.FIXED_WINDOW, storage)
                      .hit(RateLimitItem.parse("1/minute"), "k"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("is closed");
    }
  }

  @Test
  void aStorageWhosePasswordIsRefusedIsCreatedAndFailsEachCall() throws Exception {
    try (RedisServer server = RedisServer.start("requirepass right");
        Storage storage = Storages.fromUri("redis://:wrong@127.0.0.1:" + server.port)) {
      assertThat(storage.isHealthy()).isFalse();
      assertThatThrownBy(
              () ->
                  RateLimiter.of(Strategy.FIXED_WINDOW, storage)
                      .hit(RateLimitItem.parse("1/minute"), "k"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("redis://:****@127.0.0.1:" + server.port)
          .hasMessageContaining("WRONGPASS");
    }
  }

  private static void awaitHealthy(Storage storage) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!storage.isHealthy()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the storage did not recover");
      }
      Thread.sleep(100);
    }
  }

  @Test
  void aConnectionOfTheApplicationCanBeUsedAndStaysOpen() {
    io.lettuce.core.RedisClient client =
        io.lettuce.core.RedisClient.create(
            io.lettuce.core.RedisURI.Builder.redis("127.0.0.1", RedisTestServers.standalone().port)
                .withPassword(RedisTestServers.PASSWORD.toCharArray())
                .build());
    try (io.lettuce.core.api.StatefulRedisConnection<String, String> connection =
        client.connect()) {
      RedisStorage storage = RedisStorage.builder().connection(connection).keyPrefix("OWN").build();
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      RateLimitItem item = RateLimitItem.parse("1/minute");
      assertThat(limiter.hit(item, "own")).isTrue();
      assertThat(limiter.hit(item, "own")).isFalse();
      assertThat(connection.sync().get("OWN:LIMITER/own/1/1/minute")).isEqualTo("1");
      storage.reset();
      storage.close();
      assertThat(connection.isOpen()).isTrue();
    } finally {
      client.shutdown();
    }
  }
}
