package io.github.limiter4j.examples.kitchensink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.web.Limiter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The kitchensink over HTTP, answering as Flask-Limiter's does: the same statuses, bodies and rate
 * limit headers for the same requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KitchensinkApplicationTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @LocalServerPort int port;

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void theRoutesAnswerAsUpstreamsAndTwoBreachesTripTheMetaLimit() throws Exception {
    assertThat(send("GET", "/version").body()).isEqualTo(Limiter.version());
    assertThat(send("GET", "/health/").body()).isEqualTo("ok");

    for (int remaining = 9; remaining >= 0; remaining--) {
      HttpResponse<String> index = send("GET", "/");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).isEqualTo("42");
      assertThat(header(index, "X-RateLimit-Limit")).isEqualTo("10");
      assertThat(header(index, "X-RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
      assertThat(Long.parseLong(header(index, "Retry-After"))).isBetween(59L, 60L);
    }
    HttpResponse<String> breachPage = send("GET", "/");
    assertThat(breachPage.statusCode()).as("upstream's breach page is a 200").isEqualTo(200);
    assertThat(breachPage.body())
        .contains("<h1>Breached rate limit of: 10 per 1 minute</h1>")
        .contains("<h2>Path: /</h2>");
    assertThat(header(breachPage, "Content-Type")).startsWith("text/html");
    assertThat(header(breachPage, "X-RateLimit-Remaining")).isEqualTo("0");

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> resource = send("GET", "/resource");
      assertThat(resource.body()).isEqualTo("get");
      assertThat(header(resource, "X-RateLimit-Limit")).isEqualTo("5");
    }
    assertThat(send("POST", "/resource").body()).as("counted per method").isEqualTo("post");
    HttpResponse<String> json = send("GET", "/resource");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body()).isEqualTo("{\"limit\":\"5 per 1 second\"}");

    for (String path : new String[] {"/", "/resource", "/health/"}) {
      HttpResponse<String> refused = send("GET", path);
      assertThat(refused.statusCode()).as(path).isEqualTo(429);
      assertThat(header(refused, "X-RateLimit-Limit")).isEqualTo("2");
      assertThat(header(refused, "X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(Long.parseLong(header(refused, "Retry-After"))).isBetween(86_398L, 86_400L);
    }
    assertThat(send("GET", "/version").statusCode()).isEqualTo(200);
  }
}
