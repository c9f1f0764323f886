package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A refusal is not a warning: under attack every request is refused, and a WARN line per 429 would
 * flood the logs. The refusal itself is the same as ever.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusalLoggingEndToEndTest {
  @Test
  void aRefusalWithBootsDefaultErrorHandlingLogsNoWarning(CapturedOutput output) throws Exception {
    try (ConfigurableApplicationContext app = start("spring.mvc.problemdetails.enabled=false")) {
      HttpResponse<String> refused = refuse(app);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(refused.body())
          .contains("\"status\":429")
          .contains("\"error\":\"Too Many Requests\"")
          .contains("\"path\":\"/static\"")
          .contains("\"message\":\"1 per 1 minute\"");
      assertThat(refused.headers().firstValue("X-RateLimit-Limit")).contains("1");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }
    assertThat(output.getAll()).doesNotContain(" WARN ").doesNotContain(" ERROR ");
  }

  @Test
  void aRefusalWithProblemDetailsLogsNoWarning(CapturedOutput output) throws Exception {
    try (ConfigurableApplicationContext app = start("spring.mvc.problemdetails.enabled=true")) {
      HttpResponse<String> refused = refuse(app);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(refused.body())
          .contains("\"title\":\"Too Many Requests\"")
          .contains("\"detail\":\"1 per 1 minute\"");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }
    assertThat(output.getAll()).doesNotContain(" WARN ").doesNotContain(" ERROR ");
  }

  private static ConfigurableApplicationContext start(String problemDetails) {
    return new SpringApplicationBuilder(AnnotatedApplication.class)
        .properties("server.port=0", "ratelimit.headers-enabled=true", problemDetails)
        .run();
  }

  private static HttpResponse<String> refuse(ConfigurableApplicationContext app) throws Exception {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/static")).build();
    client.send(request, HttpResponse.BodyHandlers.ofString());
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
