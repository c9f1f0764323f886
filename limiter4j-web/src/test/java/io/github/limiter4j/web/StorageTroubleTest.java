package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
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
    assertThat(app.get("/t1").status).as("recovers by itself").isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
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
    assertThat(app.get("/t1").status)
        .as("the limit counted before the outage holds")
        .isEqualTo(429);
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
    for (int seconds : new int[] {1, 2, 4, 8, 16}) {
      clock.advance(Duration.ofSeconds(seconds));
      assertThat(app.get("/t1").status).as("after %d s", seconds).isEqualTo(429);
    }
    int checksSoFar = storage.failedCalls();
    clock.advance(Duration.ofSeconds(32));
    assertThat(app.get("/t1").status).as("the memory window has passed").isEqualTo(200);
    assertThat(storage.failedCalls()).as("checked once more").isEqualTo(checksSoFar + 1);

    storage.bringUp();
    assertThat(app.get("/t1").status).as("not checked again yet").isEqualTo(429);
    clock.advance(Duration.ofSeconds(2));
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
}
