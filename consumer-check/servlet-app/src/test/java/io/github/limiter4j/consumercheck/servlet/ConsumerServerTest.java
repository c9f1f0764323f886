package io.github.limiter4j.consumercheck.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The published servlet filter limits a plain servlet over real HTTP. */
class ConsumerServerTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private ConsumerServer server;

  @BeforeEach
  void start() throws Exception {
    server = ConsumerServer.start(0);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> hello() throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hello")).build(),
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
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertThat(third.headers().firstValue("Retry-After")).isPresent();
  }
}
