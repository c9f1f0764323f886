package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.testing.BoundedStorage;
import io.github.limiter4j.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Limits a storage cannot hold (a moving window longer than MongoDB or memcached log, a hit larger
 * than Redis logs): a static one stops the limiter from being built, naming the limit and the
 * storage; a dynamic limit it cannot hold is skipped for the request, a cost it cannot take refuses
 * the request, both logged once, never a 500.
 */
class StorageBoundsTest {
  private final ManualClock clock = new ManualClock();
  // The bounds of MongoDB (amounts) and Redis (costs) on the moving window, scaled down.
  private final BoundedStorage storage =
      new BoundedStorage(MemoryStorage.builder().timeSource(clock).build(), 100, 50);

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  private Limiter.Builder limiter() {
    return Limiter.builder().timeSource(clock).strategy(Strategy.MOVING_WINDOW).storage(storage);
  }

  @Test
  void aStaticLimitTheStorageCannotHoldStopsTheBuildNamingTheLimitWhereItIsAndTheStorage() {
    assertUnsupported(
        limiter().route(Route.builder("big").path("/big").limit("200/hour").build()),
        "\"200/hour\"",
        "route big");
    assertUnsupported(limiter().defaultLimits("10/minute;200/hour"), "200/hour", "default limit");
    assertUnsupported(limiter().applicationLimits("200/hour"), "200/hour", "application limit");
    assertUnsupported(limiter().metaLimits("200/day"), "200/day", "meta limit");
    assertUnsupported(
        limiter()
            .group(RouteGroup.builder("api").limit("500/day").build())
            .route(Route.builder("users").path("/users").group("api").build()),
        "500/day",
        "route group api");
    assertUnsupported(
        limiter()
            .route(
                Route.builder("login")
                    .path("/login")
                    .limit(Limit.builder("5/minute").metaLimits("150/day").build())
                    .build()),
        "150 per 1 day",
        "meta limit of limit of route login");
  }

