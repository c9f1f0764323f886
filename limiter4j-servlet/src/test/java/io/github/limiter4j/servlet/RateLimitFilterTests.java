package io.github.limiter4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.testing.SwitchableStorage;
import io.github.limiter4j.web.BreachResponse;
import io.github.limiter4j.web.ExemptionScope;
import io.github.limiter4j.web.Limit;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.MissingKey;
import io.github.limiter4j.web.Route;
import io.github.limiter4j.web.RouteGroup;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter over real HTTP on loopback, with the limiter's time on a manual clock. Subclasses run
 * it in one servlet container each.
 */
abstract class RateLimitFilterTests {
  private final HttpClient client = HttpClient.newHttpClient();
  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00.250Z"));
  private ServletContainer container;
  private Limiter limiter;

  /**
   * Spellings of {@code /login} that both containers serve as {@code /login} (Servlet 6.0 §3.5.2:
   * decoded once, path parameters removed, dot segments resolved): those of issue 17 first.
   */
  static final List<String> LOGIN_SPELLINGS =
      List.of(
          "/login;x=1",
          "/login;jsessionid=abc",
          "/%6Cogin",
          "/log%69n",
          "/./login",
          "/x/../login",
          "/login;",
          "/login;a=1;b=2",
          "/x/./../login");

  /**
   * Spellings of {@code /login} that Tomcat serves as {@code /login} and Jetty 12 refuses with 400:
   * empty segments, encoded dots, parameters on dot or empty segments.
   */
  static final List<String> TOMCAT_ONLY_LOGIN_SPELLINGS =
      List.of(
          "//login",
          "/x//../login",
          "/%2e/login",
          "/x/%2e%2e/login",
          "/x/.%2e/login",
          "/.;/login",
          "/x/..;/login",
          "/;x/login");

  /** Spellings of {@code /login} that both refuse with 400: past the root, encoded slashes. */
  static final List<String> REFUSED_LOGIN_SPELLINGS =
      List.of("/%2e%2e/login", "/../login", "/..;/login", "/login%2F", "/x%2F..%2Flogin");

  /** Paths near {@code /login} that both serve as another path, by their {@code /*} mapping. */
  static final List<String> OTHER_PATHS =
      List.of("/login%3Bx", "/lo;x=1gin", "/%4c%4F%47%49%4e", "/login/..");

  /** Starts the container serving {@link TestServlet} behind {@code filter}. */
  abstract ServletContainer start(RateLimitFilter filter) throws Exception;

  /** Spellings of {@code /login} that this container also serves as {@code /login}. */
  abstract List<String> moreLoginSpellings();

  /** Spellings of {@code /login} that this container answers with 400 before any filter. */
  abstract List<String> rejectedLoginSpellings();

  /** Spellings near {@code /login} that this container serves as another path. */
  abstract List<String> otherPaths();

