package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.web.TestApp.Reply;
import io.github.limiter4j.web.TestApp.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The request limiter's behaviour, ported from Flask-Limiter's test suite. Windows include their
 * last millisecond (a hit at exactly {@code now - window} still counts), so where upstream moves
 * time by exactly one window, these tests move one millisecond more.
 */
class LimiterTest {
  // A quarter past a whole second, as a client's clock would be: Retry-After rounds as upstream.
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00.250Z"));

  private Limiter.Builder limiter() {
    return Limiter.builder().timeSource(clock);
  }

  /** Moves past a one-second window that started now. */
  private void nextSecond() {
    clock.advance(Duration.ofMillis(1001));
  }

  private long nowSeconds() {
    return clock.currentTimeMillis() / 1000;
  }

  @Test
  void aDefaultLimitRefusesTheSecondRequestOfTheDayWithItsDescription() {
    Limiter limiter = limiter().defaultLimits("1 per day").build();
    TestApp app = new TestApp(limiter);

    assertThat(app.get("/t1").status).isEqualTo(200);
    Reply refused = app.get("/t1");
    assertThat(refused.status).isEqualTo(429);
    assertThat(refused.body).contains("1 per 1 day");

    limiter.reset();
    assertThat(app.get("/t1").status).isEqualTo(200);
  }

  @Test
  void headersDescribeTheNarrowestUnsharedLimitWhenNothingIsBreached() {
    Limiter limiter =
        limiter()
            .applicationLimits("60/minute")
            .defaultLimits("10/minute")
            .headersEnabled(true)
            .route(Route.builder("t1").path("/t1").build())
            .route(Route.builder("t2").path("/t2").limit("2/second; 5 per minute; 10/hour").build())
            .build();
    TestApp app = new TestApp(limiter);

    Reply t1 = app.get("/t1");
    assertThat(t1.header("X-RateLimit-Limit")).isEqualTo("10");
    assertThat(t1.header("X-RateLimit-Remaining")).isEqualTo("9");
    assertThat(t1.header("X-RateLimit-Reset")).isEqualTo(Long.toString(nowSeconds() + 61));
    assertThat(t1.header("Retry-After")).isEqualTo("60");

    Reply t2 = app.get("/t2");
    assertThat(t2.header("X-RateLimit-Limit")).isEqualTo("2");
    assertThat(t2.header("X-RateLimit-Remaining")).isEqualTo("1");
    assertThat(t2.header("X-RateLimit-Reset")).isEqualTo(Long.toString(nowSeconds() + 2));
    assertThat(t2.header("Retry-After")).isEqualTo("1");
  }

  @Test
  void applicationLimitsDescribeUndecoratedRoutesWhenThereAreNoDefaults() {
    Limiter limiter = limiter().applicationLimits("60/minute").headersEnabled(true).build();
    Reply reply = new TestApp(limiter).get("/t1");
    assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("60");
    assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo("59");
  }

  @Test
  void headersOnABreachDescribeTheBreachedLimit() {
    Limiter limiter =
        limiter()
            .defaultLimits("10/minute")
            .headersEnabled(true)
            .route(
                Route.builder("t1").path("/t1").limit("2/second; 10 per minute; 20/hour").build())
            .build();
    TestApp app = new TestApp(limiter);
    long start = nowSeconds();
    for (int i = 0; i < 10; i++) {
      assertThat(app.get("/t1").status).isEqualTo(200);
      clock.advance(Duration.ofSeconds(1));
    }
    Reply refused = app.get("/t1");
    assertThat(refused.status).isEqualTo(429);
    assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("10");
    assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(refused.header("X-RateLimit-Reset")).isEqualTo(Long.toString(start + 61));
    assertThat(refused.header("Retry-After")).isEqualTo("50");
  }

