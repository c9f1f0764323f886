package io.github.limiter4j.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.LimitsQuery;
import io.github.limiter4j.web.LimitsReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Security with form login and HTTP Basic, over real HTTP: path limits count the requests
 * that the security filter chain answers itself, and a handler's limit keyed by the authenticated
 * user still applies, each counted once.
 */
class SpringSecurityEndToEndTest {
  private static final String CLIENT = "127.0.0.1";
  private static final String LOGIN = "path:/login[POST]";

  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void theSixthWrongFormLoginIsRefusedAndTheLimitShowsItCounted() throws Exception {
    try (ConfigurableApplicationContext app = start("--ratelimit.headers-enabled=true")) {
      List<HttpResponse<String>> logins = wrongLogins(app, 6);

      assertThat(logins.subList(0, 5))
          .allSatisfy(login -> assertThat(login.statusCode()).isEqualTo(302));
      assertThat(logins.get(0).headers().firstValue("X-RateLimit-Remaining")).contains("4");
      assertThat(logins.get(5).statusCode()).isEqualTo(429);
      assertThat(logins.get(5).headers().firstValue("Retry-After")).isPresent();
      assertThat(statusOf(app, CLIENT, LOGIN, "5 per 1 minute"))
          .isEqualTo("Fail (0 out of 5 remaining)");
    }
  }

  @Test
  void aLoginCountsAgainstEveryPathEntryItMatches() throws Exception {
    try (ConfigurableApplicationContext app =
        start("--ratelimit.paths[2].pattern=/**", "--ratelimit.paths[2].limit=100/hour")) {
      List<HttpResponse<String>> logins = wrongLogins(app, 6);

      assertThat(logins.get(5).statusCode()).isEqualTo(429);
      // Five logins passed both; the refused sixth took nothing from either.
      assertThat(statusOf(app, CLIENT, "path:/**", "100 per 1 hour"))
          .isEqualTo("Pass (95 out of 100 remaining)");
      assertThat(statusOf(app, CLIENT, LOGIN, "5 per 1 minute"))
          .isEqualTo("Fail (0 out of 5 remaining)");
    }
  }

  @Test
  void wrongBasicCredentialsAreRefusedOnceThePathLimitIsSpent() throws Exception {
    try (ConfigurableApplicationContext app = start()) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 11; i++) {
        statuses.add(get(app, "/api/reports", "alice", "wrong").statusCode());
      }

