package io.github.limiter4j.storagetrouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.spring.boot.RateLimitStorageUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real application on a real Redis that is not there, refuses the password, hangs or stops:
 * start-up, requests, health and logs.
 */
@ExtendWith(OutputCaptureExtension.class)
@SuppressWarnings("try") // a server that runs for a block without being named in it
class StorageTroubleEndToEndTest {
  private static final String PASSWORD = "s3cret-pw";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void withSwallowedErrorsTheApplicationStartsWithoutRedisAndUsesItOnceItAnswers()
      throws Exception {
    int port = RedisProcess.sparePort();
    try (ConfigurableApplicationContext app =
        start(uri(port, ""), "--ratelimit.swallow-errors=true")) {
      assertThat(get(app, "/limited").statusCode()).isEqualTo(200);
      assertThat(get(app, "/limited").statusCode()).isEqualTo(200);
      assertThat(get(app, "/limited").statusCode()).as("unlimited meanwhile").isEqualTo(200);
      try (RedisProcess redis = RedisProcess.start(port, "")) {
        assertThat(firstStatusOf(app, "/limited", 429))
            .as("limited by Redis once it answers, without a restart")
            .isEqualTo(429);
      }
    }
  }

  @Test
  void withTheFallbackTheApplicationStartsWithoutRedisAndLimitsInMemory() throws Exception {
    int port = RedisProcess.sparePort();
    try (ConfigurableApplicationContext app =
        start(uri(port, ""), "--ratelimit.in-memory-fallback-enabled=true")) {
      assertThat(get(app, "/limited").statusCode()).isEqualTo(200);
      assertThat(get(app, "/limited").statusCode()).isEqualTo(200);
      assertThat(get(app, "/limited").statusCode()).isEqualTo(429);
    }
  }

  @Test
  void withNeitherStartUpFailsNamingTheMaskedStorageAndTheOptionsThatWouldLetItStart(
      CapturedOutput output) throws Exception {
    int port = RedisProcess.sparePort();
    assertThatThrownBy(() -> start(uri(port, PASSWORD)).close())
        .satisfies(
            e ->
                assertThat(causes(e))
                    .anyMatch(RateLimitStorageUnavailableException.class::isInstance));
    assertThat(output.toString())
        .contains("APPLICATION FAILED TO START")
        .contains("The rate limit storage does not answer")
        .contains("redis://:****@127.0.0.1:" + port)
        .contains("ratelimit.swallow-errors=true")
        .contains("ratelimit.in-memory-fallback-enabled=true")
        .contains("ratelimit.storage-startup-timeout")
        .doesNotContain("Limits are written")
        .doesNotContain(PASSWORD);
  }

  @Test
  void aRefusedPasswordStopsStartUpWithTheServersAnswerAndNoPassword(CapturedOutput output)
      throws Exception {
    int port = RedisProcess.sparePort();
    try (RedisProcess redis = RedisProcess.start(port, "right-" + PASSWORD)) {
      assertThatThrownBy(() -> start(uri(port, PASSWORD)).close())
          .satisfies(
              e ->
                  assertThat(causes(e))
                      .anyMatch(RateLimitStorageUnavailableException.class::isInstance));
    }
    assertThat(output.toString())
        .contains("redis://:****@127.0.0.1:" + port)
        .contains("WRONGPASS")
        .doesNotContain(PASSWORD);
  }

