package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.testing.SwitchableStorage;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.LimitsQuery;
import io.github.limiter4j.web.LimitsReport;
import io.github.limiter4j.web.RateLimitExceededException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Limits on the methods of a bean that is not a controller, in a real application over HTTP. */
class MethodLimitsEndToEndTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private ConfigurableApplicationContext context;
  private Reports reports;
  private Limiter limiter;
  private SwitchableStorage storage;

  @BeforeEach
  void start() {
    context =
        new SpringApplication(Application.class)
            .run(
                "--server.port=0",
                "--ratelimit.default=100/minute",
                "--ratelimit.headers-enabled=true",
                "--management.endpoints.web.exposure.include=ratelimits");
    reports = context.getBean(Reports.class);
    limiter = context.getBean(Limiter.class);
    storage = context.getBean(SwitchableStorage.class);
  }

  @AfterEach
  void stop() {
    context.close();
  }

  @Test
  void aServiceLimitAnswers429ToTheRequestWhoseControllerCallsIt() throws Exception {
    assertThat(statuses(3, "/daily")).containsExactly(200, 200, 429);
  }

  @Test
  void theRefusalOfAServiceLimitCarriesTheLimitsDescription() throws Exception {
    statuses(2, "/daily");
    HttpResponse<String> refused = get("/daily");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("2 per 1 minute");
  }

  @Test
  void withProblemDetailsTheRefusalOfAServiceLimitIsAProblemDetail() throws Exception {
    context.close();
    context =
        new SpringApplication(Application.class)
            .run("--server.port=0", "--spring.mvc.problemdetails.enabled=true");
    statuses(2, "/daily");
    HttpResponse<String> refused = get("/daily");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.body()).contains("\"status\":429").contains("2 per 1 minute");
  }

  @Test
  void aServiceLimitThrowsToACallerOutsideARequest() {
    reports.daily();
    reports.daily();
    assertThatThrownBy(reports::daily)
        .isInstanceOf(RateLimitExceededException.class)
        .hasMessageContaining("2 per 1 minute");
  }

  @Test
  void theKeyFromAnArgumentCountsEachValueApart() {
    reports.forUser("ann");
    reports.forUser("ann");
    assertThatThrownBy(() -> reports.forUser("ann")).isInstanceOf(RateLimitExceededException.class);
    assertThat(reports.forUser("bob")).isEqualTo("bob");
  }

  @Test
  void theCostFromAnArgumentIsTakenFromTheLimit() {
    reports.print("ann", 3);
    assertThatThrownBy(() -> reports.print("ann", 3))
        .isInstanceOf(RateLimitExceededException.class);
    assertThat(reports.print("ann", 2)).isEqualTo("ann:2");
  }

  @Test
  void callsMeetingTheExemptConditionAreNotCounted() {
    for (int i = 0; i < 3; i++) {
      reports.export("admin");
    }
    reports.export("bob");
    assertThatThrownBy(() -> reports.export("bob")).isInstanceOf(RateLimitExceededException.class);
  }

  @Test
  void aLimitOnAnInterfaceMethodAppliesToItsImplementation() {
    Greeter greeter = context.getBean(Greeter.class);
    greeter.greet();
    assertThatThrownBy(greeter::greet).isInstanceOf(RateLimitExceededException.class);
  }

  @Test
  void aClassLevelLimitCountsEachMethodApart() {
    Archive archive = context.getBean(Archive.class);
    archive.read();
    archive.list();
    assertThatThrownBy(archive::read).isInstanceOf(RateLimitExceededException.class);
  }

  @Test
  void aLimitedControllerMethodIsCountedOnce() throws Exception {
    assertThat(statuses(3, "/limited-controller")).containsExactly(200, 200, 429);
  }

  @Test
  void withSwallowedErrorsACallPassesWhileTheStorageIsDown() {
    context.close();
    context =
        new SpringApplication(Application.class)
            .run("--server.port=0", "--ratelimit.swallow-errors=true");
    reports = context.getBean(Reports.class);
    storage = context.getBean(SwitchableStorage.class);
    storage.takeDown();
    for (int i = 0; i < 3; i++) {
      reports.daily();
    }
    assertThat(storage.failedCalls()).isPositive();
  }

  @Test
  void withTheInMemoryFallbackCallsAreLimitedInMemoryWhileTheStorageIsDown() {
    context.close();
    context =
        new SpringApplication(Application.class)
            .run("--server.port=0", "--ratelimit.in-memory-fallback-enabled=true");
    reports = context.getBean(Reports.class);
    storage = context.getBean(SwitchableStorage.class);
    storage.takeDown();
    reports.daily();
    reports.daily();
    assertThatThrownBy(reports::daily).isInstanceOf(RateLimitExceededException.class);
    assertThat(context.getBean(Limiter.class).isUsingFallback()).isTrue();
  }

  @Test
  void withoutSwallowedErrorsTheStorageFailureReachesTheCaller() {
    storage.takeDown();
    assertThatThrownBy(reports::daily)
        .isInstanceOf(io.github.limiter4j.storage.StorageException.class);
  }

  @Test
  void methodLimitsAreListedUnderTheClassAndMethodName() {
    reports.forUser("ann");
    LimitsReport report = limiter.limits(LimitsQuery.all());
    List<String> endpoints = new ArrayList<>();
    report.routes().forEach(route -> endpoints.add(route.endpoint()));
    assertThat(endpoints)
        .contains(
            Reports.class.getCanonicalName() + ".daily",
            Reports.class.getCanonicalName() + ".forUser");
    LimitsReport ann =
        limiter.limits(
            LimitsQuery.of("ann", Reports.class.getCanonicalName() + ".forUser", null, null));
    assertThat(ann.routes().get(0).limits().get(0).status().remaining()).isEqualTo(1);
  }

  @Test
  void theActuatorEndpointListsMethodLimits() throws Exception {
    HttpResponse<String> limits = get("/actuator/ratelimits");
    assertThat(limits.statusCode()).isEqualTo(200);
    assertThat(limits.body()).contains(Reports.class.getCanonicalName() + ".daily");
  }

  private HttpResponse<String> get(String path) throws Exception {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<Integer> statuses(int count, String path) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(get(path).statusCode());
    }
    return statuses;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {
    @Bean
    SwitchableStorage storage() {
      return new SwitchableStorage(MemoryStorage.builder().build());
    }

    @Bean
    Reports reports() {
      return new Reports();
    }

    @Bean
    Greeter greeter() {
      return new PlainGreeter();
    }

    @Bean
    Archive archive() {
      return new Archive();
    }

    @Bean
    Views views(Reports reports) {
      return new Views(reports);
    }
  }

  /** A service whose methods are limited. */
  static class Reports {
    @RateLimit("2/minute")
    public String daily() {
      return "daily";
    }

    @RateLimit(value = "2/minute", key = "#{#user}")
    public String forUser(String user) {
      return user;
    }

    @RateLimit(value = "5/minute", key = "#{args[0]}", costFunction = "#{#pages}")
    public String print(String user, int pages) {
      return user + ":" + pages;
    }

    @RateLimit(value = "1/minute", key = "#{#user}", exemptWhen = "#{#user == 'admin'}")
    public String export(String user) {
      return user;
    }
  }

  /** An interface whose method declares the limit. */
  interface Greeter {
    @RateLimit("1/minute")
    String greet();
  }

  static class PlainGreeter implements Greeter {
    @Override
    public String greet() {
      return "hello";
    }
  }

  /** Every public method limited by the class. */
  @RateLimit("1/minute")
  static class Archive {
    public String read() {
      return "read";
    }

    public String list() {
      return "list";
    }
  }

  @RestController
  static class Views {
    private final Reports reports;

    Views(Reports reports) {
      this.reports = reports;
    }

    @GetMapping("/daily")
    String daily() {
      return reports.daily();
    }

    @GetMapping("/limited-controller")
    @RateLimit("2/minute")
    String limited(@RequestParam(defaultValue = "x") String name) {
      return name;
    }
  }
}
