package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.web.TestApp.Reply;
import io.github.limiter4j.web.TestApp.Request;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Default and application limits given as {@link Limit} values: each option that Flask-Limiter
 * gives them as a parallel setting ({@code default_limits_per_method}, {@code _exempt_when}, {@code
 * _deduct_when}, {@code _cost}) is the limit's own, and behaves as that setting does.
 */
class DefaultAndApplicationLimitsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00.250Z"));

  private Limiter.Builder limiter() {
    return Limiter.builder().timeSource(clock);
  }

  private static Request request(String method, String path) {
    return new Request(method, path, "127.0.0.1", Map.of());
  }

  private static Map<String, String> settings(Limiter limiter) {
    return limiter.configuration().stream()
        .collect(Collectors.toMap(ConfigurationEntry::name, ConfigurationEntry::value));
  }

  @Test
  void aDefaultLimitPerMethodCountsEachMethodApart() {
    TestApp app =
        new TestApp(
            limiter().defaultLimit(Limit.builder("1/minute").perMethod(true).build()).build());
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
    assertThat(app.send("POST", "/t1").status).isEqualTo(200);
    assertThat(app.send("POST", "/t1").status).isEqualTo(429);
  }

  @Test
  void aDefaultLimitNotPerMethodCountsEveryMethodTogether() {
    TestApp app = new TestApp(limiter().defaultLimits("1/minute").build());
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.send("POST", "/t1").status).isEqualTo(429);
  }

  @Test
  void aDefaultLimitStillCountsEachRouteApart() {
    TestApp app = new TestApp(limiter().defaultLimits("1/minute").build());
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t2").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
  }

  @Test
  void aDefaultLimitExemptWhenSkipsTheRequestsThatMeetItsCondition() {
    TestApp app =
        new TestApp(
            limiter()
                .defaultLimit(
                    Limit.builder("1/minute")
                        .exemptWhen(request -> request.header("X-Internal") != null)
                        .build())
                .build());
    Request internal = request("GET", "/t1").withHeader("X-Internal", "yes");
    assertThat(app.send(internal).status).isEqualTo(200);
    assertThat(app.send(internal).status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
  }

  @Test
  void aDefaultLimitDeductWhenChargesOnlyTheResponsesThatMeetItsCondition() {
    TestApp app =
        new TestApp(
                limiter()
                    .defaultLimit(
                        Limit.builder("1/minute")
                            .deductWhen((request, response) -> response.status() >= 400)
                            .build())
                    .build())
            .handle("/ok", call -> Reply.ok("fine"))
            .handle("/bad", call -> Reply.status(400));
    assertThat(app.get("/ok").status).isEqualTo(200);
    assertThat(app.get("/ok").status).isEqualTo(200);
    assertThat(app.get("/bad").status).isEqualTo(400);
    assertThat(app.get("/bad").status).isEqualTo(429);
  }

  @Test
  void aDefaultLimitCostIsTakenForEachRequest() {
    TestApp app =
        new TestApp(limiter().defaultLimit(Limit.builder("3/minute").cost(2).build()).build());
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).as("2 + 2 is over 3").isEqualTo(429);
  }

  @Test
  void aDefaultLimitCostFunctionIsAskedForEachRequest() {
    TestApp app =
        new TestApp(
            limiter()
                .defaultLimit(
                    Limit.builder("3/minute")
                        .cost(request -> request.header("X-Heavy") != null ? 3 : 1)
                        .build())
                .build());
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.send(request("GET", "/t1").withHeader("X-Heavy", "yes")).status).isEqualTo(429);
    assertThat(app.get("/t1").status).isEqualTo(200);
  }

  @Test
  void anApplicationLimitCountsEveryRouteTogether() {
    TestApp app = new TestApp(limiter().applicationLimit(Limit.of("1/minute")).build());
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t2").status).isEqualTo(429);
  }

  @Test
  void anApplicationLimitPerMethodCountsEachMethodApartAcrossRoutes() {
    TestApp app =
        new TestApp(
            limiter().applicationLimit(Limit.builder("1/minute").perMethod(true).build()).build());
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t2").status).isEqualTo(429);
    assertThat(app.send("POST", "/t2").status).isEqualTo(200);
    assertThat(app.send("POST", "/t1").status).isEqualTo(429);
  }

  @Test
  void anApplicationLimitExemptWhenSkipsTheRequestsThatMeetItsCondition() {
    TestApp app =
        new TestApp(
            limiter()
                .applicationLimit(
                    Limit.builder("1/minute")
                        .exemptWhen(request -> request.header("X-Internal") != null)
                        .build())
                .build());
    Request internal = request("GET", "/t1").withHeader("X-Internal", "yes");
    assertThat(app.send(internal).status).isEqualTo(200);
    assertThat(app.send(internal).status).isEqualTo(200);
    assertThat(app.get("/t2").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
  }

  @Test
  void anApplicationLimitDeductWhenChargesOnlyTheResponsesThatMeetItsCondition() {
    TestApp app =
        new TestApp(
                limiter()
                    .applicationLimit(
                        Limit.builder("1/minute")
                            .deductWhen((request, response) -> response.status() >= 400)
                            .build())
                    .build())
            .handle("/ok", call -> Reply.ok("fine"))
            .handle("/bad", call -> Reply.status(400));
    assertThat(app.get("/ok").status).isEqualTo(200);
    assertThat(app.get("/ok").status).isEqualTo(200);
    assertThat(app.get("/bad").status).isEqualTo(400);
    assertThat(app.get("/ok").status).isEqualTo(429);
  }

  @Test
  void anApplicationLimitCostIsTakenForEachRequest() {
    TestApp app =
        new TestApp(limiter().applicationLimit(Limit.builder("3/minute").cost(2).build()).build());
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t2").status).as("2 + 2 is over 3").isEqualTo(429);
  }

  @Test
  void anApplicationLimitCostFunctionIsAskedForEachRequest() {
    TestApp app =
        new TestApp(
            limiter()
                .applicationLimit(
                    Limit.builder("3/minute")
                        .cost(request -> request.header("X-Heavy") != null ? 3 : 1)
                        .build())
                .build());
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.send(request("GET", "/t2").withHeader("X-Heavy", "yes")).status).isEqualTo(429);
    assertThat(app.get("/t2").status).isEqualTo(200);
  }

  @Test
  void anApplicationLimitOfItsOwnScopeCountsApartFromTheGlobalOne() {
    Limiter limiter =
        limiter()
            .applicationLimits("2/minute")
            .applicationLimit(Limit.builder("1/minute").scope("uploads").build())
            .build();
    LimitedRequest limited = limiter.check(request("GET", "/t1"));
    assertThat(limited.currentLimits())
        .extracting(RequestLimit::key)
        .anySatisfy(key -> assertThat(key).contains("global"))
        .anySatisfy(key -> assertThat(key).contains("uploads"));
  }

  @Test
  void aSharedDefaultLimitIsRefusedNamingTheOptionAndTheLimit() {
    Limiter.Builder builder =
        limiter().defaultLimit(Limit.builder("10/minute").shared("everything").build());
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default limit \"10/minute\"")
        .hasMessageContaining("shared")
        .hasMessageContaining("applicationLimit(Limit)");
  }

  @Test
  void aDefaultOrApplicationLimitThatDoesNotOverrideDefaultsIsRefused() {
    Limit adding = Limit.builder("10/minute").overrideDefaults(false).build();
    assertThatThrownBy(() -> limiter().defaultLimit(adding).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default limit \"10/minute\"")
        .hasMessageContaining("overrideDefaults(false)");
    assertThatThrownBy(() -> limiter().applicationLimit(adding).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("application limit \"10/minute\"")
        .hasMessageContaining("overrideDefaults(false)");
  }

  @Test
  void aDefaultLimitForSomeMethodsOnlyLeavesTheOthersUnlimited() {
    TestApp app =
        new TestApp(
            limiter().defaultLimit(Limit.builder("1/minute").methods("POST").build()).build());
    assertThat(app.send("POST", "/t1").status).isEqualTo(200);
    assertThat(app.send("POST", "/t1").status).isEqualTo(429);
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(200);
  }

  @Test
  void aNotationThatDoesNotParseNamesTheKindOfLimit() {
    assertThatThrownBy(() -> limiter().defaultLimits("ten per minute"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("default limits: ");
    assertThatThrownBy(() -> limiter().applicationLimits("ten per minute"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("application limits: ");
  }

  @Test
  void theConfigurationShowsTheOptionsTheLimitsAgreeOnAndEachLimitsWhereTheyDiffer() {
    Limiter agreeing =
        limiter()
            .defaultLimit(Limit.builder("10/minute").perMethod(true).cost(2).build())
            .defaultLimit(Limit.builder("100/hour").perMethod(true).cost(2).build())
            .build();
    assertThat(settings(agreeing))
        .containsEntry("default", "['10 per 1 minute', '100 per 1 hour']")
        .containsEntry("defaults-per-method", "true")
        .containsEntry("defaults-cost", "2")
        .containsEntry("defaults-exempt-when", "None")
        .containsEntry("application-per-method", "false")
        .containsEntry("application-cost", "1");

    Limiter differing =
        limiter()
            .applicationLimit(Limit.builder("10/minute").cost(2).build())
            .applicationLimits("100/hour")
            .build();
    assertThat(settings(differing)).containsEntry("application-cost", "[2, 1]");
  }
}
