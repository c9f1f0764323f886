package io.github.limiter4j.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.Storages;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memcached storage's URIs, keys, layout, round trips and failures, on real servers. */
class MemcachedStorageTest {
  private static final RateLimitItem ONE_PER_MINUTE = RateLimitItem.parse("1/minute");

  @Test
  void aUriMakesAMemcachedStorageThroughTheProviderRegistry() {
    try (Storage storage = Storages.fromUri(MemcachedTestServers.uri("tcp"))) {
      assertThat(storage).isInstanceOf(MemcachedStorage.class);
      assertThat(storage.isHealthy()).isTrue();
      assertThat(storage.toString()).isEqualTo(MemcachedTestServers.uri("tcp"));
      RateLimiter limiter = RateLimiter.of(Strategy.MOVING_WINDOW, storage);
      assertThat(limiter.hit(ONE_PER_MINUTE, "uri-client")).isTrue();
      assertThat(limiter.hit(ONE_PER_MINUTE, "uri-client")).isFalse();
      limiter.clear(ONE_PER_MINUTE, "uri-client");
      assertThat(limiter.hit(ONE_PER_MINUTE, "uri-client")).isTrue();
    }
  }

  @Test
  void aUnixSocketWorks() {
    String uri = MemcachedTestServers.uri("unix");
    assertThat(uri).startsWith("memcached:///");
    try (Storage storage = Storages.fromUri(uri)) {
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      assertThat(limiter.hit(ONE_PER_MINUTE, "socket-client")).isTrue();
      assertThat(limiter.hit(ONE_PER_MINUTE, "socket-client")).isFalse();
    }
  }

