package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.testing.SwitchableStorage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What requests meet when the storage fails: swallowed errors, the in-memory fallback, or both off.
 */
class StorageTroubleTest {
  private final ManualClock clock = new ManualClock();
  private final SwitchableStorage storage =
      new SwitchableStorage(MemoryStorage.builder().timeSource(clock).build());

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  private Limiter.Builder limiter() {
    return Limiter.builder().timeSource(clock).storage(storage);
  }

  @Test
  void withoutSwallowingOrFallbackTheStorageErrorReachesTheApplication() {
    TestApp app = new TestApp(limiter().defaultLimits("1/minute").build());
    storage.takeDown();
    assertThatThrownBy(() -> app.get("/t1")).isInstanceOf(StorageException.class);
    storage.bringUp();
    clock.advance(Duration.ofSeconds(1));
    assertThat(app.get("/t1").status).as("recovers once its health check passes").isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
  }

  @Test
  void withoutSwallowingOrFallbackAFailedStorageIsNotCalledUntilItsHealthCheckPasses() {
    TestApp app = new TestApp(limiter().defaultLimits("2/minute").build());
    storage.takeDown();
    assertThatThrownBy(() -> app.get("/t1")).isInstanceOf(StorageException.class);
    assertThat(storage.failedCalls()).isEqualTo(1);
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> app.get("/t1"))
          .as("fails at once")
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("SwitchableStorage")
          .hasMessageContaining("is not called since it failed (switchable storage is down");
    }
    assertThat(storage.failedCalls()).as("no request called the storage").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> app.get("/t1")).isInstanceOf(StorageException.class);
    assertThat(storage.failedCalls()).as("one health check").isEqualTo(2);

    storage.bringUp();
    assertThatThrownBy(() -> app.get("/t1"))
        .as("the next check is 2 s after the last")
        .isInstanceOf(StorageException.class);
    clock.advance(Duration.ofSeconds(2));
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).as("limited by the storage again").isEqualTo(429);
  }

  @Test
  void swallowedErrorsDoNotCallAFailedStorageUntilItsHealthCheckPasses() {
    TestApp app = new TestApp(limiter().defaultLimits("1/minute").swallowErrors(true).build());
    storage.takeDown();
    for (int i = 0; i < 50; i++) {
      assertThat(app.get("/t1").status).isEqualTo(200);
    }
    assertThat(storage.failedCalls()).as("only the first request called it").isEqualTo(1);
    for (int seconds : new int[] {1, 2, 4}) {
      clock.advance(Duration.ofSeconds(seconds));
      for (int i = 0; i < 10; i++) {
        assertThat(app.get("/t1").status).isEqualTo(200);
      }
    }
    assertThat(storage.failedCalls()).as("one health check per backoff step").isEqualTo(4);

    storage.bringUp();
    clock.advance(Duration.ofSeconds(8));
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).as("limited by the storage again").isEqualTo(429);
  }

  @Test
  void aStorageThatHangsIsWaitedForOnlyByItsHealthChecks() {
    // Each call to a hanging storage takes its 300 ms timeout, then fails.
    HangingStorage hanging = new HangingStorage(storage, clock, Duration.ofMillis(300));
    TestApp app =
        new TestApp(
            Limiter.builder()
                .timeSource(clock)
                .storage(hanging)
                .defaultLimits("100/second")
                .swallowErrors(true)
                .build());
    storage.takeDown();
    long start = clock.currentTimeMillis();
    for (int i = 0; i < 170; i++) {
      assertThat(app.get("/t1").status).isEqualTo(200);
    }
    assertThat(clock.currentTimeMillis() - start)
        .as("170 requests waited for one timeout, not 170")
        .isEqualTo(300);
  }

  @Test
  void requestsThatTouchNoStorageDoNotEndAnOutageNorLogItAgain() {
    // Keyed by a header: a request without it has no key, and is counted nowhere.
    Limiter limiter =
        limiter()
            .defaultLimits("5/minute")
            .keyFunction(request -> request.header("X-Api-Key") == null ? "" : "key")
            .swallowErrors(true)
            .route(Route.builder("health").path("/health").exempt().build())
            .build();
    TestApp app = new TestApp(limiter);
    TestApp.Request keyed =
        new TestApp.Request("GET", "/t1", "127.0.0.1", Map.of("X-Api-Key", "k"));
    storage.takeDown();
    String logged =
        stderrOf(
            () -> {
              for (int i = 0; i < 5; i++) {
                assertThat(app.send(keyed).status).isEqualTo(200);
                assertThat(app.get("/health").status).isEqualTo(200);
                assertThat(app.get("/t1").status).as("without a key").isEqualTo(200);
              }
            });
    assertThat(occurrences(logged, "Rate limit storage SwitchableStorage{down} failed"))
        .as("once per outage:%n%s", logged)
        .isEqualTo(1);
    assertThat(occurrences(logged, "StorageException: switchable storage is down"))
        .as("one stack trace")
        .isEqualTo(1);
    assertThat(logged).as("no recovery logged").doesNotContain(" INFO ");
    assertThat(storage.failedCalls()).as("only the first keyed request called it").isEqualTo(1);
    assertThat(limiter.isStorageDown()).isTrue();

    storage.bringUp();
    clock.advance(Duration.ofSeconds(1));
    String recovered = stderrOf(() -> app.send(keyed));
    assertThat(recovered).contains("INFO").contains("answers again");
    assertThat(limiter.isStorageDown()).isFalse();
  }

  private static String stderrOf(Runnable action) {
    java.io.PrintStream standardError = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(standardError);
    }
    String text = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    standardError.print(text);
    return text;
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  @Test
  void swallowedErrorsLetRequestsThroughUntilTheStorageAnswersAgain() {
    TestApp app =
        new TestApp(
            limiter().defaultLimits("1/minute").headersEnabled(true).swallowErrors(true).build());
    assertThat(app.get("/t1").status).isEqualTo(200);
    storage.takeDown();
    for (int i = 0; i < 3; i++) {
      TestApp.Reply reply = app.get("/t1");
      assertThat(reply.status).isEqualTo(200);
      assertThat(reply.headers).doesNotContainKey("X-RateLimit-Limit");
    }
    storage.bringUp();
    clock.advance(Duration.ofSeconds(1));
    assertThat(app.get("/t1").status)
        .as("the limit counted before the outage holds, once its health check passes")
        .isEqualTo(429);
  }

  @Test
  void withTheFallbackADeductionAfterTheStorageFailedIsDroppedNotThrown() {
    Limiter limiter =
        limiter()
            .inMemoryFallbackEnabled(true)
            .route(
                Route.builder("t")
                    .path("/t")
                    .limit(
                        Limit.builder("1/minute").deductWhen((request, response) -> true).build())
                    .build())
            .build();
    LimitedRequest first =
        limiter.check(new TestApp.Request("GET", "/t", "127.0.0.1", java.util.Map.of()));
    LimitedRequest second =
        limiter.check(new TestApp.Request("GET", "/t", "127.0.0.1", java.util.Map.of()));
    storage.takeDown();
    // The first finds the storage failing; the second finds it marked down.
    assertThatCode(() -> first.finish(TestApp.Reply.status(200))).doesNotThrowAnyException();
    assertThatCode(() -> second.finish(TestApp.Reply.status(200))).doesNotThrowAnyException();
    assertThat(limiter.isUsingFallback()).isTrue();
  }

  @Test
  void swallowedErrorsAlsoCoverDeductionsAfterTheResponse() {
    Limiter limiter =
        limiter()
            .swallowErrors(true)
            .route(
                Route.builder("t")
                    .path("/t")
                    .limit(
                        Limit.builder("1/minute").deductWhen((request, response) -> true).build())
                    .build())
            .build();
    LimitedRequest limited =
        limiter.check(new TestApp.Request("GET", "/t", "127.0.0.1", java.util.Map.of()));
    storage.takeDown();
    assertThat(limited.finish(TestApp.Reply.status(200))).isEmpty();
  }

  @Test
  void theFallbackLimitsInMemoryAndChecksTheStorageWithBackoff() {
    TestApp app =
        new TestApp(limiter().defaultLimits("5/minute").inMemoryFallback("1/minute").build());
    storage.takeDown();
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
    // Checked after 1, 2 and 4 s, then every 5 s, each check finding it still down.
    for (int seconds : new int[] {1, 2, 4, 5, 5}) {
      int checksBefore = storage.failedCalls();
      clock.advance(Duration.ofSeconds(seconds));
      assertThat(app.get("/t1").status).as("after %d s", seconds).isEqualTo(429);
      assertThat(storage.failedCalls())
          .as("checked after %d s", seconds)
          .isEqualTo(checksBefore + 1);
    }
    int checksSoFar = storage.failedCalls();
    clock.advance(Duration.ofSeconds(4));
    storage.bringUp();
    assertThat(app.get("/t1").status).as("limited in memory, not checked again yet").isEqualTo(429);
    assertThat(storage.failedCalls()).isEqualTo(checksSoFar);
    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 5; i++) {
      assertThat(app.get("/t1").status).as("back on the storage's 5/minute").isEqualTo(200);
    }
    assertThat(app.get("/t1").status).isEqualTo(429);
  }

  @Test
  void theFallbackWithoutItsOwnLimitsKeepsTheRoutesLimits() {
    Limiter limiter =
        limiter()
            .defaultLimits("2/minute")
            .inMemoryFallbackEnabled(true)
            .headersEnabled(true)
            .route(Route.builder("t2").path("/t2").limit("1 per minute").build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
    assertThat(app.get("/t2").status).isEqualTo(200);
    assertThat(app.get("/t2").status).isEqualTo(429);

    storage.takeDown();
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(limiter.isUsingFallback()).isTrue();
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
    assertThat(app.get("/t2").status).isEqualTo(200);
    assertThat(app.get("/t2").status).isEqualTo(429);

    clock.advance(Duration.ofMillis(1001));
    storage.bringUp();
    storage.reset();
    assertThat(app.get("/t2").status).isEqualTo(200);
    assertThat(limiter.isUsingFallback()).isFalse();
    assertThat(app.get("/t2").status).isEqualTo(429);
  }

  @Test
  void exemptRoutesStayUnlimitedWhileTheFallbackLimitsOthers() {
    Limiter limiter =
        limiter()
            .defaultLimits("5/minute")
            .inMemoryFallback("1/minute")
            .route(Route.builder("health").path("/health").exempt().build())
            .build();
    TestApp app = new TestApp(limiter);
    storage.takeDown();
    for (int i = 0; i < 3; i++) {
      assertThat(app.get("/health").status).isEqualTo(200);
    }
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
  }

  @Test
  void aFloodOfNewClientsThroughTheFallbackKeepsABlockedClientRefused() {
    // The fallback's own bound (1,000,000 keys), flooded twice over from rotating IPv6 addresses.
    Limiter limiter = limiter().defaultLimits("10/minute").inMemoryFallbackEnabled(true).build();
    TestApp app = new TestApp(limiter);
    storage.takeDown();
    TestApp.Request blocked = new TestApp.Request("GET", "/t1", "192.0.2.1", Map.of());
    for (int i = 0; i < 10; i++) {
      assertThat(app.send(blocked).status).isEqualTo(200);
    }
    assertThat(app.send(blocked).status).isEqualTo(429);
    for (int i = 0; i < 2_000_000; i++) {
      String address = "2001:db8::" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i);
      assertThat(app.send(new TestApp.Request("GET", "/t1", address, Map.of())).status)
          .isEqualTo(200);
      if (i % 100 == 0) {
        clock.advanceMillis(1);
      }
    }
    assertThat(limiter.isUsingFallback()).isTrue();
    assertThat(app.send(blocked).status).as("still blocked after the flood").isEqualTo(429);
  }

  /**
   * A storage that hangs while {@code switchable} is down: each call takes {@code timeout} on the
   * clock, as a client waiting for a paused server would, then fails.
   */
  private static final class HangingStorage implements io.github.limiter4j.storage.Storage {
    private final SwitchableStorage switchable;
    private final ManualClock clock;
    private final Duration timeout;

    HangingStorage(SwitchableStorage switchable, ManualClock clock, Duration timeout) {
      this.switchable = switchable;
      this.clock = clock;
      this.timeout = timeout;
    }

    private void hangIfDown() {
      if (switchable.isDown()) {
        clock.advance(timeout);
      }
    }

    @Override
    public io.github.limiter4j.storage.spi.WindowStore fixedWindow() {
      io.github.limiter4j.storage.spi.WindowStore store = switchable.fixedWindow();
      return new io.github.limiter4j.storage.spi.WindowStore() {
        @Override
        public io.github.limiter4j.AcquisitionResult acquire(
            java.util.List<io.github.limiter4j.Acquisition> acquisitions) {
          hangIfDown();
          return store.acquire(acquisitions);
        }

        @Override
        public io.github.limiter4j.AcquisitionResult test(
            java.util.List<io.github.limiter4j.Acquisition> acquisitions) {
          hangIfDown();
          return store.test(acquisitions);
        }

        @Override
        public io.github.limiter4j.WindowStats stats(
            io.github.limiter4j.RateLimitItem item, String key) {
          hangIfDown();
          return store.stats(item, key);
        }

        @Override
        public void clear(io.github.limiter4j.RateLimitItem item, String key) {
          hangIfDown();
          store.clear(item, key);
        }
      };
    }

    @Override
    public boolean isHealthy() {
      hangIfDown();
      return switchable.isHealthy();
    }

    @Override
    public long reset() {
      return switchable.reset();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
      return "HangingStorage";
    }
  }
}
