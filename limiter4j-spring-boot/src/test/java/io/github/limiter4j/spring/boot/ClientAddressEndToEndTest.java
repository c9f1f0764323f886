package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Clients behind a proxy on loopback, over real HTTP, with and without the proxy trusted. */
@ExtendWith(OutputCaptureExtension.class)
class ClientAddressEndToEndTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void behindATrustedProxyEachClientHasItsOwnLimitAndCannotChooseIt() throws Exception {
    try (ConfigurableApplicationContext app =
        start("--ratelimit.client-address.trusted-proxies=127.0.0.0/8,::1")) {
      int port = port(app);

      assertThat(statuses(port, 3, "198.51.100.1")).containsExactly(200, 200, 429);
      assertThat(statuses(port, 2, "198.51.100.2")).containsExactly(200, 200);
      // A client forging an earlier hop is still keyed by the address the proxy saw.
      assertThat(statuses(port, 1, "198.51.100.9, 198.51.100.2")).containsExactly(429);
    }
  }

  @Test
  void withoutATrustedProxyEveryClientBehindItSharesOneLimitAndTheLogSaysSo(CapturedOutput output)
      throws Exception {
    try (ConfigurableApplicationContext app = start()) {
      int port = port(app);

      assertThat(statuses(port, 2, "198.51.100.1")).containsExactly(200, 200);
      assertThat(statuses(port, 1, "198.51.100.2")).containsExactly(429);
      assertThat(output)
          .containsOnlyOnce("carrying X-Forwarded-For, as through a proxy")
          .contains("ratelimit.client-address.trusted-proxies");
    }
  }

  private static ConfigurableApplicationContext start(String... arguments) {
    List<String> all = new ArrayList<>(List.of("--server.port=0", "--ratelimit.default=2/minute"));
    all.addAll(List.of(arguments));
    return new SpringApplication(AnnotatedApplication.class).run(all.toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext app) {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  private List<Integer> statuses(int port, int count, String forwardedFor) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/undecorated"))
              .header("X-Forwarded-For", forwardedFor)
              .build();
      statuses.add(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }
    return statuses;
  }
}
