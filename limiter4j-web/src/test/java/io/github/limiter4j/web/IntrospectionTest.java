package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.web.LimitsReport.RouteLimits;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The model behind {@code limiter config}, {@code limiter limits} and {@code limiter clear}. */
class IntrospectionTest {
  private final ManualClock clock = new ManualClock();

  private Limiter kitchensink() {
    return Limiter.builder()
        .timeSource(clock)
        .metaLimits("2/day")
        .applicationLimits("5000/hour")
        .defaultLimits("20/hour;1000/hour;200/minute")
        .route(Route.builder("root").path("/").limit("10/minute").build())
        .route(
            Route.builder("resource")
                .path("/resource")
                .methods("GET", "POST")
                .limit(Limit.builder("5/second").perMethod(true).build())
                .build())
        .route(Route.builder("version").path("/version").exempt().build())
        .build();
  }

  private static List<String> lines(List<LimitsReport.Line> lines) {
    return lines.stream().map(LimitsReport.Line::toString).collect(Collectors.toList());
  }

  private static Map<String, List<String>> byRoute(LimitsReport report) {
    return report.routes().stream()
        .collect(
            Collectors.toMap(
                RouteLimits::toString,
                route -> route.exempt() ? List.of("Exempt") : lines(route.limits())));
  }

  @Test
  void theTreeShowsMetaApplicationAndEachRoutesLimits() {
    LimitsReport report = kitchensink().limits(LimitsQuery.all());
    assertThat(lines(report.metaLimits())).containsExactly("2 per 1 day");
    assertThat(lines(report.applicationLimits())).containsExactly("5000 per 1 hour");
    assertThat(lines(report.defaultLimits()))
        .containsExactly("20 per 1 hour", "1000 per 1 hour", "200 per 1 minute");
    assertThat(byRoute(report))
        .containsEntry("root: /", List.of("10 per 1 minute"))
        .containsEntry(
            "resource: /resource", List.of("5 per 1 second (GET)", "5 per 1 second (POST)"))
        .containsEntry("version: /version", List.of("Exempt"));
  }

  @Test
  void aKeyShowsItsStatusAgainstEachLimit() {
    Limiter limiter = kitchensink();
    TestApp app = new TestApp(limiter);
    app.get("/");
    app.send("POST", "/resource");

    LimitsReport report = limiter.limits(LimitsQuery.builder().key("127.0.0.1").build());
    assertThat(lines(report.metaLimits()))
        .containsExactly("2 per 1 day: Pass (2 out of 2 remaining)");
    assertThat(lines(report.applicationLimits()))
        .containsExactly("5000 per 1 hour: Pass (4998 out of 5000 remaining)");
    assertThat(byRoute(report))
        .containsEntry("root: /", List.of("10 per 1 minute: Pass (9 out of 10 remaining)"))
        .containsEntry(
            "resource: /resource",
            List.of(
                "5 per 1 second (GET): Pass (5 out of 5 remaining)",
                "5 per 1 second (POST): Pass (4 out of 5 remaining)"));
    assertThat(report.routes().get(0).limits().get(0).status().storageKey())
        .isEqualTo("LIMITER/127.0.0.1/root/10/1/minute");
  }

  @Test
  void aKeyOverALimitFails() {
    Limiter limiter =
        Limiter.builder()
            .timeSource(clock)
            .route(Route.builder("t").path("/t").limit("1/minute").build())
            .build();
    new TestApp(limiter).get("/t");
    LimitsReport report =
        limiter.limits(LimitsQuery.builder().endpoint("t").key("127.0.0.1").build());
    assertThat(lines(report.routes().get(0).limits()))
        .containsExactly("1 per 1 minute: Fail (0 out of 1 remaining)");
  }