  /**
   * A {@code 0/minute} limit refuses everything; as in Flask-Limiter over {@code limits}, the
   * moving window tells the client to come back a window later. The fixed window and the sliding
   * window counter count nothing for a refused request, so the key has no window and the limit
   * resets now (docs/core.md lists this difference for the fixed window).
   */
  @Test
  void aZeroLimitGivesTheRetryAfterOfItsStrategy() {
    Map<String, String> expected =
        Map.of("moving-window", "60", "fixed-window", "0", "sliding-window-counter", "0");
    for (Map.Entry<String, String> strategy : expected.entrySet()) {
      Limiter limiter =
          limiter()
              .strategy(strategy.getKey())
              .defaultLimits("0/minute")
              .headersEnabled(true)
              .build();
      Reply refused = new TestApp(limiter).get("/t1");
      assertThat(refused.status).as(strategy.getKey()).isEqualTo(429);
      assertThat(refused.header("X-RateLimit-Remaining")).as(strategy.getKey()).isEqualTo("0");
      assertThat(refused.header("Retry-After"))
          .as(strategy.getKey())
          .isEqualTo(strategy.getValue());
    }
  }

  @Test
  void headerNamesCanBeChanged() {
    Limiter limiter =
        limiter()
            .defaultLimits("10/minute")
            .headersEnabled(true)
            .headerName(RateLimitHeader.LIMIT, "X-Limit")
            .headerName(RateLimitHeader.REMAINING, "X-Remaining")
            .headerName(RateLimitHeader.RESET, "X-Reset")
            .headerName(RateLimitHeader.RETRY_AFTER, "X-Retry")
            .build();
    Reply reply = new TestApp(limiter).get("/t1");
    assertThat(reply.headers).containsKeys("X-Limit", "X-Remaining", "X-Reset", "X-Retry");
    assertThat(reply.headers).doesNotContainKey("X-RateLimit-Limit");
  }

