package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With problem details enabled, a refusal is an RFC 9457 problem carrying the description. */
@SpringBootTest(
    classes = AnnotatedApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.mvc.problemdetails.enabled=true", "ratelimit.headers-enabled=true"})
class ProblemDetailEndToEndTest {
  @LocalServerPort int port;

  @Test
  void aRefusalIsAProblemDetail() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/static")).build();
    client.send(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> refused = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(refused.body())
        .contains("\"title\":\"Too Many Requests\"")
        .contains("\"status\":429")
        .contains("\"detail\":\"1 per 1 minute\"");
    assertThat(refused.headers().firstValue("X-RateLimit-Limit")).contains("1");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
  }
}
