package io.github.limiter4j.consumercheck.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The published starter limits a controller method over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsumerApplicationTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @LocalServerPort int port;

  private HttpResponse<String> hello() throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theThirdRequestInAMinuteIsRefusedWithTheRateLimitHeaders() throws Exception {
    HttpResponse<String> first = hello();
    HttpResponse<String> second = hello();
    HttpResponse<String> third = hello();

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("hello");
    assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
    assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
    assertThat(third.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertThat(third.headers().firstValue("X-RateLimit-Reset")).isPresent();
    assertThat(third.headers().firstValue("Retry-After")).isPresent();
  }
}