  @Test
  void theFailureCarriesTheLimitAsDeclaredItsItemAndCost() {
    Limit big = Limit.builder("10/minute;200/hour").cost(2).build();
    Limiter.Builder builder = limiter().route(Route.builder("big").path("/big").limit(big).build());
    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            UnsupportedLimitException.class,
            e -> {
              assertThat(e.limit()).isSameAs(big);
              assertThat(e.item()).isEqualTo(RateLimitItem.parse("200/hour"));
              assertThat(e.cost()).isEqualTo(2);
              assertThat(e.origin()).isEqualTo("limit of route big");
            });
  }

  @Test
  void aStaticCostTheStorageCannotTakeStopsTheBuild() {
    assertUnsupported(
        limiter()
            .route(
                Route.builder("upload")
                    .path("/upload")
                    .limit(Limit.builder("100/hour").cost(60).build())
                    .build()),
        "100/hour",
        "cost 60");
    assertUnsupported(
        limiter().defaultLimit(Limit.builder("100/hour").cost(60).build()), "100/hour", "cost 60");
  }

  @Test
  void whatTheStorageHoldsBuildsAsBefore() {
    Limiter limiter =
        limiter()
            .defaultLimit(Limit.builder("100/hour").cost(50).build())
            // A cost above the amount is refused by every storage: nothing to hold.
            .route(
                Route.builder("never")
                    .path("/never")
                    .limit(Limit.builder("10/hour").cost(1000).build())
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/t").status).isEqualTo(200);
    assertThat(app.get("/never").status).isEqualTo(429);
  }

  @Test
  void aDisabledLimiterChecksNothing() {
    assertThatCode(() -> limiter().enabled(false).defaultLimits("200/hour").build())
        .doesNotThrowAnyException();
  }

  @Test
  void aDynamicLimitTheStorageCannotHoldIsSkippedForTheRequestAndLoggedOnce() {
    Limiter limiter =
        limiter()
            .route(
                Route.builder("plan")
                    .path("/plan")
                    .limit("3/hour")
                    .limit(
                        Limit.of(
                            request ->
                                request.header("X-Plan") != null
                                    ? request.header("X-Plan")
                                    : "1/hour"))
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    TestApp.Request big = new TestApp.Request("GET", "/plan", "127.0.0.1", java.util.Map.of());
    TestApp.Request huge =
        new TestApp.Request("GET", "/plan", "127.0.0.1", java.util.Map.of("X-Plan", "200/hour"));

    String logged =
        stderrOf(
            () -> {
              for (int i = 0; i < 3; i++) {
                assertThat(app.send(huge).status).as("request %s", i).isEqualTo(200);
              }
            });
    assertThat(app.send(huge).status).as("the static limit still counts").isEqualTo(429);
    assertThat(logged)
        .contains("200 per 1 hour")
        .contains("limit of route plan")
        .contains("BoundedStorage");
    assertThat(occurrences(logged, "limit of route plan")).as("logged once").isEqualTo(1);

    clock.advance(java.time.Duration.ofHours(2));
    assertThat(app.send(big).status).isEqualTo(200);
    assertThat(app.send(big).status).as("a dynamic limit it holds counts").isEqualTo(429);
  }

  @Test
  void aDynamicCostTheStorageCannotTakeRefusesTheRequestAsABreachOfThatLimitLoggedOnce() {
    // The client sets the cost: skipping the limit would let such a request through uncounted.
    java.util.List<String> breached = new java.util.ArrayList<>();
    Limiter limiter =
        limiter()
            .headersEnabled(true)
            .onBreach(
                (limit, request) -> {
                  breached.add(limit.item().toString());
                  return java.util.Optional.empty();
                })
            .route(
                Route.builder("upload")
                    .path("/upload")
                    .limit(
                        Limit.builder("100/hour")
                            .cost(request -> Long.parseLong(request.header("X-Size")))
                            .build())
                    .limit("3/hour")
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    TestApp.Request large =
        new TestApp.Request("GET", "/upload", "127.0.0.1", java.util.Map.of("X-Size", "60"));
    TestApp.Request small =
        new TestApp.Request("GET", "/upload", "127.0.0.1", java.util.Map.of("X-Size", "40"));

    assertThat(app.send(small).status).isEqualTo(200);
    String logged =
        stderrOf(
            () -> {
              for (int i = 0; i < 2; i++) {
                TestApp.Reply refused = app.send(large);
                assertThat(refused.status).as("request %s", i).isEqualTo(429);
                assertThat(refused.body).isEqualTo("100 per 1 hour");
                assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("100");
                assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("60");
                assertThat(refused.header("Retry-After")).isEqualTo("3601");
              }
            });
    assertThat(breached).containsExactly("100 per 1 hour", "100 per 1 hour");
    assertThat(occurrences(logged, "limit of route upload")).as("logged once").isEqualTo(1);
    assertThat(logged).contains("Refusing").contains("cost 60").contains("BoundedStorage");

    // Refused requests took nothing, from either limit.
    assertThat(app.send(small).status).isEqualTo(200);
    assertThat(app.send(small).status).as("100/hour is used up").isEqualTo(429);
    TestApp.Request one =
        new TestApp.Request("GET", "/upload", "127.0.0.1", java.util.Map.of("X-Size", "1"));
    assertThat(app.send(one).status).as("the third hit of 3/hour").isEqualTo(200);
    assertThat(app.send(one).status).isEqualTo(429);
  }

  @Test
  void aBlockLimitTheStorageCannotHoldIsSkipped() {
    Limiter limiter = limiter().route(Route.builder("t").path("/t").build()).build();
    TestApp app =
        new TestApp(limiter)
            .handle(
                "t",
                call -> {
                  call.limited().limit(Limit.of("200/hour"));
                  return TestApp.Reply.ok("in the block");
                });
    assertThat(app.get("/t").body).isEqualTo("in the block");
  }

  private static void assertUnsupported(Limiter.Builder builder, String limit, String where) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(limit)
        .hasMessageContaining(where)
        .hasMessageContaining("BoundedStorage")
        .hasMessageContaining("moving window amounts up to 100");
  }

  private static String stderrOf(Runnable action) {
    PrintStream standardError = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(standardError);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
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
}
