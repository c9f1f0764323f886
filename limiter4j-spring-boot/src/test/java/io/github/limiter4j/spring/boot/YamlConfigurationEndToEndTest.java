package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The YAML configuration that docs/spring-boot.md shows, read by a real application. */
class YamlConfigurationEndToEndTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void theDocumentedYamlWithAQuotedExpressionKeysRequestsByTheirHeader() throws Exception {
    try (ConfigurableApplicationContext app = start("quoted.yml")) {
      assertThat(send(app, "GET", "a").statusCode()).isEqualTo(200);
      assertThat(send(app, "GET", "a").statusCode()).isEqualTo(200);
      assertThat(send(app, "GET", "a").statusCode()).isEqualTo(429);
      assertThat(send(app, "GET", "b").statusCode())
          .as("each key has its own count")
          .isEqualTo(200);
      assertThat(send(app, "POST", "c").statusCode()).isEqualTo(200);
      assertThat(send(app, "POST", "c").statusCode())
          .as("the path entry, from a YAML list")
          .isEqualTo(429);
    }
  }

  @Test
  void anUnquotedExpressionThatYamlReadsAsACommentFailsStartUpSayingToQuoteIt() {
    assertThatThrownBy(() -> start("unquoted.yml").close())
        .hasRootCauseInstanceOf(InvalidRateLimitException.class)
        .rootCause()
        .hasMessageContaining("ratelimit.key-func")
        .hasMessageContaining("is empty")
        .hasMessageContaining("quote an expression");
  }

  private static ConfigurableApplicationContext start(String yaml) {
    return new SpringApplication(ItemsApplication.class)
        .run("--server.port=0", "--spring.config.additional-location=classpath:/yaml/" + yaml);
  }

  private HttpResponse<String> send(ConfigurableApplicationContext app, String method, String key)
      throws Exception {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items"))
            .header("X-Api-Key", key)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** One resource, nothing scanned. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Items.class)
  static class ItemsApplication {}

  @RestController
  static class Items {
    @GetMapping("/items")
    String list() {
      return "items";
    }

    @PostMapping("/items")
    String add() {
      return "added";
    }
  }
}
