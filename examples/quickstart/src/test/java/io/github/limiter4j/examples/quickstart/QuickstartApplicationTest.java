package io.github.limiter4j.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The quick start over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuickstartApplicationTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @LocalServerPort int port;

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void slowAllowsOneADay() throws Exception {
    HttpResponse<String> first = get("/slow");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo(":(");
    HttpResponse<String> second = get("/slow");
    assertThat(second.statusCode()).isEqualTo(429);
  }

  @Test
  void mediumAllowsOneASecondOnTopOfTheDefaults() throws Exception {
    HttpResponse<String> first = get("/medium");
    assertThat(first.body()).isEqualTo(":|");
    assertThat(get("/medium").statusCode()).isEqualTo(429);
  }

  @Test
  void fastHasTheDefaultsOnly() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      HttpResponse<String> fast = get("/fast");
      statuses.add(fast.statusCode());
      if (i == 0) {
        assertThat(fast.body()).isEqualTo(":)");
      }
    }
    assertThat(statuses.subList(0, 50)).containsOnly(200);
    assertThat(statuses.get(50)).as("50 per hour").isEqualTo(429);
  }

  @Test
  void pingIsExempt() throws Exception {
    for (int i = 0; i < 60; i++) {
      HttpResponse<String> ping = get("/ping");
      assertThat(ping.statusCode()).isEqualTo(200);
      assertThat(ping.body()).isEqualTo("PONG");
    }
  }
}