  @Test
  void aHeaderNameOrMethodThatIsNotAnHttpTokenIsRefusedByName() {
    assertThatThrownBy(() -> Limiter.builder().headerName(RateLimitHeader.LIMIT, "X Limit"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the name of header LIMIT \"X Limit\" is not an HTTP token: it may hold letters,"
                + " digits and !#$%&'*+-.^_`|~, not ' '");
    assertThatThrownBy(() -> Limiter.builder().headerName(RateLimitHeader.RESET, "X-Reset\r\nX: y"))
        .hasMessageEndingWith("not U+000D");
    assertThatThrownBy(() -> Limit.builder("1/minute").methods("GET", "PO ST"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the HTTP method \"PO ST\" is not an HTTP token");
    assertThat(Limit.builder("1/minute").methods(" get ", "x-custom").build().methods())
        .containsExactlyInAnyOrder("GET", "X-CUSTOM");
  }

  @Test
  void waitingUntilTheResetSecondLetsTheClientIn() {
    Limiter limiter = limiter().defaultLimits("1/minute").headersEnabled(true).build();
    TestApp app = new TestApp(limiter);
    Reply first = app.get("/t1");
    long retryAfter = Long.parseLong(first.header("Retry-After"));
    assertThat(retryAfter).isEqualTo(60);
    assertThat(app.get("/t1").status).isEqualTo(429);
    // Retry-After is rounded down as upstream's; X-RateLimit-Reset is the second the client is in.
    clock.set(java.time.Instant.ofEpochSecond(Long.parseLong(first.header("X-RateLimit-Reset"))));
    assertThat(app.get("/t1").status).isEqualTo(200);
  }

  @Test
  void aRequestFinishingInTheSecondOfItsCheckGetsTheHeadersItWasGivenBefore() {
    Limiter limiter = limiter().defaultLimits("10/minute").headersEnabled(true).build();
    LimitedRequest limited = limiter.check(new Request("GET", "/t1", "127.0.0.1", Map.of()));
    Map<String, String> before = limited.headers();

    clock.advance(Duration.ofMillis(700));

    assertThat(limited.finish(new Reply(200, "", before))).isEqualTo(before);
  }

  @Test
  void aSlowRequestsRetryAfterCountsFromWhenItFinishesNotFromItsCheck() {
    Limiter limiter = limiter().defaultLimits("10/minute").headersEnabled(true).build();
    LimitedRequest limited = limiter.check(new Request("GET", "/t1", "127.0.0.1", Map.of()));
    // The adapter sets the headers before the handler runs; the handler takes ten seconds.
    Map<String, String> before = limited.headers();
    assertThat(before).containsEntry("Retry-After", "60");

    clock.advance(Duration.ofSeconds(10));
    Map<String, String> after = limited.finish(new Reply(200, "", before));

    assertThat(after)
        .containsEntry("Retry-After", "50")
        .containsEntry("X-RateLimit-Reset", before.get("X-RateLimit-Reset"))
        .containsEntry("X-RateLimit-Remaining", "9");
  }

  @Test
  void aDeductionAtFinishShowsInTheFinalHeadersThoughTheEarlierOnesWereGiven() {
    Limiter limiter =
        limiter()
            .defaultLimit(
                Limit.builder("10/minute")
                    .deductWhen((request, response) -> response.status() >= 400)
                    .build())
            .headersEnabled(true)
            .build();
    LimitedRequest limited = limiter.check(new Request("GET", "/t1", "127.0.0.1", Map.of()));
    Map<String, String> before = limited.headers();
    assertThat(before).containsEntry("X-RateLimit-Remaining", "10");

    Map<String, String> after = limited.finish(new Reply(500, "", before));

    assertThat(after).containsEntry("X-RateLimit-Remaining", "9");
  }

  @Test
  void aRetryAfterSetByTheApplicationIsNeverLowered() {
    Limiter limiter = limiter().defaultLimits("1/minute").headersEnabled(true).build();
    TestApp app =
        new TestApp(limiter)
            .handle("/seconds", call -> Reply.ok("").withHeader("Retry-After", "1000000"))
            .handle(
                "/date",
                call -> Reply.ok("").withHeader("Retry-After", "Sat, 06 Nov 2032 01:01:01 GMT"));
    assertThat(app.get("/seconds").header("Retry-After")).isEqualTo("1000000");
    assertThat(Long.parseLong(app.get("/date").header("Retry-After"))).isGreaterThan(1000);
  }

  @Test
  void retryAfterCanBeAnHttpDate() {
    Limiter limiter =
        limiter()
            .defaultLimits("1/minute")
            .headersEnabled(true)
            .retryAfter(RetryAfterFormat.HTTP_DATE)
            .build();
    assertThat(new TestApp(limiter).get("/t1").header("Retry-After"))
        .isEqualTo("Thu, 1 Jan 2026 00:01:01 GMT");
  }

  @Test
  void ietfFieldsListThePoliciesAndTheCurrentLimit() {
    Limiter limiter =
        limiter()
            .headersEnabled(true)
            .ietfHeaders(true)
            .route(Route.builder("t").path("/t").limit("2/second;10/minute").build())
            .build();
    Reply reply = new TestApp(limiter).get("/t");
    assertThat(reply.header("RateLimit-Policy"))
        .isEqualTo("\"2-per-1-second\";q=2;w=1, \"10-per-1-minute\";q=10;w=60");
    assertThat(reply.header("RateLimit")).isEqualTo("\"2-per-1-second\";r=1;t=1");
  }

  @Test
  void failingOnTheFirstBreachReportsOnlyThatLimit() {
    List<RequestLimit> seen = new ArrayList<>();
    Limiter limiter =
        limiter()
            .route(
                Route.builder("root")
                    .path("/")
                    .limit(Limit.builder("1/second").perMethod(true).build())
                    .limit(Limit.builder("2/minute").perMethod(true).build())
                    .build())
            .build();
    TestApp app =
        new TestApp(limiter)
            .handle(
                "root",
                call -> {
                  seen.addAll(call.limited().currentLimits());
                  return Reply.ok("root");
                });
    assertThat(app.get("/").status).isEqualTo(200);
    assertThat(seen).extracting(RequestLimit::breached).containsExactly(false, false);
    assertThatThrownBy(() -> limiter.check(new Request("GET", "/", "127.0.0.1", Map.of())))
        .isInstanceOfSatisfying(
            RateLimitExceededException.class,
            e -> assertThat(e.limit().item().toString()).isEqualTo("1 per 1 second"));
    nextSecond();
    assertThat(app.get("/").status).isEqualTo(200);
    nextSecond();
    assertThat(app.get("/").status).isEqualTo(429);
    assertThat(app.send("POST", "/").status).as("per method").isEqualTo(200);
  }

  @Test
  void withoutFailingOnTheFirstBreachEveryBreachedLimitIsReportedAndNothingIsTaken() {
    List<String> breached = new ArrayList<>();
    Limiter limiter =
        limiter()
            .failOnFirstBreach(false)
            .headersEnabled(true)
            .onBreach(
                (limit, request) -> {
                  breached.add(limit.item().toString());
                  return Optional.empty();
                })
            .route(Route.builder("root").path("/").limit("1/second;1/minute").build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/").status).isEqualTo(200);
    Reply refused = app.get("/");
    assertThat(refused.status).isEqualTo(429);
    assertThat(refused.body).as("the narrowest breach describes it").isEqualTo("1 per 1 second");
    assertThat(refused.header("X-RateLimit-Limit")).as("the last breach is shown").isEqualTo("1");
    assertThat(refused.header("Retry-After")).isEqualTo("60");
    assertThat(breached).containsExactly("1 per 1 second", "1 per 1 minute");
  }

  @Test
  void aRefusedRequestTakesNothingFromTheLimitsItFitIn() {
    Limiter limiter =
        limiter()
            .failOnFirstBreach(false)
            .route(Route.builder("root").path("/").limit("1/second;2/minute").build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/").status).isEqualTo(200);
    assertThat(app.get("/").status).isEqualTo(429);
    nextSecond();
    assertThat(app.get("/").status)
        .as("the refused request did not count against 2/minute (Flask-Limiter's would)")
        .isEqualTo(200);
  }

  @Test
  void metaLimitsRefuseClientsThatBreachTooOften() {
    Limiter limiter =
        limiter()
            .defaultLimits("2/second")
            .metaLimits("2/minute")
            .metaLimit(Limit.of("3/hour"))
            .metaLimit(Limit.of(request -> "4/day"))
            .onMetaBreach(
                (limit, request) ->
                    Optional.of(BreachResponse.text(429, "Would you like some tea?")))
            .headersEnabled(true)
            .route(Route.builder("exempt").path("/exempt").exempt().build())
            .build();
    TestApp app = new TestApp(limiter);
    for (int i = 0; i < 2; i++) {
      assertThat(app.get("/").status).isEqualTo(200);
      assertThat(app.get("/").status).isEqualTo(200);
      assertThat(app.get("/").status).isEqualTo(429);
      nextSecond();
    }
    assertThat(app.get("/").status).as("2 breaches a minute").isEqualTo(429);
    assertThat(app.get("/exempt").status).isEqualTo(200);
    clock.advance(Duration.ofSeconds(59));
    assertThat(app.get("/").status).isEqualTo(200);
    assertThat(app.get("/").status).isEqualTo(200);
    assertThat(app.get("/").status).isEqualTo(429);
    assertThat(app.get("/exempt").status).isEqualTo(200);
    clock.advance(Duration.ofSeconds(59));

    Reply tea = app.get("/");
    assertThat(tea.status).as("3 breaches an hour").isEqualTo(429);
    assertThat(tea.body).isEqualTo("Would you like some tea?");
    assertThat(tea.header("X-RateLimit-Limit")).isEqualTo("3");
    assertThat(tea.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(app.get("/exempt").status).isEqualTo(200);

    // Windows include their last millisecond here, so step one second past the hour.
    clock.advance(Duration.ofSeconds(60 * 58 + 1));
    assertThat(app.get("/").status).isEqualTo(200);
    assertThat(app.get("/").status).isEqualTo(200);
    assertThat(app.get("/").status).isEqualTo(429);
    clock.advance(Duration.ofHours(1));
    Reply day = app.get("/");
    assertThat(day.status).as("4 breaches a day").isEqualTo(429);
    assertThat(day.header("X-RateLimit-Limit")).isEqualTo("4");
    assertThat(day.header("X-RateLimit-Remaining")).isEqualTo("0");
    clock.advance(Duration.ofHours(22).plusSeconds(1));
    assertThat(app.get("/").status).isEqualTo(200);
  }

  @Test
  void deductWhenChargesOnlyTheResponsesThatMeetTheCondition() {
    Limiter limiter =
        limiter()
            .headersEnabled(true)
            .route(
                Route.builder("login")
                    .path("/login/{code}")
                    .limit(
                        Limit.builder("2/minute")
                            .deductWhen((request, response) -> response.status() >= 400)
                            .build())
                    .build())
            .build();
    TestApp app =
        new TestApp(limiter)
            .handle(
                "login",
                call -> Reply.status(Integer.parseInt(call.request().path().substring(7))));
    List<String> remaining = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    for (int code : new int[] {200, 400, 200, 400, 200, 400}) {
      Reply reply = app.get("/login/" + code);
      statuses.add(reply.status);
      remaining.add(reply.header("X-RateLimit-Remaining"));
    }
    assertThat(statuses).containsExactly(200, 400, 200, 400, 429, 429);
    assertThat(remaining).containsExactly("2", "1", "1", "0", "0", "0");
  }

  @Test
  void defaultLimitsCanBeDeductedConditionally() {
    Limiter limiter =
        limiter()
            .defaultLimit(
                Limit.builder("1 per hour")
                    .deductWhen((request, response) -> response.status() != 200)
                    .build())
            .build();
    TestApp app =
        new TestApp(limiter)
            .handle("/t1/1", call -> Reply.ok("1"))
            .handle("/t1/2", call -> Reply.status(400));
    assertThat(app.get("/t1/1").status).isEqualTo(200);
    assertThat(app.get("/t1/1").status).isEqualTo(200);
    assertThat(app.get("/t1/2").status).isEqualTo(400);
    assertThat(app.get("/t1/2").status).isEqualTo(429);
  }

  @Test
  void aLimitsOwnMetaLimitsCountItsBreaches() {
    Limiter limiter =
        limiter()
            .route(
                Route.builder("t1")
                    .path("/t1")
                    .limit(Limit.builder("1/second").metaLimits("2/day").build())
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
    nextSecond();
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t1").status).isEqualTo(429);
    nextSecond();
    assertThat(app.get("/t1").status).as("two breaches today").isEqualTo(429);
  }

  @Test
  void errorMessagesDescribeBreaches() {
    Limiter limiter =
        limiter()
            .route(
                Route.builder("t1")
                    .path("/t1")
                    .limit(Limit.builder("1/second").errorMessage("uno").build())
                    .build())
            .route(
                Route.builder("t2")
                    .path("/t2")
                    .limit(
                        Limit.builder(request -> "1/second").errorMessage(request -> "dos").build())
                    .build())
            .route(
                Route.builder("t3")
                    .path("/t3")
                    .limit(
                        Limit.builder("1/second")
                            .shared("error_message")
                            .errorMessage("tres")
                            .build())
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    for (String[] expected : new String[][] {{"/t1", "uno"}, {"/t2", "dos"}, {"/t3", "tres"}}) {
      app.get(expected[0]);
      Reply refused = app.get(expected[0]);
      assertThat(refused.status).isEqualTo(429);
      assertThat(refused.body).isEqualTo(expected[1]);
    }
  }

  @Test
  void theLastBreachHandlerThatAnswersWins() {
    List<String> calls = new ArrayList<>();
    Limiter limiter =
        limiter()
            .onBreach(
                (limit, request) -> {
                  calls.add("limiter");
                  return Optional.of(BreachResponse.text(429, "from the limiter"));
                })
            .route(
                Route.builder("t")
                    .path("/t")
                    .limit(
                        Limit.builder("1/minute")
                            .onBreach(
                                (limit, request) -> {
                                  calls.add("limit");
                                  return Optional.of(BreachResponse.text(418, "from the limit"));
                                })
                            .build())
                    .build())
            .route(Route.builder("u").path("/u").limit("1/minute").build())
            .build();
    TestApp app = new TestApp(limiter);
    app.get("/t");
    Reply t = app.get("/t");
    assertThat(t.status).isEqualTo(418);
    assertThat(t.body).isEqualTo("from the limit");
    app.get("/u");
    assertThat(app.get("/u").body).isEqualTo("from the limiter");
    assertThat(calls).containsExactly("limiter", "limit", "limiter");
  }

  @Test
  void aFailingBreachHandlerIsLoggedWhenErrorsAreSwallowed() {
    BreachHandler failing =
        (limit, request) -> {
          throw new IllegalStateException("handler bug");
        };
    Limiter swallowing =
        limiter().swallowErrors(true).defaultLimits("1/minute").onBreach(failing).build();
    TestApp app = new TestApp(swallowing);
    app.get("/t");
    assertThat(app.get("/t").status).isEqualTo(429);

    Limiter strict = limiter().defaultLimits("1/minute").onBreach(failing).build();
    TestApp strictApp = new TestApp(strict);
    strictApp.get("/t");
    assertThatThrownBy(() -> strictApp.get("/t")).hasMessage("handler bug");
  }

  @Test
  void theKeyPrefixSeparatesApplicationsSharingAStorage() {
    io.github.limiter4j.storage.MemoryStorage shared =
        io.github.limiter4j.storage.MemoryStorage.builder().timeSource(clock).build();
    Limiter one = limiter().storage(shared).keyPrefix("one").defaultLimits("1/minute").build();
    Limiter two = limiter().storage(shared).keyPrefix("two").defaultLimits("1/minute").build();
    Limiter unprefixed = limiter().storage(shared).defaultLimits("1/minute").build();
    assertThat(new TestApp(one).get("/t").status).isEqualTo(200);
    assertThat(new TestApp(two).get("/t").status).isEqualTo(200);
    assertThat(new TestApp(unprefixed).get("/t").status).isEqualTo(200);
    assertThat(new TestApp(one).get("/t").status).isEqualTo(429);
    LimitedRequest limited = two.check(new Request("GET", "/x", "127.0.0.1", Map.of()));
    assertThat(limited.currentLimits().get(0).key())
        .isEqualTo("LIMITER/two/127.0.0.1//x/1/1/minute");
    shared.close();
  }

  @Test
  void aHundredConcurrentRequestsOnOneKeyPassExactlyTheLimit() {
    for (String strategy : List.of("fixed-window", "moving-window", "sliding-window-counter")) {
      Limiter limiter =
          limiter()
              .strategy(strategy)
              .route(Route.builder("t").path("/t").limit("5/minute;50/hour").build())
              .build();
      int passed =
          io.github.limiter4j.testing.ConcurrencyHarness.countSuccesses(
              100,
              thread -> {
                try {
                  limiter.check(new Request("GET", "/t", "127.0.0.1", Map.of()));
                  return true;
                } catch (RateLimitExceededException e) {
                  return false;
                }
              });
      assertThat(passed).as(strategy).isEqualTo(5);
      assertThat(
              limiter
                  .limits(LimitsQuery.builder().endpoint("t").key("127.0.0.1").build())
                  .routes()
                  .get(0)
                  .limits()
                  .get(1)
                  .status()
                  .remaining())
          .as("refused requests took nothing from 50/hour")
          .isEqualTo(45);
      limiter.close();
    }
  }
}
