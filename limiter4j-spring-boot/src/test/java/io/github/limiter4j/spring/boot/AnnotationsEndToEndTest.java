package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.LimitsQuery;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every annotation option once, over real HTTP against the application on a random port. */
@SpringBootTest(
    classes = AnnotatedApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "ratelimit.default=3/minute",
      "ratelimit.application=1000/minute",
      "ratelimit.headers-enabled=true",
      "ratelimit.paths[0].pattern=/by-path/**",
      "ratelimit.paths[0].limit=2/minute",
      "ratelimit.paths[1].pattern=/exempt-by-path",
      "ratelimit.paths[1].exempt=DEFAULT",
      "management.endpoints.web.exposure.include=health,metrics",
      "management.endpoint.health.show-details=always"
    })
class AnnotationsEndToEndTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @Autowired Limiter limiter;

  @Autowired MeterRegistry meters;

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Accept", "application/json");
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<Integer> statuses(int count, String path, String... headers) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(send("GET", path, headers).statusCode());
    }
    return statuses;
  }

  /** The endpoint name of a handler method: its controller's class name and its own name. */
  private static String endpoint(Class<?> controller, String method) {
    return controller.getCanonicalName() + "." + method;
  }

  @Test
  void aStaticLimitRefusesWith429InTheApplicationsErrorFormat() throws Exception {
    HttpResponse<String> first = send("GET", "/static");
    assertThat(first.body()).isEqualTo("static");
    assertThat(first.headers().firstValue("X-RateLimit-Limit")).contains("1");
    assertThat(first.headers().firstValue("X-RateLimit-Remaining")).contains("0");
    HttpResponse<String> refused = send("GET", "/static");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body())
        .contains("\"status\":429")
        .contains("\"message\":\"1 per 1 minute\"")
        .contains("\"path\":\"/static\"");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).contains("0");
  }

  @Test
  void dynamicLimitsComeFromALimitProviderBean() throws Exception {
    assertThat(statuses(2, "/dynamic")).containsExactly(200, 429);
    assertThat(statuses(4, "/dynamic", "X-Plan", "gold", "X-Forwarded-For", "x"))
        .as("the same client, counted under the gold plan's limit")
        .containsExactly(200, 200, 200, 429);
  }

  @Test
  void aSpelKeyCountsEachUserApart() throws Exception {
    assertThat(statuses(2, "/keyed", "X-User", "ann")).containsExactly(200, 429);
    assertThat(statuses(1, "/keyed", "X-User", "bob")).containsExactly(200);
    assertThat(statuses(2, "/keyed"))
        .as("no key: limited under the client's address")
        .containsExactly(200, 429);
  }

  @Test
  void aComputedScopeDividesTheCounter() throws Exception {
    assertThat(statuses(2, "/scoped/1")).containsExactly(200, 429);
    assertThat(statuses(1, "/scoped/2")).as("same endpoint, same scope").containsExactly(429);
  }

  @Test
  void perMethodAndMethodRestrictedLimits() throws Exception {
    assertThat(send("GET", "/per-method").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/per-method").statusCode()).isEqualTo(429);
    assertThat(send("POST", "/per-method").statusCode()).isEqualTo(200);
    assertThat(send("POST", "/only-post").statusCode()).isEqualTo(200);
    assertThat(send("POST", "/only-post").statusCode()).isEqualTo(429);
    assertThat(statuses(4, "/only-post"))
        .as("GET falls to the defaults")
        .containsExactly(200, 200, 200, 429);
  }

  @Test
  void anErrorMessageDescribesTheBreach() throws Exception {
    send("GET", "/message");
    assertThat(send("GET", "/message").body()).contains("\"message\":\"slow down\"");
  }

  @Test
  void exemptWhenSkipsTheLimit() throws Exception {
    assertThat(statuses(2, "/exempt-when")).containsExactly(200, 429);
    assertThat(statuses(2, "/exempt-when", "X-Internal", "1")).containsOnly(200);
  }

  @Test
  void aLimitThatDoesNotOverrideDefaultsAddsToThem() throws Exception {
    assertThat(statuses(4, "/with-defaults"))
        .as("3/minute default")
        .containsExactly(200, 200, 200, 429);
  }

  @Test
  void deductWhenChargesOnlyFailures() throws Exception {
    assertThat(statuses(3, "/deduct/200")).containsOnly(200);
    assertThat(send("GET", "/deduct/400").statusCode()).isEqualTo(400);
    assertThat(send("GET", "/deduct/200").statusCode()).isEqualTo(429);
  }

  @Test
  void anOnBreachBeanAnswersInstead() throws Exception {
    send("GET", "/teapot");
    HttpResponse<String> answered = send("GET", "/teapot");
    assertThat(answered.statusCode()).isEqualTo(418);
    assertThat(answered.body()).isEqualTo("short and stout: 1 per 1 minute");
  }

  @Test
  void staticAndComputedCosts() throws Exception {
    assertThat(statuses(3, "/cost")).containsExactly(200, 200, 429);
    assertThat(statuses(1, "/cost-function", "X-Cost", "3")).containsExactly(200);
    assertThat(statuses(1, "/cost-function", "X-Cost", "2")).containsExactly(429);
    assertThat(statuses(1, "/cost-function", "X-Cost", "1")).containsExactly(200);
  }

  @Test
  void aLimitsMetaLimitsRefuseAfterItsBreaches() throws Exception {
    assertThat(statuses(3, "/meta")).containsExactly(200, 429, 429);
    assertThat(
            limiter
                .limits(
                    LimitsQuery.builder()
                        .endpoint(endpoint(AnnotatedApplication.Limited.class, "meta"))
                        .build())
                .routes())
        .hasSize(1);
  }

  @Test
  void sharedLimitsCountTheirMethodsTogether() throws Exception {
    assertThat(statuses(1, "/shared-a")).containsExactly(200);
    assertThat(statuses(1, "/shared-b")).containsExactly(429);
    assertThat(statuses(1, "/xa")).containsExactly(200);
    assertThat(statuses(1, "/xb")).as("scope from a ScopeFunction bean").containsExactly(429);
  }

  @Test
  void exemptAndUndecoratedMethods() throws Exception {
    assertThat(statuses(5, "/exempt")).containsOnly(200);
    assertThat(statuses(4, "/undecorated")).containsExactly(200, 200, 200, 429);
  }

  @Test
  void anExceptionHandlerForTheBreachWorks() throws Exception {
    send("GET", "/handled");
    HttpResponse<String> handled = send("GET", "/handled");
    assertThat(handled.statusCode()).isEqualTo(429);
    assertThat(handled.body()).isEqualTo("{\"handled\":\"1 per 1 minute\"}");
  }

  @Test
  void controllerLevelLimitsMakeNestedGroups() throws Exception {
    assertThat(statuses(3, "/parent")).containsExactly(200, 200, 429);
    assertThat(statuses(2, "/parent/child")).as("1/second").containsExactly(200, 429);
    assertThat(statuses(6, "/parent/health")).containsOnly(200);
    List<String> childLimits = new ArrayList<>();
    limiter
        .limits(
            LimitsQuery.builder()
                .endpoint(endpoint(AnnotatedApplication.Child.class, "child"))
                .build())
        .routes()
        .get(0)
        .limits()
        .forEach(line -> childLimits.add(line.toString()));
    assertThat(childLimits)
        .containsExactlyInAnyOrder("1 per 1 second", "2 per 1 minute", "3 per 1 minute");
  }

  @Test
  void metricsCountOutcomesByLimitAndTheHealthShowsTheStorage() throws Exception {
    send("GET", "/probe");
    send("GET", "/probe");
    assertThat(meters.find("ratelimit.requests").tag("outcome", "limited").counters()).isNotEmpty();
    assertThat(meters.find("ratelimit.requests").tag("outcome", "allowed").counters()).isNotEmpty();
    assertThat(meters.find("ratelimit.storage.latency").timers()).isNotEmpty();
    assertThat(meters.find("ratelimit.fallback.active").gauge()).isNotNull();
    assertThat(meters.find("ratelimit.requests").counters())
        .allSatisfy(counter -> assertThat(counter.getId().getTags()).hasSize(3));
    HttpResponse<String> health = send("GET", "/actuator/health/rateLimit");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("memory storage");
  }

  @Test
  void limitsAndExemptionsDeclaredForPathsInProperties() throws Exception {
    assertThat(statuses(3, "/by-path/one")).containsExactly(200, 200, 429);
    assertThat(statuses(5, "/exempt-by-path")).containsOnly(200);
  }
}