  @Test
  void badUrisAreExplained() {
    assertThatThrownBy(() -> Storages.fromUri("memcached://user:secret@127.0.0.1:11211"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no user or password")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> Storages.fromUri("memcached://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name a server");
    assertThatThrownBy(() -> Storages.fromUri("memcached://a:1,a:1"))
        .hasMessageContaining("the server a:1 is named twice");
    assertThatThrownBy(() -> Storages.fromUri("memcached://a:1/0"))
        .hasMessageContaining("no path after its servers");
    assertThatThrownBy(() -> Storages.fromUri("memcached://a:1?max_connections=0"))
        .hasMessageContaining("max-connections option must be 1 to 1024 but was 0");
    assertThatThrownBy(() -> Storages.fromUri("memcached://a:1?timeout=0s"))
        .hasMessageContaining("timeout option must be positive");
    assertThatThrownBy(() -> Storages.fromUri("memcached://a:1?key_prefix=has%20space"))
        .hasMessageContaining("the key prefix \"has space\" has a character");
    assertThatThrownBy(() -> Storages.fromUri("memcached://a:1?db=0")).hasMessageContaining("db");
  }

  @Test
  void anAtSignInAnOptionIsNotAUserPart() {
    MemcachedSettings settings =
        MemcachedSettings.parse("memcached://a:1, b:2?key_prefix=app@eu", Map.of());
    assertThat(settings.names).containsExactly("a:1", "b:2");
    assertThat(settings.keyPrefix).isEqualTo("app@eu");
    assertThat(MemcachedSettings.parse("memcached://[::1]:11212", Map.of()).names)
        .containsExactly("::1:11212");
    assertThatThrownBy(() -> Storages.fromUri("memcached://a:1?key_prefix=x&key-prefix=y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option \"key-prefix\" is given twice");
  }

  @Test
  void optionsComeFromTheUriOrTheBuilder() {
    try (MemcachedStorage storage =
        MemcachedStorage.builder("memcached://127.0.0.1:1?key_prefix=A")
            .option("max-connections", 2)
            .build()) {
      assertThat(storage.keyPrefix()).isEqualTo("A");
    }
    try (MemcachedStorage storage =
        MemcachedStorage.builder("memcached://127.0.0.1:1?key_prefix=A").keyPrefix("B").build()) {
      assertThat(storage.keyPrefix()).isEqualTo("B");
    }
  }

  @Test
  void keysMemcachedCannotHoldAreStoredDistinctly() {
    String longKey = "x".repeat(300);
    List<String> keys =
        List.of(
            longKey + "a",
            longKey + "b",
            "with space",
            "with_space",
            "tab\there",
            "new\nline",
            "nul\0byte",
            "ünïcödé",
            "unicode",
            "~starts-with-the-digest-mark",
            "",
            "slash/and:colon");
    for (Strategy strategy : Strategy.values()) {
      try (Storage storage = Storages.fromUri(MemcachedTestServers.uri("ring"))) {
        RateLimiter limiter = RateLimiter.of(strategy, storage);
        for (String key : keys) {
          assertThat(limiter.hit(ONE_PER_MINUTE, key)).as("%s %s", strategy, key).isTrue();
        }
        for (String key : keys) {
          assertThat(limiter.hit(ONE_PER_MINUTE, key)).as("%s %s", strategy, key).isFalse();
          assertThat(limiter.windowStats(ONE_PER_MINUTE, key).remaining()).isZero();
        }
        storage.reset();
      }
    }
  }

  @Test
  void plainKeysKeepTheirNamesAndOthersBecomeDigestsUnderThePrefix() {
    MemcachedKeys keys = new MemcachedKeys("LIMITS");
    assertThat(keys.of("LIMITER/10.0.0.1/5/1/minute"))
        .isEqualTo("LIMITS:LIMITER/10.0.0.1/5/1/minute");
    for (String odd : List.of("a b", "x".repeat(250), "é", "~abc")) {
      assertThat(keys.of(odd))
          .startsWith("LIMITS:~")
          .hasSizeLessThanOrEqualTo(MemcachedKeys.MAX_LENGTH)
          .doesNotContain(" ");
    }
    assertThat(keys.of("a b")).isNotEqualTo(keys.of("a_b")).isNotEqualTo(keys.of("~a b"));
  }

  @Test
  void keysFollowALayoutOfItsOwnForTheFixedWindowAndLimitsOneForTheSlidingWindow() {
    try (MemcachedStorage storage =
        MemcachedStorage.builder(MemcachedTestServers.uri("tcp")).keyPrefix("LAYOUT").build()) {
      long before = System.currentTimeMillis();
      RateLimitItem fixed = RateLimitItem.parse("5/minute");
      RateLimiter.of(Strategy.FIXED_WINDOW, storage).hit(fixed, 2, "ip");
      String windowKey = "LAYOUT:" + fixed.keyFor("ip");
      String end = value(storage, windowKey);
      assertThat(Long.parseLong(end))
          .isBetween(before + 60_000, System.currentTimeMillis() + 60_000);
      assertThat(value(storage, windowKey + "/" + end)).isEqualTo("2");

      RateLimitItem sliding = RateLimitItem.parse("7/minute");
      RateLimiter.of(Strategy.SLIDING_WINDOW_COUNTER, storage).hit(sliding, 3, "ip");
      long bucket = System.currentTimeMillis() / 60_000;
      assertThat(value(storage, "LAYOUT:" + sliding.keyFor("ip") + "/" + bucket)).isEqualTo("3");
      storage.reset();
    }
  }

  @Test
  void resetRemovesTheStoragesKeysAndNothingElse() {
    try (MemcachedStorage storage =
        MemcachedStorage.builder(MemcachedTestServers.uri("tcp")).build()) {
      storage.execute(
          List.of(
              MetaCommand.add("OTHER:app-data", "keep".getBytes(StandardCharsets.US_ASCII), 60)));
      RateLimiter.of(Strategy.FIXED_WINDOW, storage).hit(ONE_PER_MINUTE, "client");
      assertThat(storage.reset()).isEqualTo(-1);
      assertThat(RateLimiter.of(Strategy.FIXED_WINDOW, storage).test(ONE_PER_MINUTE, "client"))
          .isTrue();
      assertThat(storage.execute(List.of(MetaCommand.get("OTHER:app-data", false))).get(0).value())
          .asString(StandardCharsets.US_ASCII)
          .isEqualTo("keep");
      storage.execute(List.of(MetaCommand.delete("OTHER:app-data")));
    }
  }

  @Test
  void aKeyHoldingSomethingElseFailsClearlyAndIsLeftAsItWas() {
    try (MemcachedStorage storage =
        MemcachedStorage.builder(MemcachedTestServers.uri("tcp")).build()) {
      String key = ONE_PER_MINUTE.keyFor("foreign");
      byte[] foreign = "not a limit".getBytes(StandardCharsets.US_ASCII);
      storage.execute(List.of(MetaCommand.add("LIMITS:" + key, foreign, 60)));
      for (Strategy strategy : List.of(Strategy.FIXED_WINDOW, Strategy.MOVING_WINDOW)) {
        assertThatThrownBy(() -> RateLimiter.of(strategy, storage).hit(ONE_PER_MINUTE, "foreign"))
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("LIMITS:" + key);
      }
      assertThat(value(storage, "LIMITS:" + key)).isEqualTo("not a limit");
      storage.reset();
    }
  }

  @Test
  void aRequestOfThreeLimitsIsOneRoundTripOnceTheWindowsAreKnown() {
    List<RateLimitItem> items = RateLimitItem.parseAll("10/second;100/minute;1000/hour");
    try (MemcachedStorage storage =
        MemcachedStorage.builder(MemcachedTestServers.uri("ring")).build()) {
      for (Strategy strategy : Strategy.values()) {
        List<Acquisition> request = new ArrayList<>();
        for (RateLimitItem item : items) {
          request.add(Acquisition.of(item, 1, "round-trips", strategy.name()));
        }
        RateLimiter limiter = RateLimiter.of(strategy, storage);
        limiter.acquire(request);
        long before = storage.roundTrips();
        assertThat(limiter.acquire(request).allowed()).isTrue();
        long expected = strategy == Strategy.MOVING_WINDOW ? 2 : 1;
        assertThat(storage.roundTrips() - before).as("%s", strategy).isEqualTo(expected);
      }
      storage.reset();
    }
  }

  @Test
  void keysSpreadOverTheServersAndRemovingOneMovesOnlyItsKeys() {
    List<SocketAddress> three = new ArrayList<>();
    for (int port = 1; port <= 3; port++) {
      three.add(InetSocketAddress.createUnresolved("127.0.0.1", port));
    }
    List<String> names = List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3");
    try (MemcachedClient all =
            new MemcachedClient(three, names, Duration.ofSeconds(1), Duration.ofSeconds(1), 1);
        MemcachedClient two =
            new MemcachedClient(
                three.subList(0, 2),
                names.subList(0, 2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1)) {
      int[] perServer = new int[3];
      for (int i = 0; i < 3000; i++) {
        String key = "LIMITS:LIMITER/10.0." + (i / 256) + "." + (i % 256) + "/5/1/minute";
        int server = all.serverOf(key);
        perServer[server]++;
        if (server < 2) {
          assertThat(two.serverOf(key)).isEqualTo(server);
        }
      }
      for (int count : perServer) {
        assertThat(count).isBetween(850, 1150);
      }
    }
  }

  @Test
  void anUnreachableServerFailsFastAndClearlyAndIsUsedOnceItStarts() throws Exception {
    int port = MemcachedServer.sparePort();
    try (Storage storage = Storages.fromUri("memcached://127.0.0.1:" + port)) {
      assertThat(storage.isHealthy()).isFalse();
      long start = System.nanoTime();
      assertThatThrownBy(
              () -> RateLimiter.of(Strategy.FIXED_WINDOW, storage).hit(ONE_PER_MINUTE, "down"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("memcached 127.0.0.1:" + port + " failed")
          .hasCauseInstanceOf(java.io.IOException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      try (MemcachedServer server = MemcachedServer.startTcpOn(port)) {
        assertThat(server.uri()).endsWith(":" + port);
        assertThat(storage.isHealthy()).isTrue();
        assertThat(RateLimiter.of(Strategy.FIXED_WINDOW, storage).hit(ONE_PER_MINUTE, "down"))
            .isTrue();
      }
    }
  }

  @Test
  void aPausedServerTimesOutWithinTheTimeoutAndAResumedOneAnswersAgain() throws Exception {
    try (MemcachedServer server = MemcachedServer.startTcp();
        MemcachedStorage storage =
            MemcachedStorage.builder(server.uri()).timeout(Duration.ofMillis(300)).build()) {
      RateLimiter limiter = RateLimiter.of(Strategy.SLIDING_WINDOW_COUNTER, storage);
      assertThat(limiter.hit(ONE_PER_MINUTE, "paused")).isTrue();
      server.pause();
      try {
        long start = System.nanoTime();
        assertThatThrownBy(() -> limiter.hit(ONE_PER_MINUTE, "paused"))
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1300));
        assertThat(storage.isHealthy()).isFalse();
      } finally {
        server.resume();
      }
      assertThat(limiter.hit(ONE_PER_MINUTE, "paused")).isFalse();
      assertThat(storage.isHealthy()).isTrue();
    }
  }

  @Test
  void theStorageReconnectsAfterARestart() throws Exception {
    try (MemcachedServer server = MemcachedServer.startUnix();
        Storage storage = Storages.fromUri(server.uri())) {
      RateLimiter limiter = RateLimiter.of(Strategy.FIXED_WINDOW, storage);
      assertThat(limiter.hit(ONE_PER_MINUTE, "restart")).isTrue();
      server.stop();
      assertThatThrownBy(() -> limiter.hit(ONE_PER_MINUTE, "restart"))
          .isInstanceOf(StorageException.class);
      server.start();
      // Memcached keeps nothing across a restart: the window starts again.
      assertThat(limiter.hit(ONE_PER_MINUTE, "restart")).isTrue();
      assertThat(limiter.hit(ONE_PER_MINUTE, "restart")).isFalse();
    }
  }

  @Test
  void optionsOfTheStorageCanBeGivenAsAMap() {
    try (Storage storage =
        Storages.fromUri(MemcachedTestServers.uri("tcp"), Map.of("key-prefix", "MAPPED"))) {
      assertThat(((MemcachedStorage) storage).keyPrefix()).isEqualTo("MAPPED");
    }
  }

  @Test
  void expiriesAreWholeSecondsWithAMarginAndAbsolutePastThirtyDays() {
    assertThat(MemcachedStorage.exptime(0)).isEqualTo(2);
    assertThat(MemcachedStorage.exptime(1_500)).isEqualTo(3);
    assertThat(MemcachedStorage.exptime(Duration.ofDays(30).toMillis() - 5_000))
        .isEqualTo(Duration.ofDays(30).toSeconds() - 3);
    long absolute = MemcachedStorage.exptime(Duration.ofDays(365).toMillis());
    assertThat(absolute)
        .isBetween(
            System.currentTimeMillis() / 1000 + Duration.ofDays(365).toSeconds(),
            System.currentTimeMillis() / 1000 + Duration.ofDays(365).toSeconds() + 5);
    assertThat(MemcachedStorage.exptime(Long.MAX_VALUE)).isZero();
  }

  private static String value(MemcachedStorage storage, String key) {
    MetaResponse response = storage.execute(List.of(MetaCommand.get(key, false))).get(0);
    assertThat(response.status()).as(key).isEqualTo(MetaResponse.Status.VA);
    return new String(response.value(), StandardCharsets.US_ASCII).strip();
  }
}
