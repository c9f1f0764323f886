package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.web.TestApp.Reply;
import io.github.limiter4j.web.TestApp.Request;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What limits do with a request whose key function gives no key. */
class MissingKeyTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00.250Z"));

  private static Request get(String address) {
    return new Request("GET", "/items", address, Map.of());
  }

  private static Request withKey(String key, String address) {
    return get(address).withHeader("X-Api-Key", key);
  }

  private TestApp app(MissingKey missingKey) {
    Limiter.Builder builder =
        Limiter.builder()
            .timeSource(clock)
            .keyFunction(request -> request.header("X-Api-Key"))
            .defaultLimits("2/minute")
            .headersEnabled(true);
    if (missingKey != null) {
      builder.missingKey(missingKey);
    }
    return new TestApp(builder.build());
  }

  @Test
  void byDefaultARequestWithoutAKeyIsLimitedUnderItsClientAddress() {
    TestApp app = app(null);
    assertThat(app.send(get("10.0.0.1")).status).isEqualTo(200);
    Reply second = app.send(get("10.0.0.1"));
    assertThat(second.status).isEqualTo(200);
    assertThat(second.headers).containsEntry("X-RateLimit-Remaining", "0");
    assertThat(app.send(get("10.0.0.1")).status).isEqualTo(429);
    assertThat(app.send(get("10.0.0.2")).status)
        .as("another address has its own count")
        .isEqualTo(200);
    assertThat(app.send(withKey("k", "10.0.0.1")).status)
        .as("a request with a key is counted under the key")
        .isEqualTo(200);
  }

  @Test
  void anEmptyKeyIsAMissingKey() {
    TestApp app = app(null);
    for (int i = 0; i < 2; i++) {
      assertThat(app.send(withKey("", "10.0.0.1")).status).isEqualTo(200);
    }
    assertThat(app.send(withKey("", "10.0.0.1")).status).isEqualTo(429);
  }

  @Test
  void aSharedKeyCountsEveryRequestWithoutAKeyTogether() {
    TestApp app = app(MissingKey.shared("anonymous"));
    assertThat(app.send(get("10.0.0.1")).status).isEqualTo(200);
    assertThat(app.send(get("10.0.0.2")).status).isEqualTo(200);
    assertThat(app.send(get("10.0.0.3")).status).isEqualTo(429);
    assertThat(app.send(withKey("k", "10.0.0.3")).status).isEqualTo(200);
  }

  @Test
  void aRefusalAnswersWithItsStatusAndCountsNothing() {
    TestApp app = app(MissingKey.refuse(401));
    Reply refused = app.send(get("10.0.0.1"));
    assertThat(refused.status).isEqualTo(401);
    assertThat(refused.body).contains("A key is required");
    assertThat(refused.headers).doesNotContainKey("X-RateLimit-Remaining");
    assertThat(app.send(withKey("k", "10.0.0.1")).headers)
        .containsEntry("X-RateLimit-Remaining", "1");
  }

  @Test
  void aRefusalIsThrownAsAMissingKeyNotABreach() {
    Limiter limiter =
        Limiter.builder()
            .timeSource(clock)
            .keyFunction(request -> null)
            .missingKey(MissingKey.refuse(403))
            .defaultLimits("2/minute")
            .build();
    assertThatThrownBy(() -> limiter.check(get("10.0.0.1")))
        .isInstanceOfSatisfying(
            RateLimitExceededException.class,
            e -> {
              assertThat(e.keyMissing()).isTrue();
              assertThat(e.response()).map(BreachResponse::status).contains(403);
            });
  }

  @Test
  void unlimitedLetsRequestsWithoutAKeyPassUncounted() {
    TestApp app = app(MissingKey.unlimited());
    for (int i = 0; i < 5; i++) {
      Reply reply = app.send(get("10.0.0.1"));
      assertThat(reply.status).isEqualTo(200);
      assertThat(reply.headers).doesNotContainKey("X-RateLimit-Remaining");
    }
  }

  @Test
  void aLimitsOwnChoiceOverridesTheLimiters() {
    Limiter limiter =
        Limiter.builder()
            .timeSource(clock)
            .keyFunction(request -> request.header("X-Api-Key"))
            .missingKey(MissingKey.unlimited())
            .route(
                Route.builder("items")
                    .path("/items")
                    .limit(Limit.builder("1/minute").missingKey(MissingKey.refuse(429)).build())
                    .build())
            .route(Route.builder("open").path("/open").limit("1/minute").build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.send(get("10.0.0.1")).status).isEqualTo(429);
    Request open = new Request("GET", "/open", "10.0.0.1", Map.of());
    assertThat(app.send(open).status).isEqualTo(200);
    assertThat(app.send(open).status).isEqualTo(200);
  }

  @Test
  void aFallbackKeyFunctionCountsRequestsWithoutAKeyUnderItsKey() {
    TestApp app = app(MissingKey.keyFunction(request -> request.header("X-Session")));
    Request session = get("10.0.0.1").withHeader("X-Session", "s1");
    assertThat(app.send(session).status).isEqualTo(200);
    assertThat(app.send(session.from("10.0.0.2")).status).isEqualTo(200);
    assertThat(app.send(session.from("10.0.0.3")).status).isEqualTo(429);
  }

  @Test
  void theConfigurationShowsTheChoice() {
    Limiter limiter = Limiter.builder().missingKey(MissingKey.refuse(401)).build();
    assertThat(limiter.configuration())
        .contains(new ConfigurationEntry("General", "missing-key", "refuse 401"));
  }

  @Test
  void choicesThatDoTheSameAreEqual() {
    assertThat(MissingKey.refuse(401)).isEqualTo(MissingKey.refuse(401));
    assertThat(MissingKey.refuse(401)).isNotEqualTo(MissingKey.refuse(403));
    assertThat(MissingKey.shared("a")).isEqualTo(MissingKey.shared("a"));
    assertThat(MissingKey.keyFunction(KeyFunction.remoteAddress()))
        .isEqualTo(MissingKey.clientAddress());
    assertThat(MissingKey.unlimited()).isNotEqualTo(MissingKey.clientAddress());
  }

  @Test
  void aRefusalStatusMustBeAnError() {
    assertThatThrownBy(() -> MissingKey.refuse(200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("200");
    assertThatThrownBy(() -> MissingKey.shared(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }
}
