package io.github.limiter4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.testing.SwitchableStorage;
import io.github.limiter4j.web.BreachResponse;
import io.github.limiter4j.web.Limit;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.Route;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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

  /** Starts the container serving {@link TestServlet} behind {@code filter}. */
  abstract ServletContainer start(RateLimitFilter filter) throws Exception;

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

  HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(container.baseUrl() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
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
    assertThat(header(passing, "Retry-After")).isEqualTo("61");
    get("/t1");
    HttpResponse<String> refused = get("/t1");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(header(refused, "X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(header(refused, "Retry-After")).isEqualTo("61");
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
      assertThat(get("/t1").statusCode()).isEqualTo(200);
    } finally {
      storage.close();
    }
  }
}