  /** {@code first}, then {@code more}. */
  static List<String> concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  private List<String> loginSpellings() {
    return concat(LOGIN_SPELLINGS, moreLoginSpellings().toArray(String[]::new));
  }

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.stop();
    }
    if (limiter != null) {
      limiter.close();
    }
  }

  private void serve(Limiter.Builder builder) throws Exception {
    limiter = builder.timeSource(clock).build();
    container = start(new RateLimitFilter(limiter));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send("GET", path);
  }

  HttpResponse<String> send(String method, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(container.baseUrl() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status codes of {@code count} GET requests to {@code path}. */
  List<Integer> statuses(int count, String path, String... headers) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(send("GET", path, headers).statusCode());
    }
    return statuses;
  }

  /** The status code of a GET request to each path, in order. */
  private Map<String, Integer> statusesOf(List<String> paths) throws Exception {
    Map<String, Integer> statuses = new LinkedHashMap<>();
    for (String path : paths) {
      statuses.put(path, get(path).statusCode());
    }
    return statuses;
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void everySpellingTheContainerServesAsARoutesPathCountsAgainstThatRoute() throws Exception {
    serve(Limiter.builder().route(Route.builder("login").path("/login").limit("1/day").build()));
    Map<String, Integer> loginAfterSpelling = new LinkedHashMap<>();
    for (String spelling : loginSpellings()) {
      limiter.reset();
      assertThat(get(spelling).body()).as("served as /login").isEqualTo("login " + spelling);
      loginAfterSpelling.put(spelling, get("/login").statusCode());
    }
    assertThat(loginAfterSpelling)
        .allSatisfy((spelling, status) -> assertThat(status).isEqualTo(429));

    limiter.reset();
    assertThat(get("/login").statusCode()).isEqualTo(200);
    assertThat(statusesOf(loginSpellings()))
        .allSatisfy((spelling, status) -> assertThat(status).isEqualTo(429));
  }

  @Test
  void anUnroutedRequestIsCountedUnderThePathTheContainerServes() throws Exception {
    serve(Limiter.builder().defaultLimits("1/day"));
    assertThat(get("/login").statusCode()).isEqualTo(200);
    assertThat(statusesOf(loginSpellings()))
        .allSatisfy((spelling, status) -> assertThat(status).isEqualTo(429));
  }

  @Test
  void spellingsTheContainerRejectsReachNeitherTheApplicationNorTheLimiter() throws Exception {
    serve(Limiter.builder().route(Route.builder("login").path("/login").limit("1/day").build()));
    for (String spelling : rejectedLoginSpellings()) {
      assertThat(get(spelling).statusCode()).as(spelling).isEqualTo(400);
    }
    assertThat(get("/login").statusCode()).isEqualTo(200);
  }

  @Test
  void pathsTheContainerServesElsewhereAreNotCountedAsTheRoute() throws Exception {
    serve(Limiter.builder().route(Route.builder("login").path("/login").limit("1/day").build()));
    assertThat(get("/login").statusCode()).isEqualTo(200);
    for (String path : otherPaths()) {
      HttpResponse<String> other = get(path);
      assertThat(other.statusCode()).as(path).isEqualTo(200);
      assertThat(other.body()).as(path).isEqualTo("test");
    }
  }

  @Test
  void aBreachIsAnsweredWith429AndTheLimitsDescription() throws Exception {
    serve(Limiter.builder().defaultLimits("1 per day"));
    HttpResponse<String> first = get("/t1");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("test");

    HttpResponse<String> refused = get("/t1");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).isEqualTo("1 per 1 day\n");
    assertThat(header(refused, "Content-Type")).startsWith("text/plain");

    limiter.reset();
    assertThat(get("/t1").statusCode()).isEqualTo(200);
  }

  @Test
  void headersAreSetOnPassingAndRefusedResponses() throws Exception {
    serve(Limiter.builder().defaultLimits("2/minute").headersEnabled(true));
    HttpResponse<String> passing = get("/t1");
    assertThat(header(passing, "X-RateLimit-Limit")).isEqualTo("2");
    assertThat(header(passing, "X-RateLimit-Remaining")).isEqualTo("1");
    assertThat(header(passing, "X-RateLimit-Reset"))
        .isEqualTo(Long.toString(clock.instant().getEpochSecond() + 61));
    assertThat(header(passing, "Retry-After")).isEqualTo("60");
    get("/t1");
    HttpResponse<String> refused = get("/t1");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(header(refused, "X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(header(refused, "Retry-After")).isEqualTo("60");
  }

  @Test
  void headersAreSetBeforeALargeBodyCommitsTheResponse() throws Exception {
    serve(Limiter.builder().defaultLimits("2/minute").headersEnabled(true));
    HttpResponse<String> big = get("/big");
    assertThat(big.body()).hasSize(4 * 64 * 1024);
    assertThat(header(big, "X-RateLimit-Remaining")).isEqualTo("1");
  }

  @Test
  void aRetryAfterSetByTheApplicationIsKept() throws Exception {
    serve(Limiter.builder().defaultLimits("1/minute").headersEnabled(true));
    assertThat(header(get("/retry-after"), "Retry-After")).isEqualTo("1000000");
  }

  @Test
  void deductWhenSeesTheStatusTheApplicationSet() throws Exception {
    Limit failures =
        Limit.builder("2/minute")
            .deductWhen((request, response) -> response.status() >= 400)
            .build();
    serve(
        Limiter.builder()
            .route(Route.builder("status").path("/status/{code}").limit(failures).build())
            .route(Route.builder("send-error").path("/send-error/{code}").limit(failures).build()));
    assertThat(get("/status/200").statusCode()).isEqualTo(200);
    assertThat(get("/status/400").statusCode()).isEqualTo(400);
    assertThat(get("/status/200").statusCode()).isEqualTo(200);
    assertThat(get("/status/404").statusCode()).isEqualTo(404);
    assertThat(get("/status/200").statusCode()).isEqualTo(429);

    assertThat(get("/send-error/400").statusCode()).isEqualTo(400);
    assertThat(get("/send-error/400").statusCode()).isEqualTo(400);
    assertThat(get("/send-error/400").statusCode()).isEqualTo(429);
  }

  @Test
  void aForwardedRequestIsCountedOnce() throws Exception {
    serve(Limiter.builder().defaultLimits("1/minute"));
    HttpResponse<String> forwarded = get("/forward");
    assertThat(forwarded.statusCode()).isEqualTo(200);
    assertThat(forwarded.body()).isEqualTo("test");
    assertThat(get("/forward").statusCode()).isEqualTo(429);
  }

  @Test
  void anErrorDispatchIsNotCountedAgain() throws Exception {
    serve(Limiter.builder().applicationLimits("2/minute"));
    HttpResponse<String> error = get("/send-error/500");
    assertThat(error.statusCode()).isEqualTo(500);
    assertThat(error.body()).isEqualTo("error page");
    assertThat(get("/t1").statusCode()).as("the error page did not count").isEqualTo(200);
    assertThat(get("/t1").statusCode()).isEqualTo(429);
  }

  @Test
  void blockLimitsInsideTheServletRationItsWork() throws Exception {
    serve(Limiter.builder().route(Route.builder("block").path("/block").build()));
    HttpResponse<String> first = get("/block");
    assertThat(first.body()).isEqualTo("okmaybe");
    HttpResponse<String> second = get("/block");
    assertThat(second.statusCode()).as("the uncaught block breach").isEqualTo(429);
    assertThat(second.body()).isEqualTo("1 per 1 second\n");
    clock.advance(Duration.ofMillis(1001));
    assertThat(get("/block").body()).isEqualTo("ok");
  }

  @Test
  void aBreachHandlerMayAnswerInstead() throws Exception {
    serve(
        Limiter.builder()
            .defaultLimits("1/minute")
            .headersEnabled(true)
            .onBreach(
                (limit, request) ->
                    Optional.of(
                        new BreachResponse(
                            503,
                            "application/json",
                            "{\"limit\":\"" + limit.description() + "\"}",
                            Map.of("X-Reason", "rate")))));
    get("/t1");
    HttpResponse<String> answered = get("/t1");
    assertThat(answered.statusCode()).isEqualTo(503);
    assertThat(answered.body()).isEqualTo("{\"limit\":\"1 per 1 minute\"}");
    assertThat(header(answered, "Content-Type")).startsWith("application/json");
    assertThat(header(answered, "X-Reason")).isEqualTo("rate");
    assertThat(header(answered, "X-RateLimit-Limit")).isEqualTo("1");
  }

  @Test
  void routesAreMatchedByPathAndMethod() throws Exception {
    serve(
        Limiter.builder()
            .defaultLimits("1/minute")
            .route(
                Route.builder("posts")
                    .path("/posts/{id}")
                    .methods("POST")
                    .limit("2/minute")
                    .build())
            .route(Route.builder("ping").path("/ping").exempt().build()));
    assertThat(send("POST", "/posts/1").statusCode()).isEqualTo(200);
    assertThat(send("POST", "/posts/2").statusCode()).as("one route, one counter").isEqualTo(200);
    assertThat(send("POST", "/posts/3").statusCode()).isEqualTo(429);
    assertThat(get("/posts/1").statusCode())
        .as("GET is not the route: defaults by path")
        .isEqualTo(200);
    assertThat(get("/posts/1").statusCode()).isEqualTo(429);
    for (int i = 0; i < 3; i++) {
      assertThat(get("/ping").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aFailingStorageIsAServerErrorAndTheFilterRecoversWithIt() throws Exception {
    SwitchableStorage storage =
        new SwitchableStorage(MemoryStorage.builder().timeSource(clock).build());
    try {
      serve(Limiter.builder().storage(storage).defaultLimits("1/minute"));
      storage.takeDown();
      assertThat(get("/t1").statusCode()).isEqualTo(500);
      storage.bringUp();
      // A failed storage is used again once its health check passes, a second later.
      clock.advance(Duration.ofSeconds(1));
      assertThat(get("/t1").statusCode()).isEqualTo(200);
    } finally {
      storage.close();
    }
  }

  @Test
  void headersWithoutBreachShowTheNarrowestUnsharedLimit() throws Exception {
    serve(
        Limiter.builder()
            .applicationLimits("60/minute")
            .defaultLimits("10/minute")
            .headersEnabled(true)
            .route(
                Route.builder("t2").path("/t2").limit("2/second; 5 per minute; 10/hour").build()));
    HttpResponse<String> t1 = get("/t1");
    assertThat(header(t1, "X-RateLimit-Limit")).isEqualTo("10");
    assertThat(header(t1, "X-RateLimit-Remaining")).isEqualTo("9");
    HttpResponse<String> t2 = get("/t2");
    assertThat(header(t2, "X-RateLimit-Limit")).isEqualTo("2");
    assertThat(header(t2, "X-RateLimit-Remaining")).isEqualTo("1");
  }

  @Test
  void headersOnABreachShowTheBreachedLimit() throws Exception {
    serve(
        Limiter.builder()
            .headersEnabled(true)
            .route(
                Route.builder("t1").path("/t1").limit("2/second; 10 per minute; 20/hour").build()));
    for (int i = 0; i < 10; i++) {
      assertThat(get("/t1").statusCode()).isEqualTo(200);
      clock.advance(Duration.ofSeconds(1));
    }
    HttpResponse<String> refused = get("/t1");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(header(refused, "X-RateLimit-Limit")).isEqualTo("10");
    assertThat(header(refused, "X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(header(refused, "Retry-After")).isEqualTo("50");
  }

  @Test
  void failOnFirstBreachOnAndOff() throws Exception {
    serve(
        Limiter.builder()
            .failOnFirstBreach(false)
            .headersEnabled(true)
            .route(Route.builder("root").path("/root").limit("1/second;1/minute").build()));
    assertThat(get("/root").statusCode()).isEqualTo(200);
    HttpResponse<String> refused = get("/root");
    assertThat(refused.body()).as("the narrowest breach").isEqualTo("1 per 1 second\n");
    assertThat(header(refused, "Retry-After")).as("the last breach").isEqualTo("60");
  }

  @Test
  void metaLimitsRefuseClientsThatBreachTooOftenButNotOnExemptRoutes() throws Exception {
    serve(
        Limiter.builder()
            .defaultLimits("1/second")
            .metaLimits("2/minute")
            .route(Route.builder("exempt").path("/exempt").exempt().build()));
    for (int i = 0; i < 2; i++) {
      assertThat(statuses(2, "/t1")).containsExactly(200, 429);
      clock.advance(Duration.ofMillis(1001));
    }
    assertThat(get("/t1").statusCode()).as("two breaches this minute").isEqualTo(429);
    assertThat(statuses(3, "/exempt")).containsOnly(200);
    clock.advance(Duration.ofSeconds(60));
    assertThat(get("/t1").statusCode()).isEqualTo(200);
  }

  @Test
  void sharedAndDynamicallyScopedLimitsCountTheirRoutesTogether() throws Exception {
    Limit shared = Limit.builder("1/minute").shared("a").build();
    Limit dynamic = Limit.builder("1/minute").shared(endpoint -> endpoint.substring(0, 1)).build();
    serve(
        Limiter.builder()
            .route(Route.builder("t1").path("/t1").limit(shared).build())
            .route(Route.builder("t2").path("/t2").limit(shared).build())
            .route(Route.builder("x1").path("/x1").limit(dynamic).build())
            .route(Route.builder("x2").path("/x2").limit(dynamic).build())
            .route(Route.builder("y1").path("/y1").limit(dynamic).build()));
    assertThat(get("/t1").statusCode()).isEqualTo(200);
    assertThat(get("/t2").statusCode()).isEqualTo(429);
    assertThat(get("/x1").statusCode()).isEqualTo(200);
    assertThat(get("/x2").statusCode()).isEqualTo(429);
    assertThat(get("/y1").statusCode()).isEqualTo(200);
  }

  @Test
  void perMethodAndMethodRestrictedLimits() throws Exception {
    serve(
        Limiter.builder()
            .defaultLimits("2/second")
            .route(
                Route.builder("each")
                    .path("/each")
                    .limit(Limit.builder("1/second").perMethod(true).build())
                    .build())
            .route(
                Route.builder("get")
                    .path("/get")
                    .limit(Limit.builder("1/second").methods("GET").build())
                    .build()));
    assertThat(send("GET", "/each").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/each").statusCode()).isEqualTo(429);
    assertThat(send("POST", "/each").statusCode()).isEqualTo(200);
    assertThat(send("POST", "/each").statusCode()).isEqualTo(429);
    assertThat(statuses(2, "/get")).containsExactly(200, 429);
    assertThat(send("POST", "/get").statusCode()).as("the defaults").isEqualTo(200);
    assertThat(send("POST", "/get").statusCode()).isEqualTo(200);
    assertThat(send("POST", "/get").statusCode()).isEqualTo(429);
  }

  @Test
  void exemptWhenAndRequestFilters() throws Exception {
    serve(
        Limiter.builder()
            .defaultLimit(
                Limit.builder("1/minute")
                    .exemptWhen(request -> "admin".equals(request.header("X-Role")))
                    .build())
            .requestFilter(request -> request.header("X-Internal") != null));
    assertThat(statuses(2, "/t1")).containsExactly(200, 429);
    assertThat(statuses(2, "/t1", "X-Role", "admin")).containsOnly(200);
    assertThat(statuses(2, "/t1", "X-Internal", "yes")).containsOnly(200);
  }

  @Test
  void staticAndDynamicCosts() throws Exception {
    serve(
        Limiter.builder()
            .route(
                Route.builder("static")
                    .path("/static")
                    .limit(Limit.builder("4/second").cost(2).build())
                    .build())
            .route(
                Route.builder("dynamic")
                    .path("/dynamic")
                    .limit(
                        Limit.builder("4/second")
                            .cost(request -> Long.parseLong(request.header("X-Cost")))
                            .build())
                    .build()));
    assertThat(statuses(3, "/static")).containsExactly(200, 200, 429);
    assertThat(statuses(1, "/dynamic", "X-Cost", "3")).containsExactly(200);
    assertThat(statuses(1, "/dynamic", "X-Cost", "2")).containsExactly(429);
    assertThat(statuses(1, "/dynamic", "X-Cost", "1")).containsExactly(200);
  }

  @Test
  void aRequestWithoutAKeyIsLimitedUnderItsClientAddress() throws Exception {
    serve(
        Limiter.builder()
            .keyFunction(request -> request.header("X-Api-Key"))
            .defaultLimits("1/minute"));
    assertThat(statuses(2, "/t1")).containsExactly(200, 429);
    assertThat(statuses(2, "/t1", "X-Api-Key", "k")).containsExactly(200, 429);
  }

  @Test
  void aRequestWithoutAKeyIsRefusedWithTheChosenStatus() throws Exception {
    serve(
        Limiter.builder()
            .keyFunction(request -> request.header("X-Api-Key"))
            .missingKey(MissingKey.refuse(401))
            .defaultLimits("1/minute"));
    HttpResponse<String> refused = get("/t1");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).startsWith("A key is required");
    assertThat(statuses(1, "/t1", "X-Api-Key", "k")).containsExactly(200);
  }

  @Test
  void aRequestWithoutAKeyIsUnlimitedOnlyWhenThatIsChosen() throws Exception {
    serve(
        Limiter.builder()
            .keyFunction(request -> request.header("X-Api-Key"))
            .missingKey(MissingKey.unlimited())
            .defaultLimits("1/minute"));
    assertThat(statuses(3, "/t1")).containsOnly(200);
  }

  @Test
  void aDisabledLimiterWithAnInvalidStorageUriLetsEverythingPass() throws Exception {
    serve(Limiter.builder().enabled(false).storageUri("nosuch://").defaultLimits("1/day"));
    assertThat(statuses(3, "/t1")).containsOnly(200);
  }

  @Test
  void nestedGroupsFollowTheRecipe() throws Exception {
    serve(
        Limiter.builder()
            .defaultLimits("100/hour")
            .applicationLimits("100/minute")
            .group(RouteGroup.builder("parent").limit("2/minute").build())
            .group(
                RouteGroup.builder("child")
                    .limit(Limit.builder("1/second").overrideDefaults(false).build())
                    .build())
            .group(RouteGroup.builder("grandchild").limit("10/minute").build())
            .group(
                RouteGroup.builder("health")
                    .exempt(
                        ExemptionScope.DEFAULT,
                        ExemptionScope.APPLICATION,
                        ExemptionScope.ANCESTORS)
                    .build())
            .route(Route.builder("parent").path("/parent/").group("parent").build())
            .route(Route.builder("child").path("/parent/child/").group("parent.child").build())
            .route(
                Route.builder("grandchild")
                    .path("/parent/child/grandchild/")
                    .group("parent.child.grandchild")
                    .build())
            .route(
                Route.builder("health")
                    .path("/parent/child/health/")
                    .group("parent.child.health")
                    .build()));
    assertThat(statuses(3, "/parent/")).containsExactly(200, 200, 429);
    assertThat(statuses(2, "/parent/child/")).as("1/second").containsExactly(200, 429);
    clock.advance(Duration.ofMillis(1001));
    assertThat(statuses(1, "/parent/child/")).containsExactly(200);
    clock.advance(Duration.ofMillis(1001));
    assertThat(statuses(1, "/parent/child/")).as("the parent's 2/minute").containsExactly(429);
    assertThat(statuses(11, "/parent/child/grandchild/")).endsWith(429).contains(200);
    assertThat(statuses(20, "/parent/child/health/")).containsOnly(200);
  }

  @Test
  void swallowedErrorsLetRequestsThroughAndTheFallbackLimitsInMemory() throws Exception {
    SwitchableStorage storage =
        new SwitchableStorage(MemoryStorage.builder().timeSource(clock).build());
    try {
      serve(
          Limiter.builder()
              .storage(storage)
              .defaultLimits("5/minute")
              .inMemoryFallback("1/minute"));
      storage.takeDown();
      assertThat(statuses(2, "/t1")).as("1/minute in memory").containsExactly(200, 429);
      clock.advance(Duration.ofSeconds(2));
      storage.bringUp();
      assertThat(statuses(6, "/t1"))
          .as("back on 5/minute")
          .containsExactly(200, 200, 200, 200, 200, 429);
    } finally {
      storage.close();
    }
  }

  @Test
  void swallowedErrorsLetRequestsPass() throws Exception {
    SwitchableStorage storage =
        new SwitchableStorage(MemoryStorage.builder().timeSource(clock).build());
    AtomicInteger handled = new AtomicInteger();
    try {
      serve(
          Limiter.builder()
              .storage(storage)
              .swallowErrors(true)
              .defaultLimits("1/minute")
              .onBreach(
                  (limit, request) -> {
                    handled.incrementAndGet();
                    return Optional.empty();
                  }));
      storage.takeDown();
      assertThat(statuses(3, "/t1")).containsOnly(200);
      storage.bringUp();
      clock.advance(Duration.ofSeconds(1));
      assertThat(statuses(2, "/t1")).containsExactly(200, 429);
      assertThat(handled).hasValue(1);
    } finally {
      storage.close();
    }
  }

  @Test
  void anAsynchronousResponseGetsItsHeaders() throws Exception {
    serve(Limiter.builder().defaultLimits("2/minute").headersEnabled(true));
    HttpResponse<String> async = get("/async");
    assertThat(async.statusCode()).isEqualTo(200);
    assertThat(async.body()).isEqualTo("async");
    assertThat(header(async, "X-RateLimit-Remaining")).isEqualTo("1");
  }

  @Test
  void aBlockBreachAfterTheHandlerTookTheWriterIsStillA429() throws Exception {
    serve(Limiter.builder());
    HttpResponse<String> first = get("/writer-block");
    assertThat(first.body()).isEqualTo("partialdone");
    HttpResponse<String> refused = get("/writer-block");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).isEqualTo("1 per 1 minute\n");
  }
}