      assertThat(statuses.subList(0, 10)).containsOnly(401);
      assertThat(statuses.get(10)).isEqualTo(429);
      assertThat(statusOf(app, CLIENT, "path:/api/**", "10 per 1 minute"))
          .isEqualTo("Fail (0 out of 10 remaining)");
    }
  }

  @Test
  void aLimitPerUserAfterAuthenticationAndAnAddressLimitBeforeItCountEachRequestOnce()
      throws Exception {
    try (ConfigurableApplicationContext app = start()) {
      List<Integer> alice = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        alice.add(get(app, "/api/reports", "alice", "alice-pw").statusCode());
      }
      HttpResponse<String> bob = get(app, "/api/reports", "bob", "bob-pw");

      assertThat(alice).containsExactly(200, 200, 429);
      assertThat(bob.statusCode()).isEqualTo(200);
      assertThat(bob.body()).isEqualTo("reports of bob");
      // The address limit counted each of the four requests once, the refused one included.
      assertThat(statusOf(app, CLIENT, "path:/api/**", "10 per 1 minute"))
          .isEqualTo("Pass (6 out of 10 remaining)");
      // The user limit counted each user's own requests, and never the address.
      assertThat(statusOf(app, "alice", "reports", "2 per 1 minute"))
          .isEqualTo("Fail (0 out of 2 remaining)");
      assertThat(statusOf(app, "bob", "reports", "2 per 1 minute"))
          .isEqualTo("Pass (1 out of 2 remaining)");
      assertThat(statusOf(app, CLIENT, "reports", "2 per 1 minute"))
          .isEqualTo("Pass (2 out of 2 remaining)");
    }
  }

  @Test
  void theReportListsAPathLimitUnderItsPathEntryOnlyNotAlsoUnderTheControllerItCovers() {
    try (ConfigurableApplicationContext app = start()) {
      LimitsReport report = app.getBean(Limiter.class).limits(LimitsQuery.all());

      assertThat(linesOf(report, "reports")).containsExactly("2 per 1 minute");
      assertThat(linesOf(report, "path:/api/**")).containsExactly("10 per 1 minute");
      // A controller method limited only by the path entry is not listed a second time.
      assertThat(report.routes())
          .extracting(LimitsReport.RouteLimits::endpoint)
          .doesNotContain("status")
          .containsOnlyOnce("path:/api/**");
    }
  }

  @Test
  void withProblemDetailsTheFiltersRefusalIsAProblemDetail() throws Exception {
    try (ConfigurableApplicationContext app =
        start("--spring.mvc.problemdetails.enabled=true", "--ratelimit.headers-enabled=true")) {
      HttpResponse<String> refused = wrongLogins(app, 6).get(5);

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(refused.body())
          .contains("\"title\":\"Too Many Requests\"")
          .contains("\"status\":429")
          .contains("\"detail\":\"5 per 1 minute\"");
      assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).contains("0");
    }
  }

  @Test
  void withoutProblemDetailsTheFiltersRefusalIsBootsErrorBody() throws Exception {
    try (ConfigurableApplicationContext app = start()) {
      HttpResponse<String> refused = wrongLogins(app, 6).get(5);

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(refused.body())
          .contains("\"status\":429")
          .contains("\"error\":\"Too Many Requests\"")
          .contains("\"message\":\"5 per 1 minute\"")
          .contains("\"path\":\"/login\"");
    }
  }

  @Test
  void aBreachHandlersOwnResponseWinsInTheFilter() throws Exception {
    try (ConfigurableApplicationContext app = start("--ratelimit.on-breach-callback=teapot")) {
      HttpResponse<String> refused = wrongLogins(app, 6).get(5);

      assertThat(refused.statusCode()).isEqualTo(418);
      assertThat(refused.body()).isEqualTo("short and stout: 5 per 1 minute");
    }
  }

  @Test
  void orderedAfterSpringSecurityThePathFilterNeverSeesTheLoginsSecurityAnswers() throws Exception {
    try (ConfigurableApplicationContext app = start("--ratelimit.filter-order=0")) {
      List<HttpResponse<String>> logins = wrongLogins(app, 6);

      assertThat(logins).allSatisfy(login -> assertThat(login.statusCode()).isEqualTo(302));
      assertThat(statusOf(app, CLIENT, LOGIN, "5 per 1 minute"))
          .isEqualTo("Pass (5 out of 5 remaining)");
    }
  }

  @Test
  void aLoginRotatingTheHeaderOfTheGlobalKeyFunctionIsStillLimitedByItsAddress() throws Exception {
    try (ConfigurableApplicationContext app =
        start("--ratelimit.key-func=#{request.header('X-Api-Key')}")) {
      List<HttpResponse<String>> logins = wrongLogins(app, 6, i -> "key-" + i);

      assertThat(logins.subList(0, 5))
          .allSatisfy(login -> assertThat(login.statusCode()).isEqualTo(302));
      assertThat(logins.get(5).statusCode()).isEqualTo(429);
      assertThat(statusOf(app, CLIENT, LOGIN, "5 per 1 minute"))
          .isEqualTo("Fail (0 out of 5 remaining)");
    }
  }

  @Test
  void aBrowserLoginWithoutTheGlobalKeyIsNotRefusedWhenMissingKeysAreRefused() throws Exception {
    try (ConfigurableApplicationContext app =
        start(
            "--ratelimit.key-func=#{request.header('X-Api-Key')}",
            "--ratelimit.missing-key=refuse")) {
      HttpResponse<String> login = wrongLogins(app, 1).get(0);

      assertThat(login.statusCode()).isEqualTo(302);
      assertThat(statusOf(app, CLIENT, LOGIN, "5 per 1 minute"))
          .isEqualTo("Pass (4 out of 5 remaining)");
    }
  }

  @Test
  void aPathEntryWithItsOwnKeyFunctionCountsUnderThatKey() throws Exception {
    try (ConfigurableApplicationContext app =
        start("--ratelimit.paths[0].key-func=#{request.header('X-Tenant')}")) {
      List<HttpResponse<String>> logins = new ArrayList<>();
      logins.addAll(wrongLogins(app, 5, "X-Tenant", i -> "acme"));
      logins.addAll(wrongLogins(app, 1, "X-Tenant", i -> "globex"));
      logins.addAll(wrongLogins(app, 1, "X-Tenant", i -> "acme"));

      assertThat(logins.subList(0, 6))
          .allSatisfy(login -> assertThat(login.statusCode()).isEqualTo(302));
      assertThat(logins.get(6).statusCode()).isEqualTo(429);
      assertThat(statusOf(app, "globex", LOGIN, "5 per 1 minute"))
          .isEqualTo("Pass (4 out of 5 remaining)");
      assertThat(statusOf(app, CLIENT, LOGIN, "5 per 1 minute"))
          .isEqualTo("Pass (5 out of 5 remaining)");
    }
  }

  @Test
  void aRequestTheHandlersLimitRefusesIsNotChargedTheHandlersDeductWhenLimit() throws Exception {
    try (ConfigurableApplicationContext app = start()) {
      HttpResponse<String> first = get(app, "/api/exports", "alice", "alice-pw");
      HttpResponse<String> refused = get(app, "/api/exports", "alice", "alice-pw");

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(refused.statusCode()).isEqualTo(429);
      // Charged for the answered request only; the refusal took nothing of the handler's limits.
      assertThat(statusOf(app, "alice", "exports", "5 per 1 minute"))
          .isEqualTo("Pass (4 out of 5 remaining)");
      // What the filter took before the handler refused stays taken.
      assertThat(statusOf(app, CLIENT, "path:/api/**", "10 per 1 minute"))
          .isEqualTo("Pass (8 out of 10 remaining)");
    }
  }

  @Test
  void aHandlerExemptFromTheApplicationLimitsStaysExemptUnderAPathEntry() throws Exception {
    try (ConfigurableApplicationContext app = start("--ratelimit.application=1/minute")) {
      List<Integer> health = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        health.add(get(app, "/api/health", "alice", "alice-pw").statusCode());
      }
      List<Integer> status = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        status.add(get(app, "/api/status", "alice", "alice-pw").statusCode());
      }

      assertThat(health).containsExactly(200, 200, 200);
      assertThat(status).containsExactly(200, 429);
      // The path entry counted every request still, but the refused one, which took nothing.
      assertThat(statusOf(app, CLIENT, "path:/api/**", "10 per 1 minute"))
          .isEqualTo("Pass (6 out of 10 remaining)");
    }
  }

  @Test
  void theFiltersRefusalOfAHandlersRequestIsAnsweredByTheHandlersControllerAdvice()
      throws Exception {
    try (ConfigurableApplicationContext app = start("--ratelimit.application=1/minute")) {
      get(app, "/api/reports", "alice", "alice-pw");
      HttpResponse<String> refused = get(app, "/api/reports", "alice", "alice-pw");

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.body()).isEqualTo("reports are rationed: 1 per 1 minute");
    }
  }

  private static ConfigurableApplicationContext start(String... arguments) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                // On again: the module's test application.properties turns Spring Security off.
                "--spring.autoconfigure.exclude=",
                "--ratelimit.paths[0].pattern=/login",
                "--ratelimit.paths[0].limit=5/minute",
                "--ratelimit.paths[0].methods=POST",
                "--ratelimit.paths[1].pattern=/api/**",
                "--ratelimit.paths[1].limit=10/minute"));
    all.addAll(List.of(arguments));
    return new SpringApplication(SecuredApplication.class).run(all.toArray(String[]::new));
  }

  private List<HttpResponse<String>> wrongLogins(ConfigurableApplicationContext app, int count)
      throws Exception {
    return wrongLogins(app, count, "X-Unused", i -> null);
  }

  private List<HttpResponse<String>> wrongLogins(
      ConfigurableApplicationContext app, int count, IntFunction<String> apiKey) throws Exception {
    return wrongLogins(app, count, "X-Api-Key", apiKey);
  }

  /** Wrong form logins, the i-th with {@code header} set to {@code value(i)} unless null. */
  private List<HttpResponse<String>> wrongLogins(
      ConfigurableApplicationContext app, int count, String header, IntFunction<String> value)
      throws Exception {
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest.Builder login =
          HttpRequest.newBuilder(uri(app, "/login"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=guess" + i));
      if (value.apply(i) != null) {
        login.header(header, value.apply(i));
      }
      responses.add(client.send(login.build(), HttpResponse.BodyHandlers.ofString()));
    }
    return responses;
  }

  private HttpResponse<String> get(
      ConfigurableApplicationContext app, String path, String user, String password)
      throws Exception {
    String credentials =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(uri(app, path))
            .header("Authorization", "Basic " + credentials)
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(ConfigurableApplicationContext app, String path) {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The stored state of one limit of one route for {@code key}, as the Actuator shows it. */
  private static String statusOf(
      ConfigurableApplicationContext app, String key, String endpoint, String limit) {
    LimitsReport report =
        app.getBean(Limiter.class)
            .limits(LimitsQuery.builder().key(key).endpoint(endpoint).build());
    return report.routes().stream()
        .flatMap(route -> route.limits().stream())
        .filter(line -> line.description().equals(limit))
        .findFirst()
        .orElseThrow(() -> new AssertionError(limit + " not listed under " + endpoint))
        .status()
        .toString();
  }

  private static List<String> linesOf(LimitsReport report, String endpoint) {
    return report.routes().stream()
        .filter(route -> route.endpoint().equals(endpoint))
        .flatMap(route -> route.limits().stream())
        .map(LimitsReport.Line::description)
        .toList();
  }
}