  @Test
  void startUpWaitsForRedisUpToTheStartUpTimeout(CapturedOutput output) throws Exception {
    int port = RedisProcess.sparePort();
    // Redis starts once start-up says it waits for it, as in a compose stack where it starts
    // second.
    CompletableFuture<RedisProcess> late =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!output.toString().contains("Waiting up to PT1M for the rate limit storage")
                    && System.nanoTime() < deadline) {
                  Thread.sleep(50);
                }
                return RedisProcess.start(port, "");
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    try (ConfigurableApplicationContext app =
        start(uri(port, ""), "--ratelimit.storage-startup-timeout=60s")) {
      assertThat(output.toString()).contains("Waiting up to PT1M for the rate limit storage");
      assertThat(get(app, "/limited").statusCode()).isEqualTo(200);
      assertThat(get(app, "/limited").statusCode()).isEqualTo(200);
      assertThat(get(app, "/limited").statusCode()).isEqualTo(429);
    } finally {
      late.get().close();
    }
  }

  @Test
  void healthStaysUpWhileTheLimiterCopesWithRedisDownAndShowsTheStorageState() throws Exception {
    int port = RedisProcess.sparePort();
    for (String option :
        new String[] {
          "--ratelimit.swallow-errors=true", "--ratelimit.in-memory-fallback=5/minute"
        }) {
      try (ConfigurableApplicationContext app = start(uri(port, PASSWORD), option)) {
        HttpResponse<String> health = get(app, "/actuator/health");
        assertThat(health.statusCode()).as(option).isEqualTo(200);
        assertThat(health.body())
            .contains("\"rateLimit\"")
            .contains("\"storageStatus\":\"DOWN\"")
            .contains("redis://:****@127.0.0.1:" + port)
            .doesNotContain(PASSWORD);
      }
    }
  }

  @Test
  void healthIsDownWhenRequestsFailWithRedisAndTheIndicatorCanBeTurnedOff() throws Exception {
    int port = RedisProcess.sparePort();
    RedisProcess redis = RedisProcess.start(port, "");
    try (ConfigurableApplicationContext app = start(uri(port, ""));
        ConfigurableApplicationContext off =
            start(uri(port, ""), "--management.health.ratelimit.enabled=false")) {
      assertThat(get(app, "/actuator/health").statusCode()).isEqualTo(200);
      redis.close();
      HttpResponse<String> health = get(app, "/actuator/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("\"requests\":\"fail until the storage answers\"");
      HttpResponse<String> without = get(off, "/actuator/health");
      assertThat(without.statusCode()).isEqualTo(200);
      assertThat(without.body()).doesNotContain("rateLimit");
    } finally {
      redis.close();
    }
  }

  @Test
  void requestsDoNotWaitForAPausedRedis() throws Exception {
    int port = RedisProcess.sparePort();
    for (boolean swallow : new boolean[] {true, false}) {
      try (RedisProcess redis = RedisProcess.start(port, "");
          ConfigurableApplicationContext app =
              start(uri(port, "") + "?timeout=300ms", "--ratelimit.swallow-errors=" + swallow)) {
        assertThat(get(app, "/limited").statusCode()).isEqualTo(200);
        redis.pause();
        int expected = swallow ? 200 : 500;
        assertThat(get(app, "/limited").statusCode()).as("waits once").isEqualTo(expected);
        long callsAfterTheFailure = storageCalls(app);
        for (int i = 0; i < 20; i++) {
          assertThat(get(app, "/limited").statusCode()).isEqualTo(expected);
        }
        assertThat(storageCalls(app))
            .as("swallow %s: no request called the paused Redis after the first", swallow)
            .isEqualTo(callsAfterTheFailure);
        redis.resume();
        assertThat(firstStatusOf(app, "/limited", 429))
            .as("limited again once the health check passes")
            .isEqualTo(429);
      }
    }
  }

  @Test
  void anOutageIsLoggedOnceWhateverRequestsTouchNoStorageAndWithoutThePassword(
      CapturedOutput output) throws Exception {
    int port = RedisProcess.sparePort();
    RedisProcess redis = RedisProcess.start(port, PASSWORD);
    try (ConfigurableApplicationContext app =
        start(uri(port, PASSWORD) + "?timeout=300ms", "--ratelimit.swallow-errors=true")) {
      assertThat(get(app, "/limited").statusCode()).isEqualTo(200);
      redis.close();
      int before = output.toString().length();
      for (int i = 0; i < 5; i++) {
        assertThat(get(app, "/limited").statusCode()).isEqualTo(200);
        assertThat(get(app, "/open").statusCode()).isEqualTo(200);
        assertThat(get(app, "/keyed").statusCode()).isEqualTo(200);
      }
      String logged = output.toString().substring(before);
      assertThat(occurrences(logged, "failed; requests pass unlimited"))
          .as("once per outage:%n%s", logged)
          .isEqualTo(1);
      assertThat(logged).contains("redis://:****@127.0.0.1:" + port).doesNotContain(PASSWORD);
    } finally {
      redis.close();
    }
  }

  private static String uri(int port, String password) {
    return "redis://" + (password.isEmpty() ? "" : ":" + password + "@") + "127.0.0.1:" + port;
  }

  private static ConfigurableApplicationContext start(String storageUri, String... arguments) {
    List<String> all = new ArrayList<>();
    all.add("--server.port=0");
    all.add("--ratelimit.storage-uri=" + storageUri);
    all.add("--management.endpoint.health.show-details=always");
    all.add("--spring.main.banner-mode=off");
    all.addAll(List.of(arguments));
    return new SpringApplication(StorageTroubleApplication.class).run(all.toArray(new String[0]));
  }

  private HttpResponse<String> get(ConfigurableApplicationContext app, String path)
      throws IOException, InterruptedException {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends requests until one answers {@code status} (or a minute passes): what it got last. */
  private int firstStatusOf(ConfigurableApplicationContext app, String path, int status)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int last;
    do {
      last = get(app, path).statusCode();
      if (last == status) {
        return last;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return last;
  }

  private static long storageCalls(ConfigurableApplicationContext app) {
    return app.getBean(MeterRegistry.class).find("ratelimit.storage.latency").timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> all = new ArrayList<>();
    for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
      all.add(t);
    }
    return all;
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
