package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.web.Limiter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spellings of one path over real HTTP (Spring MVC on Tomcat): none of them escapes the limit of
 * the handler Spring serves it by, nor a {@code ratelimit.paths} limit on what no handler serves.
 */
class PathSpellingsEndToEndTest {
  /** Spellings of /login that Spring MVC serves by the /login handler. */
  private static final List<String> HANDLER_SPELLINGS =
      List.of(
          "/login;x=1",
          "/login;jsessionid=abc",
          "/%6Cogin",
          "/log%69n",
          "/login;",
          "/login;a=1;b=2");

  /** Spellings of /login that Tomcat dispatches as /login and Spring does not serve by /login. */
  private static final List<String> OTHER_SPELLINGS =
      List.of(
          "/./login",
          "/x/../login",
          "/x/./../login",
          "//login",
          "/%2e/login",
          "/x/%2e%2e/login",
          "/.;/login",
          "/x/..;/login",
          "/;x/login",
          "/x;y/../login",
          "/login/.",
          "/login/x/..");

  /** Spellings of /files/a.txt that Spring's static resource handler serves as that file. */
  private static final List<String> RESOURCE_SPELLINGS =
      List.of(
          "/files;x=1/a.txt",
          "/files;/a.txt",
          "/files/a.txt;x=1",
          "/%66iles/a.txt",
          "/files/%61.txt",
          "/./files/a.txt",
          "/files/./a.txt",
          "//files/a.txt",
          "/files//a.txt");

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void everySpellingSpringServesByAHandlerCountsAgainstItsRateLimit() throws Exception {
    try (ConfigurableApplicationContext app = start()) {
      Limiter limiter = app.getBean(Limiter.class);
      Map<String, Integer> loginAfterSpelling = new LinkedHashMap<>();
      for (String spelling : HANDLER_SPELLINGS) {
        limiter.reset();
        assertThat(get(app, spelling).body()).as("served by the handler").isEqualTo("login");
        loginAfterSpelling.put(spelling, get(app, "/login").statusCode());
      }
      assertThat(loginAfterSpelling)
          .allSatisfy((spelling, status) -> assertThat(status).isEqualTo(429));
    }
  }

  @Test
  void noSpellingOfAHandlersPathIsServedPastItsRateLimit() throws Exception {
    try (ConfigurableApplicationContext app = start()) {
      assertThat(get(app, "/login").statusCode()).isEqualTo(200);
      Map<String, Integer> statuses = new LinkedHashMap<>();
      for (String spelling : HANDLER_SPELLINGS) {
        statuses.put(spelling, get(app, spelling).statusCode());
      }
      assertThat(statuses).allSatisfy((spelling, status) -> assertThat(status).isEqualTo(429));
      for (String spelling : OTHER_SPELLINGS) {
        HttpResponse<String> response = get(app, spelling);
        assertThat(response.body()).as(spelling).isNotEqualTo("login");
        assertThat(response.statusCode()).as(spelling).isNotEqualTo(200);
      }
    }
  }

  @Test
  void aPathLimitCountsEverySpellingOfAStaticResourceThatSpringServes() throws Exception {
    try (ConfigurableApplicationContext app = start()) {
      Limiter limiter = app.getBean(Limiter.class);
      for (String spelling : RESOURCE_SPELLINGS) {
        limiter.reset();
        assertThat(get(app, spelling).body())
            .as("served as /files/a.txt: " + spelling)
            .isEqualTo("a");
      }
      limiter.reset();
      assertThat(get(app, "/files/a.txt").statusCode()).isEqualTo(200);
      Map<String, Integer> statuses = new LinkedHashMap<>();
      for (String spelling : RESOURCE_SPELLINGS) {
        statuses.put(spelling, get(app, spelling).statusCode());
      }
      assertThat(statuses).allSatisfy((spelling, status) -> assertThat(status).isEqualTo(429));
    }
  }

  private static ConfigurableApplicationContext start() {
    return new SpringApplication(LoginApplication.class)
        .run(
            "--server.port=0",
            "--spring.web.resources.static-locations=classpath:/path-spellings/",
            "--ratelimit.paths[0].pattern=/files/**",
            "--ratelimit.paths[0].limit=1/day");
  }

  private HttpResponse<String> get(ConfigurableApplicationContext app, String path)
      throws Exception {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** One handler and the static resources under {@code path-spellings/}; nothing scanned. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Login.class)
  static class LoginApplication {}

  @RestController
  static class Login {
    @GetMapping("/login")
    @RateLimit("1/day")
    String login() {
      return "login";
    }
  }
}
