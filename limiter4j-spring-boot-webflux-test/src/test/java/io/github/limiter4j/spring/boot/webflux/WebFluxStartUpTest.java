package io.github.limiter4j.spring.boot.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * limiter4j does not limit WebFlux applications yet: one with the starter and {@code @RateLimit}
 * must not start as if it were limited.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebFluxStartUpTest {
  @Test
  void aWebFluxApplicationWithTheStarterFailsToStartSayingLimitsAreNotApplied(
      CapturedOutput output) {
    SpringApplicationBuilder application =
        new SpringApplicationBuilder(WebFluxApplication.class).properties("server.port=0");
    assertThat(application.application().getWebApplicationType())
        .isEqualTo(WebApplicationType.REACTIVE);

    assertThatThrownBy(application::run).isInstanceOf(Exception.class);

    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("limiter4j does not apply rate limits in reactive (WebFlux) applications yet")
        .contains("ratelimit.enabled=false");
  }

  @Test
  void withRateLimitingTurnedOffAWebFluxApplicationStartsAndServes() throws Exception {
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(WebFluxApplication.class)
            .properties("server.port=0", "ratelimit.enabled=false")
            .run()) {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("hello");
    }
  }
}
