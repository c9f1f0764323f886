package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.servlet.ServletWebRequest;
import io.github.limiter4j.web.Limiter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A breach a handler lets through is answered as the interceptor answers a request's: a refusal for
 * a missing key in the application's error format, with its status, not as a breach handler's plain
 * text.
 */
class HandlerBreachEndToEndTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void aRefusalForAMissingKeyThatAHandlerLetsThroughIsInBootsErrorFormat() throws Exception {
    try (ConfigurableApplicationContext app =
        new SpringApplication(CheckingApplication.class)
            .run("--server.port=0", "--ratelimit.missing-key-status=401")) {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/checks")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).contains("json"));
      assertThat(response.body()).contains("\"status\":401");
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Checks.class)
  static class CheckingApplication {}

  @RestController
  static class Checks {
    private final ObjectProvider<Limiter> limiter;

    Checks(ObjectProvider<Limiter> limiter) {
      this.limiter = limiter;
    }

    @GetMapping("/partner")
    @RateLimit(value = "1/minute", key = "#{request.header('X-Api-Key')}", missingKey = "refuse")
    String partner() {
      return "partner";
    }

    /** Checks the partner limit itself, as an application that limits by hand does. */
    @GetMapping("/checks")
    @RateLimitExempt
    String checks(HttpServletRequest request) {
      Limiter current = limiter.getObject();
      current.check(new ServletWebRequest(request), current.route("GET", "/partner").orElseThrow());
      return "checked";
    }
  }
}
