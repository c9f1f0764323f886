package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Requests without a key, over real HTTP, with the documentation's {@code X-Api-Key} key function:
 * leaving the header out must not leave a client unlimited.
 */
class MissingKeyEndToEndTest {
  private static final String DOCS_KEY = "--ratelimit.key-func=#{request.header('X-Api-Key')}";

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void withTheDocumentedApiKeyARequestWithoutTheHeaderIsLimitedUnderItsAddress() throws Exception {
    try (ConfigurableApplicationContext app = start(DOCS_KEY)) {
      HttpResponse<String> first = get(app, "/items", null);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("X-RateLimit-Remaining")).contains("1");
      assertThat(get(app, "/items", null).statusCode()).isEqualTo(200);
      assertThat(get(app, "/items", null).statusCode()).isEqualTo(429);
      assertThat(get(app, "/items", "free-key").statusCode())
          .as("a client with a key is counted under its key")
          .isEqualTo(200);
    }
  }

  @Test
  void behindATrustedProxyRequestsWithoutAKeyAreLimitedUnderTheAddressTheProxySaw()
      throws Exception {
    try (ConfigurableApplicationContext app =
        start(DOCS_KEY, "--ratelimit.client-address.trusted-proxies=127.0.0.0/8,::1")) {
      List<Integer> first = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        first.add(forwarded(app, "198.51.100.1").statusCode());
      }
      assertThat(first).containsExactly(200, 200, 429);
      assertThat(forwarded(app, "198.51.100.2").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void refusingRequestsWithoutAKeyAnswersWithTheConfiguredStatusInBootsErrorFormat()
      throws Exception {
    try (ConfigurableApplicationContext app =
        start(DOCS_KEY, "--ratelimit.missing-key=refuse", "--ratelimit.missing-key-status=401")) {
      HttpResponse<String> refused = get(app, "/items", null);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).contains("json"));
      assertThat(refused.body()).contains("\"status\":401").contains("A key is required");
      assertThat(get(app, "/items", "free-key").statusCode()).isEqualTo(200);
      assertThat(get(app, "/items", "free-key").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aPathEntryRefusesRequestsWithoutAKeyInBootsErrorFormatAndWithProblemDetails()
      throws Exception {
    String[] pathEntry = {
      DOCS_KEY,
      "--ratelimit.missing-key=refuse",
      "--ratelimit.missing-key-status=401",
      "--ratelimit.paths[0].pattern=/items",
      "--ratelimit.paths[0].limit=5/minute",
      // A path entry is keyed by the client address unless it names its own key function.
      "--ratelimit.paths[0].key-func=#{request.header('X-Api-Key')}"
    };
    try (ConfigurableApplicationContext app = start(pathEntry)) {
      HttpResponse<String> refused = get(app, "/items", null);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("\"status\":401").contains("A key is required");
    }
    List<String> withProblemDetails = new ArrayList<>(List.of(pathEntry));
    withProblemDetails.add("--spring.mvc.problemdetails.enabled=true");
    try (ConfigurableApplicationContext app = start(withProblemDetails.toArray(String[]::new))) {
      HttpResponse<String> refused = get(app, "/items", null);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(refused.body()).contains("A key is required");
    }
  }

  @Test
  void unlimitedMustBeChosenAndThenLetsRequestsWithoutAKeyPass() throws Exception {
    try (ConfigurableApplicationContext app =
        start(DOCS_KEY, "--ratelimit.missing-key=unlimited")) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        statuses.add(get(app, "/items", null).statusCode());
      }
      assertThat(statuses).containsOnly(200);
    }
  }

  @Test
  void anAnnotationChoosesForItsOwnLimit() throws Exception {
    try (ConfigurableApplicationContext app = start()) {
      assertThat(get(app, "/partner", null).statusCode()).isEqualTo(403);
      assertThat(get(app, "/partner", "p1").statusCode()).isEqualTo(200);
      assertThat(get(app, "/partner", "p1").statusCode()).isEqualTo(429);
      assertThat(get(app, "/open", null).statusCode()).isEqualTo(200);
      assertThat(get(app, "/open", null).statusCode()).isEqualTo(200);
    }
  }

  private static ConfigurableApplicationContext start(String... arguments) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--ratelimit.default=2/minute",
                "--ratelimit.headers-enabled=true"));
    all.addAll(List.of(arguments));
    return new SpringApplication(ApiApplication.class).run(all.toArray(String[]::new));
  }

  private HttpResponse<String> get(ConfigurableApplicationContext app, String path, String apiKey)
      throws Exception {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (apiKey != null) {
      request.header("X-Api-Key", apiKey);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> forwarded(ConfigurableApplicationContext app, String client)
      throws Exception {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items"))
            .header("X-Forwarded-For", client)
            .build();
    return this.client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** An API keyed by its clients' X-Api-Key header; nothing scanned. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Api.class)
  static class ApiApplication {}

  @RestController
  static class Api {
    @GetMapping("/items")
    String items() {
      return "items";
    }

    @GetMapping("/partner")
    @RateLimit(value = "1/minute", key = "#{request.header('X-Api-Key')}", missingKey = "refuse")
    String partner() {
      return "partner";
    }

    @GetMapping("/open")
    @RateLimit(value = "1/minute", key = "#{request.header('X-Api-Key')}", missingKey = "unlimited")
    String open() {
      return "open";
    }
  }
}