  @Test
  void filtersSelectOneRouteAndSayWhenTheyMatchNothing() {
    Limiter limiter = kitchensink();
    LimitsReport byEndpoint = limiter.limits(LimitsQuery.builder().endpoint("root").build());
    assertThat(byEndpoint.routes()).extracting(RouteLimits::endpoint).containsExactly("root");
    assertThat(byEndpoint.applicationLimits()).as("only the route").isEmpty();

    LimitsReport byPath =
        limiter.limits(LimitsQuery.builder().path("/resource").method("post").build());
    assertThat(lines(byPath.routes().get(0).limits())).containsExactly("5 per 1 second (POST)");

    assertThatThrownBy(() -> limiter.limits(LimitsQuery.builder().endpoint("nope").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nope not found");
    assertThatThrownBy(() -> limiter.limits(LimitsQuery.builder().path("/nowhere").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/nowhere could not be matched to an endpoint");
  }

  @Test
  void clearingAKeyForgetsItsCountsForTheSelectedLimits() {
    Limiter limiter = kitchensink();
    TestApp app = new TestApp(limiter);
    for (int i = 0; i < 10; i++) {
      app.get("/");
    }
    app.send("GET", "/resource");
    assertThat(app.get("/").status).isEqualTo(429);

    LimitsReport cleared =
        limiter.clear(LimitsQuery.builder().endpoint("root").key("127.0.0.1").build());
    assertThat(lines(cleared.routes().get(0).limits())).containsExactly("10 per 1 minute");
    assertThat(app.get("/").status).isEqualTo(200);
    assertThat(
            limiter
                .limits(LimitsQuery.builder().endpoint("resource").key("127.0.0.1").build())
                .routes()
                .get(0)
                .limits()
                .get(0)
                .status()
                .remaining())
        .as("other routes keep their counts")
        .isEqualTo(4);

    limiter.clear(LimitsQuery.builder().key("127.0.0.1").build());
    assertThat(
            limiter
                .limits(LimitsQuery.builder().key("127.0.0.1").build())
                .applicationLimits()
                .get(0)
                .status()
                .remaining())
        .isEqualTo(5000);
  }

  /** A per-plan API: the key is the API key, the limit the key's plan's. */
  private Limiter perPlan() {
    LimitProvider plans =
        new LimitProvider() {
          @Override
          public String limits(WebRequest request) {
            String key = request.header("X-Api-Key");
            return key != null && key.startsWith("free") ? "2/minute" : "100/minute";
          }

          @Override
          public String toString() {
            return "plans";
          }
        };
    return Limiter.builder()
        .timeSource(clock)
        .keyFunction(request -> request.header("X-Api-Key"))
        .route(Route.builder("items").path("/items").limit(Limit.of(plans)).build())
        .build();
  }

  private static TestApp.Request items(String apiKey) {
    return new TestApp.Request("GET", "/items", "127.0.0.1", Map.of("X-Api-Key", apiKey));
  }

  @Test
  void clearingAKeyClearsTheDynamicLimitsItIsCountedUnderAndNamesOnlyThose() {
    Limiter limiter = perPlan();
    TestApp app = new TestApp(limiter);
    app.send(items("free-key"));
    app.send(items("free-key"));
    app.send(items("pro-key"));
    assertThat(app.send(items("free-key")).status).isEqualTo(429);

    LimitsReport cleared = limiter.clear(LimitsQuery.builder().key("free-key").build());

    assertThat(lines(cleared.routes().get(0).limits()))
        .as("the free plan's limit, not the pro plan's the key was never counted under")
        .containsExactly("2 per 1 minute (dynamic: plans)");
    assertThat(app.send(items("free-key")).status).isEqualTo(200);
  }

  @Test
  void clearingAKeyNeverCountedUnderADynamicLimitHereSaysItIsNotCleared() {
    Limiter limiter = perPlan();
    new TestApp(limiter).send(items("pro-key"));

    LimitsReport cleared = limiter.clear(LimitsQuery.builder().key("free-key").build());

    assertThat(lines(cleared.routes().get(0).limits()))
        .containsExactly(
            "(dynamic) plans: no dynamic limit of this key known on this instance: it is cleared"
                + " only once this instance has counted it");
  }

  @Test
  void clearingADynamicLimitWhoseRememberedLimitsAreAtTheirCapSaysSo() {
    LimitProvider perClient =
        new LimitProvider() {
          @Override
          public String limits(WebRequest request) {
            return request.header("X-Amount") + "/minute";
          }

          @Override
          public String toString() {
            return "per-client";
          }
        };
    Limiter limiter =
        Limiter.builder()
            .timeSource(clock)
            .keyFunction(request -> request.header("X-Api-Key"))
            .route(Route.builder("items").path("/items").limit(Limit.of(perClient)).build())
            .build();
    TestApp app = new TestApp(limiter);
    for (int amount = 1; amount <= DeclaredLimit.MAX_SEEN_ITEMS + 1; amount++) {
      app.send(
          new TestApp.Request(
              "GET",
              "/items",
              "127.0.0.1",
              Map.of("X-Api-Key", "k" + amount, "X-Amount", String.valueOf(amount))));
    }

    LimitsReport cleared = limiter.clear(LimitsQuery.builder().key("k1").build());
    LimitsReport notKnown = limiter.clear(LimitsQuery.builder().key("k257").build());

    assertThat(lines(cleared.routes().get(0).limits()))
        .containsExactly(
            "1 per 1 minute (dynamic: per-client)",
            "(dynamic) per-client: this instance remembers at most 256 of this provider's limits"
                + " and has reached that: a limit beyond them is never cleared here");
    assertThat(lines(notKnown.routes().get(0).limits()))
        .singleElement()
        .asString()
        .startsWith("(dynamic) per-client: no dynamic limit of this key known on this instance")
        .endsWith(
            "; this instance remembers at most 256 of this provider's limits and has"
                + " reached that: a limit beyond them is never cleared here");
  }

  @Test
  void aKeysStatusShowsTheDynamicLimitsItIsCountedUnder() {
    Limiter limiter = perPlan();
    TestApp app = new TestApp(limiter);
    app.send(items("free-key"));
    app.send(items("free-key"));

    LimitsReport status = limiter.limits(LimitsQuery.builder().key("free-key").build());
    LimitsReport unknown = limiter.limits(LimitsQuery.builder().key("new-key").build());

    assertThat(lines(status.routes().get(0).limits()))
        .containsExactly("2 per 1 minute (dynamic: plans): Fail (0 out of 2 remaining)");
    assertThat(lines(unknown.routes().get(0).limits()))
        .as("a key not counted yet: its plan cannot be known")
        .containsExactly("(dynamic) plans");
  }

  @Test
  void clearingNeedsAKey() {
    assertThatThrownBy(() -> kitchensink().clear(LimitsQuery.all()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
  }

  @Test
  void theConfigurationShowsEachParsedLimitInCanonicalNotationAndFunctionsByTheirNames() {
    LimitProvider extra =
        new LimitProvider() {
          @Override
          public String limits(WebRequest request) {
            return "100/minute";
          }

          @Override
          public String toString() {
            return "#{request.header('X-Evil') != null ? '100/minute' : '200/minute'}";
          }
        };
    CostFunction two = request -> 2;
    Limiter limiter =
        Limiter.builder()
            .timeSource(clock)
            .defaultLimit(Limit.builder("20/hour;1000/hour").cost(two).build())
            .defaultLimit(Limit.builder(extra).cost(two).build())
            .applicationLimits("5000 per hour, 10/2 minutes")
            .metaLimits("2/day")
            .inMemoryFallback("5/second|1 per minute")
            .build();
    Map<String, String> settings =
        limiter.configuration().stream()
            .collect(Collectors.toMap(ConfigurationEntry::name, ConfigurationEntry::value));
    assertThat(settings)
        .containsEntry(
            "default",
            "['20 per 1 hour', '1000 per 1 hour', '(dynamic) #{request.header('X-Evil') != null ?"
                + " '100/minute' : '200/minute'}']")
        .containsEntry("application", "['5000 per 1 hour', '10 per 2 minute']")
        .containsEntry("meta", "['2 per 1 day']")
        .containsEntry("in-memory-fallback", "['5 per 1 second', '1 per 1 minute']")
        .containsEntry("defaults-cost", "lambda in IntrospectionTest");
  }

  @Test
  void aDynamicLimitInTheTreeIsShownByItsProvidersOwnDescription() {
    LimitProvider described =
        new LimitProvider() {
          @Override
          public String limits(WebRequest request) {
            return "1/second";
          }

          @Override
          public String toString() {
            return "#{'1/second'}";
          }
        };
    Limiter limiter =
        Limiter.builder()
            .timeSource(clock)
            .defaultLimit(Limit.of(described))
            .route(
                Route.builder("plain").path("/plain").limit(Limit.of(request -> "1/day")).build())
            .build();

    LimitsReport report = limiter.limits(LimitsQuery.all());
    assertThat(lines(report.defaultLimits())).containsExactly("(dynamic) #{'1/second'}");
    assertThat(lines(report.routes().get(0).limits()))
        .as("a lambda has no name: the line says where it is declared")
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("(dynamic) ")
        .doesNotContain("lambda");
  }

  @Test
  void theConfigurationNamesEverySettingAndMasksSecrets() {
    Limiter limiter =
        Limiter.builder()
            .timeSource(clock)
            .defaultLimit(Limit.builder("10/minute").exemptWhen(request -> false).build())
            .headersEnabled(true)
            .build();
    Map<String, String> settings =
        limiter.configuration().stream()
            .collect(Collectors.toMap(ConfigurationEntry::name, ConfigurationEntry::value));
    assertThat(settings)
        .containsEntry("enabled", "true")
        .containsEntry("key-func", "remote address")
        .containsEntry("missing-key", "client-address")
        .containsEntry("strategy", "fixed-window")
        .containsEntry("status", "OK")
        .containsEntry("default", "['10 per 1 minute']")
        .containsEntry("defaults-exempt-when", "lambda in IntrospectionTest")
        .containsEntry("defaults-deduct-when", "None")
        .containsEntry("headers-enabled", "true")
        .containsEntry("header-retry-after", "Retry-After")
        .containsEntry("fail-on-first-breach", "true");
    assertThat(settings.get("storage-uri")).isEqualTo("memory://");
    assertThat(limiter.configuration())
        .extracting(ConfigurationEntry::name)
        .containsExactly(
            "enabled",
            "key-func",
            "missing-key",
            "key-prefix",
            "request-identifier",
            "strategy",
            "storage-uri",
            "storage-options",
            "instance",
            "backend",
            "status",
            "application",
            "application-per-method",
            "application-exempt-when",
            "application-deduct-when",
            "application-cost",
            "default",
            "defaults-per-method",
            "defaults-exempt-when",
            "defaults-deduct-when",
            "defaults-cost",
            "meta",
            "headers-enabled",
            "header-limit",
            "header-remaining",
            "header-reset",
            "header-retry-after",
            "header-retry-after-value",
            "ietf-headers",
            "swallow-errors",
            "in-memory-fallback-enabled",
            "in-memory-fallback",
            "fail-on-first-breach",
            "on-breach-callback",
            "on-meta-breach-callback");
    List<String> sections = new java.util.ArrayList<>();
    for (ConfigurationEntry entry : limiter.configuration()) {
      if (sections.isEmpty() || !sections.get(sections.size() - 1).equals(entry.section())) {
        sections.add(entry.section());
      }
    }
    assertThat(sections)
        .as("each section in one run, as limiter config shows it")
        .doesNotHaveDuplicates();
  }

  @Test
  void theConfigurationMasksSecretsInTheStorageUriAndOptions() {
    Limiter limiter =
        Limiter.builder()
            .enabled(false)
            .storageUri("redis://user:s3cret@cache:6379/0?token=abc")
            .storageOption("client_secret", "xyz")
            .build();
    Map<String, String> settings =
        limiter.configuration().stream()
            .collect(Collectors.toMap(ConfigurationEntry::name, ConfigurationEntry::value));
    assertThat(settings.get("storage-uri"))
        .startsWith("redis://user:")
        .contains("cache:6379")
        .doesNotContain("s3cret")
        .doesNotContain("abc");
    assertThat(settings.get("storage-options")).doesNotContain("abc").doesNotContain("xyz");
    assertThat(settings).containsEntry("status", "disabled");
  }

  @Test
  void theVersionIsTheProjects() {
    assertThat(Limiter.version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }
}
