package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What no controller of the application serves (404s, Actuator endpoints), over real HTTP: not
 * limited by the application and default limits, and limited by a path entry that matches it.
 */
class UnhandledRequestsEndToEndTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void notFoundPagesAndActuatorEndpointsAreNotLimitedByTheApplicationAndDefaultLimits()
      throws Exception {
    try (ConfigurableApplicationContext app =
        start("--ratelimit.application=2/minute", "--ratelimit.default=2/minute")) {
      assertThat(statuses(app, "/no-such-page", 3)).containsExactly(404, 404, 404);
      assertThat(statuses(app, "/actuator/health", 3)).containsExactly(200, 200, 200);
      assertThat(statuses(app, "/undecorated", 3)).containsExactly(200, 200, 429);
    }
  }

  @Test
  void aPathEntryLimitsNotFoundPages() throws Exception {
    try (ConfigurableApplicationContext app =
        start("--ratelimit.paths[0].pattern=/**", "--ratelimit.paths[0].limit=2/minute")) {
      assertThat(statuses(app, "/no-such-page", 3)).containsExactly(404, 404, 429);
    }
  }

  @Test
  void aPathEntryLimitsActuatorEndpoints() throws Exception {
    try (ConfigurableApplicationContext app =
        start("--ratelimit.paths[0].pattern=/actuator/**", "--ratelimit.paths[0].limit=2/minute")) {
      assertThat(statuses(app, "/actuator/health", 3)).containsExactly(200, 200, 429);
      assertThat(statuses(app, "/undecorated", 1)).containsExactly(200);
    }
  }

  @Test
  void aTrailingCaptureOfTheRestLimitsPathsOfAnyDepthAsSpringMatchesThem() throws Exception {
    try (ConfigurableApplicationContext app =
        start(
            "--ratelimit.paths[0].pattern=/files/{*path}", "--ratelimit.paths[0].limit=2/minute")) {
      assertThat(statuses(app, "/files/a/b/c", 3)).containsExactly(404, 404, 429);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/*.json", "/wp-*", "/api/{id}.json"})
  void aSpringPatternThePathFilterCannotMatchFailsStartUpNamingIt(String pattern) {
    assertThatThrownBy(
            () ->
                start(
                    "--ratelimit.paths[0].pattern=" + pattern,
                    "--ratelimit.paths[0].limit=2/minute"))
        .hasStackTraceContaining("ratelimit.paths[0].pattern")
        .hasStackTraceContaining(pattern);
  }

  private static ConfigurableApplicationContext start(String... arguments) {
    List<String> all = new ArrayList<>(List.of("--server.port=0"));
    all.addAll(List.of(arguments));
    return new SpringApplication(AnnotatedApplication.class).run(all.toArray(String[]::new));
  }

  private List<Integer> statuses(ConfigurableApplicationContext app, String path, int count)
      throws Exception {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
      statuses.add(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }
    return statuses;
  }
}
