package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.testing.SwitchableStorage;
import io.github.limiter4j.web.TestApp.Reply;
import io.github.limiter4j.web.TestApp.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request checked in two stages: by its path before the framework authenticates it and chooses
 * its handler, then against the handler's own limits, which may key on the authenticated user.
 */
class CheckBeforeHandlerTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00.250Z"));
  // The path entry's limit, shared by the path route and the handler's route, as in Spring Boot.
  private final Limit byAddress = Limit.of("10/minute");
  private final Route path =
      Route.builder("path:/api/**").path("/api/**").limit(byAddress).checkedBeforeHandler().build();
  private final Route handler =
      Route.builder("reports")
          .limit(byAddress)
          .limit(Limit.builder("2/second").keyFunction(request -> request.header("X-User")).build())
          .build();

  private Limiter.Builder limiter() {
    return Limiter.builder().timeSource(clock).route(path).route(handler);
  }

  private static Request request(String user) {
    Request request = new Request("GET", "/api/reports", "127.0.0.1", Map.of());
    return user == null ? request : request.withHeader("X-User", user);
  }

  /** The two stages of one request; the user is known only in the second. */
  private LimitedRequest send(Limiter limiter, String user) {
    LimitedRequest limited = limiter.checkBeforeHandler(request(null), List.of(path));
    limited.checkHandler(request(user), handler);
    return limited;
  }

  private static String status(Limiter limiter, String key, String endpoint, String limit) {
    LimitsReport report = limiter.limits(LimitsQuery.builder().key(key).endpoint(endpoint).build());
    return report.routes().get(0).limits().stream()
        .filter(line -> line.description().equals(limit))
        .findFirst()
        .orElseThrow()
        .status()
        .toString();
  }

  private static String status(Limiter limiter, String key, String endpoint) {
    LimitsReport report = limiter.limits(LimitsQuery.builder().key(key).endpoint(endpoint).build());
    return report.routes().get(0).limits().get(0).status().toString();
  }

  @Test
  void eachStageCountsItsOwnLimitsOnceUnderItsOwnEndpoint() {
    Limiter limiter = limiter().applicationLimits("100/minute").metaLimits("5/hour").build();

    send(limiter, "alice");
    send(limiter, "alice");

    assertThat(status(limiter, "127.0.0.1", "path:/api/**"))
        .isEqualTo("Pass (8 out of 10 remaining)");
    assertThat(status(limiter, "alice", "reports")).isEqualTo("Fail (0 out of 2 remaining)");
    assertThat(limiter.limits(LimitsQuery.builder().key("127.0.0.1").build()).applicationLimits())
        .singleElement()
        .satisfies(line -> assertThat(line.status().remaining()).isEqualTo(98));
  }

  @Test
  void everyPathRouteTheRequestMatchedCountsItUnderItsOwnEndpointAndTheirExemptionsAddUp() {
    Route everything =
        Route.builder("path:/**").path("/**").limit("100/hour").checkedBeforeHandler().build();
    Route internal =
        Route.builder("path:/api/reports")
            .path("/api/reports")
            .exempt(ExemptionScope.APPLICATION)
            .checkedBeforeHandler()
            .build();
    Limiter limiter =
        limiter().route(everything).route(internal).applicationLimits("1/minute").build();

    for (int i = 0; i < 2; i++) {
      LimitedRequest limited =
          limiter.checkBeforeHandler(request(null), List.of(internal, path, everything));
      assertThat(limited.endpoint()).isEqualTo("path:/api/reports");
    }

    assertThat(status(limiter, "127.0.0.1", "path:/api/**"))
        .isEqualTo("Pass (8 out of 10 remaining)");
    assertThat(status(limiter, "127.0.0.1", "path:/**"))
        .isEqualTo("Pass (98 out of 100 remaining)");
    assertThat(limiter.limits(LimitsQuery.builder().key("127.0.0.1").build()).applicationLimits())
        .singleElement()
        .satisfies(line -> assertThat(line.status().remaining()).isEqualTo(1));
  }

  @Test
  void theHandlersBreachIsThrownByTheSecondStageAndTheFirstStageStaysCounted() {
    Limiter limiter = limiter().build();
    send(limiter, "alice");
    send(limiter, "alice");

    LimitedRequest third = limiter.checkBeforeHandler(request(null), List.of(path));
    assertThatThrownBy(() -> third.checkHandler(request("alice"), handler))
        .isInstanceOf(RateLimitExceededException.class)
        .hasMessageContaining("2 per 1 second");
    assertThat(status(limiter, "127.0.0.1", "path:/api/**"))
        .isEqualTo("Pass (7 out of 10 remaining)");
    assertThat(status(limiter, "bob", "reports")).isEqualTo("Pass (2 out of 2 remaining)");
  }

  @Test
  void theHeadersAndCurrentLimitsShowTheLimitsOfBothStages() {
    Limiter limiter = limiter().headersEnabled(true).build();

    LimitedRequest limited = send(limiter, "alice");

    assertThat(limited.endpoint()).isEqualTo("reports");
    assertThat(limited.currentLimits())
        .extracting(limit -> limit.item().toString() + " " + limit.remaining())
        .containsExactlyInAnyOrder("10 per 1 minute 9", "2 per 1 second 1");
    assertThat(limited.headers()).containsEntry("X-RateLimit-Remaining", "1");
  }

  @Test
  void deductWhenLimitsOfBothStagesAreChargedWhenTheRequestFinishes() {
    Limit failedByAddress =
        Limit.builder("3/minute")
            .deductWhen((request, response) -> response.status() >= 400)
            .build();
    Limit failedByUser =
        Limit.builder("3/minute")
            .keyFunction(request -> request.header("X-User"))
            .deductWhen((request, response) -> response.status() >= 400)
            .build();
    Route login = Route.builder("path:/login").path("/login").limit(failedByAddress).build();
    Route handlerOfLogin = Route.builder("login").limit(failedByUser).build();
    Limiter limiter =
        Limiter.builder().timeSource(clock).route(login).route(handlerOfLogin).build();

    LimitedRequest limited = limiter.checkBeforeHandler(request(null), List.of(login));
    limited.checkHandler(request("alice"), handlerOfLogin);
    limited.finish(Reply.status(401));

    assertThat(status(limiter, "127.0.0.1", "path:/login"))
        .isEqualTo("Pass (2 out of 3 remaining)");
    assertThat(status(limiter, "alice", "login")).isEqualTo("Pass (2 out of 3 remaining)");
  }

  @Test
  void aRequestItsHandlerRefusesIsNotChargedTheHandlersDeductWhenLimits() {
    Limit everyAnswer =
        Limit.builder("5/minute")
            .keyFunction(request -> request.header("X-User"))
            .deductWhen((request, response) -> true)
            .build();
    Route exports =
        Route.builder("exports")
            .limit(byAddress)
            .limit(Limit.builder("1/minute").keyFunction(r -> r.header("X-User")).build())
            .limit(everyAnswer)
            .build();
    Limiter limiter = limiter().route(exports).build();
    LimitedRequest first = limiter.checkBeforeHandler(request(null), List.of(path));
    first.checkHandler(request("alice"), exports);
    first.finish(Reply.status(200));

    LimitedRequest refused = limiter.checkBeforeHandler(request(null), List.of(path));
    assertThatThrownBy(() -> refused.checkHandler(request("alice"), exports))
        .isInstanceOf(RateLimitExceededException.class)
        .hasMessageContaining("1 per 1 minute");
    refused.finish(Reply.status(429));

    assertThat(status(limiter, "alice", "exports", "5 per 1 minute"))
        .isEqualTo("Pass (4 out of 5 remaining)");
  }

  @Test
  void eachStagesDeductionsGoToTheStorageThatStageWasCheckedWith() {
    SwitchableStorage storage =
        new SwitchableStorage(MemoryStorage.builder().timeSource(clock).build());
    Limit failedByAddress =
        Limit.builder("3/minute")
            .deductWhen((request, response) -> response.status() >= 400)
            .build();
    Limit failedByUser =
        Limit.builder("3/minute")
            .keyFunction(request -> request.header("X-User"))
            .deductWhen((request, response) -> response.status() >= 400)
            .build();
    Route login = Route.builder("path:/login").path("/login").limit(failedByAddress).build();
    Route handlerOfLogin = Route.builder("login").limit(failedByUser).build();
    Limiter limiter =
        Limiter.builder()
            .timeSource(clock)
            .storage(storage)
            .inMemoryFallbackEnabled(true)
            .route(login)
            .route(handlerOfLogin)
            .build();

    storage.takeDown();
    LimitedRequest limited = limiter.checkBeforeHandler(request(null), List.of(login));
    assertThat(limiter.isUsingFallback()).isTrue();
    storage.bringUp();
    clock.advance(Duration.ofSeconds(2));
    limited.checkHandler(request("alice"), handlerOfLogin);
    assertThat(limiter.isUsingFallback()).isFalse();
    limited.finish(Reply.status(401));

    // The first stage's failure is charged in memory, where it was tested; the second's in the
    // storage.
    assertThat(status(limiter, "127.0.0.1", "path:/login"))
        .isEqualTo("Pass (3 out of 3 remaining)");
    assertThat(status(limiter, "alice", "login")).isEqualTo("Pass (2 out of 3 remaining)");
  }

  @Test
  void aSwallowedStorageErrorInTheSecondStageKeepsTheFirstStagesHeaders() {
    SwitchableStorage storage =
        new SwitchableStorage(MemoryStorage.builder().timeSource(clock).build());
    Limiter limiter = limiter().storage(storage).swallowErrors(true).headersEnabled(true).build();

    LimitedRequest limited = limiter.checkBeforeHandler(request(null), List.of(path));
    storage.takeDown();
    limited.checkHandler(request("alice"), handler);

    assertThat(limited.headers()).containsEntry("X-RateLimit-Remaining", "9");
    assertThat(limited.currentLimits())
        .extracting(limit -> limit.item().toString())
        .containsExactly("10 per 1 minute");
  }

  @Test
  void aHandlerWithoutLimitsOfItsOwnGetsTheDefaultLimitsInTheSecondStageOnly() {
    Limiter limiter = limiter().defaultLimits("4/minute").build();

    LimitedRequest limited = limiter.checkBeforeHandler(request(null), List.of(path));
    assertThat(limited.currentLimits())
        .extracting(limit -> limit.item().toString())
        .containsExactly("10 per 1 minute");
    limited.checkHandler(request(null), null);

    assertThat(limited.currentLimits())
        .extracting(limit -> limit.item().toString())
        .containsExactly("10 per 1 minute", "4 per 1 minute");
  }

  @Test
  void aRequestIsCheckedAgainstItsHandlerOnceAndOnlyAfterTheFirstStage() {
    Limiter limiter = limiter().build();
    LimitedRequest limited = send(limiter, "alice");

    assertThatThrownBy(() -> limited.checkHandler(request("alice"), handler))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("checkBeforeHandler");
    LimitedRequest inOneGo = limiter.check(request("alice"), handler);
    assertThatThrownBy(() -> inOneGo.checkHandler(request("alice"), handler))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theReportListsASharedLimitUnderTheRouteCheckedBeforeTheHandler() {
    Limiter limiter = limiter().build();

    LimitsReport report = limiter.limits(LimitsQuery.all());

    assertThat(report.routes())
        .filteredOn(route -> route.endpoint().equals("reports"))
        .singleElement()
        .satisfies(
            route ->
                assertThat(route.limits())
                    .extracting(LimitsReport.Line::description)
                    .containsExactly("2 per 1 second"));
    assertThat(report.routes())
        .filteredOn(route -> route.endpoint().equals("path:/api/**"))
        .singleElement()
        .satisfies(
            route ->
                assertThat(route.limits())
                    .extracting(LimitsReport.Line::description)
                    .containsExactly("10 per 1 minute"));
  }
}
