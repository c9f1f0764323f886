package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.RateLimitParseException;
import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.web.TestApp.Reply;
import io.github.limiter4j.web.TestApp.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Limits on routes and route groups, exemptions and block limits, after Flask-Limiter's tests. */
class RoutesTest {
  private final ManualClock clock = new ManualClock();

  private Limiter.Builder limiter() {
    return Limiter.builder().timeSource(clock);
  }

  private static Request get(String path) {
    return new Request("GET", path, "127.0.0.1", Map.of());
  }

  /** The notations of the limits a request to {@code path} is counted against. */
  private static List<String> limitsOf(Limiter limiter, String path) {
    List<String> limits = new ArrayList<>();
    for (RequestLimit limit : limiter.check(get(path)).currentLimits()) {
      limits.add(limit.item() + " as " + limit.key());
    }
    return limits;
  }

  @Test
  void nestedGroupsResolveAsTheFlaskLimiterRecipeDescribes() {
    Limiter limiter =
        limiter()
            .defaultLimits("100/hour")
            .applicationLimits("100/minute")
            .group(RouteGroup.builder("parent").limit("2/minute").build())
            .group(
                RouteGroup.builder("child")
                    .limit(Limit.builder("1/second").overrideDefaults(false).build())
                    .build())
            .group(RouteGroup.builder("grandchild").limit("10/minute").build())
            .group(
                RouteGroup.builder("health")
                    .exempt(
                        ExemptionScope.DEFAULT,
                        ExemptionScope.APPLICATION,
                        ExemptionScope.ANCESTORS)
                    .build())
            .route(Route.builder("parent.root").path("/parent/").group("parent").build())
            .route(Route.builder("child.root").path("/parent/child/").group("parent.child").build())
            .route(
                Route.builder("grandchild.root")
                    .path("/parent/child/grandchild/")
                    .group("parent.child.grandchild")
                    .build())
            .route(
                Route.builder("parent.health")
                    .path("/parent/health/")
                    .group("parent.health")
                    .build())
            .route(
                Route.builder("child.health")
                    .path("/parent/child/health/")
                    .group("parent.child.health")
                    .build())
            .route(
                Route.builder("grandchild.health")
                    .path("/parent/child/grandchild/health/")
                    .group("parent.child.grandchild.health")
                    .build())
            .build();

    String ip = "LIMITER/127.0.0.1/";
    assertThat(limitsOf(limiter, "/parent/"))
        .containsExactly(
            "100 per 1 minute as " + ip + "global/100/1/minute",
            "2 per 1 minute as " + ip + "parent.root/2/1/minute");
    assertThat(limitsOf(limiter, "/parent/child/"))
        .containsExactly(
            "1 per 1 second as " + ip + "child.root/1/1/second",
            "100 per 1 minute as " + ip + "global/100/1/minute",
            "2 per 1 minute as " + ip + "child.root/2/1/minute",
            "100 per 1 hour as " + ip + "child.root/100/1/hour");
    assertThat(limitsOf(limiter, "/parent/child/grandchild/"))
        .containsExactly(
            "100 per 1 minute as " + ip + "global/100/1/minute",
            "10 per 1 minute as " + ip + "grandchild.root/10/1/minute");
    assertThat(limitsOf(limiter, "/parent/health/")).isEmpty();
    assertThat(limitsOf(limiter, "/parent/child/health/")).isEmpty();
    assertThat(limitsOf(limiter, "/parent/child/grandchild/health/")).isEmpty();

    TestApp app = new TestApp(limiter);
    assertThat(app.get("/parent/").status).as("second within the minute").isEqualTo(200);
    assertThat(app.get("/parent/").status).as("third within the minute").isEqualTo(429);
    for (int i = 0; i < 10; i++) {
      assertThat(app.get("/parent/child/grandchild/health/").status).isEqualTo(200);
    }
  }

  @Test
  void aGroupExemptionExtendsToNestedGroupsOnlyWithDescendents() {
    Limiter limiter =
        limiter()
            .defaultLimits("1/minute")
            .group(
                RouteGroup.builder("parent")
                    .exempt(ExemptionScope.DEFAULT, ExemptionScope.DESCENDENTS)
                    .build())
            .group(RouteGroup.builder("legacy").exempt(ExemptionScope.DEFAULT).build())
            .route(Route.builder("root").path("/").build())
            .route(Route.builder("parent").path("/parent/").group("parent").build())
            .route(Route.builder("child").path("/parent/child/").group("parent.child").build())
            .route(Route.builder("legacy").path("/legacy/").group("legacy").build())
            .route(
                Route.builder("legacy.child").path("/legacy/child/").group("legacy.child").build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/").status).isEqualTo(200);
    assertThat(app.get("/").status).isEqualTo(429);
    for (String path : List.of("/parent/", "/parent/child/", "/legacy/")) {
      assertThat(app.get(path).status).isEqualTo(200);
      assertThat(app.get(path).status).as(path).isEqualTo(200);
    }
    assertThat(app.get("/legacy/child/").status).isEqualTo(200);
    assertThat(app.get("/legacy/child/").status).as("not a descendant exemption").isEqualTo(429);
  }

  @Test
  void aChildGroupLimitOverridesTheDefaultsForItsRoutesOnly() {
    Limiter limiter =
        limiter()
            .defaultLimits("1/minute")
            .group(RouteGroup.builder("child").limit("2/minute").build())
            .route(Route.builder("root").path("/").build())
            .route(Route.builder("parent").path("/parent/").group("parent").build())
            .route(Route.builder("child").path("/parent/child/").group("parent.child").build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/parent/").status).isEqualTo(200);
    assertThat(app.get("/parent/").status).isEqualTo(429);
    assertThat(app.get("/parent/child/").status).isEqualTo(200);
    assertThat(app.get("/parent/child/").status).isEqualTo(200);
    assertThat(app.get("/parent/child/").status).isEqualTo(429);
  }

  @Test
  void groupsDeclaredByTheirFullDottedNameApplyOnlyAtThatPlace() {
    // "api" nested in "a" and "api" nested in "b" are two groups, as two nested blueprints are.
    Limiter limiter =
        limiter()
            .group(RouteGroup.builder("a.api").limit("1/minute").build())
            .group(RouteGroup.builder("b.api").limit("5/minute").build())
            .route(Route.builder("a").path("/a").group("a.api").build())
            .route(Route.builder("b").path("/b").group("b.api").build())
            .route(Route.builder("c").path("/c").group("c.api").build())
            .build();
    assertThat(limitsOf(limiter, "/a"))
        .containsExactly("1 per 1 minute as LIMITER/127.0.0.1/a/1/1/minute");
    assertThat(limitsOf(limiter, "/b"))
        .containsExactly("5 per 1 minute as LIMITER/127.0.0.1/b/5/1/minute");
    assertThat(limitsOf(limiter, "/c")).as("no group declared at c.api").isEmpty();
  }

  @Test
  void aGroupDeclaredAtTheFullNameWinsOverOneDeclaredByItsLastName() {
    Limiter limiter =
        limiter()
            .group(RouteGroup.builder("api").limit("2/minute").build())
            .group(RouteGroup.builder("a.api").limit("1/minute").build())
            .route(Route.builder("a").path("/a").group("a.api").build())
            .route(Route.builder("b").path("/b").group("b.api").build())
            .build();
    assertThat(limitsOf(limiter, "/a"))
        .containsExactly("1 per 1 minute as LIMITER/127.0.0.1/a/1/1/minute");
    assertThat(limitsOf(limiter, "/b"))
        .as("a group declared by its last name alone applies wherever it is nested")
        .containsExactly("2 per 1 minute as LIMITER/127.0.0.1/b/2/1/minute");
  }

  @Test
  void aGroupNameNeedsNamesBetweenItsDots() {
    assertThatThrownBy(() -> RouteGroup.builder("a..api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a..api");
  }

  @Test
  void routeLimitsThatDoNotOverrideDefaultsAddToThem() {
    Limiter limiter =
        limiter()
            .defaultLimits("1/minute")
            .route(
                Route.builder("both")
                    .path("/both")
                    .limit(Limit.builder("5/day").overrideDefaults(false).build())
                    .build())
            .route(Route.builder("own").path("/own").limit("5/day").build())
            .build();
    assertThat(limitsOf(limiter, "/both")).hasSize(2);
    assertThat(limitsOf(limiter, "/own")).hasSize(1);
  }

  @Test
  void sharedLimitsCountTheirRoutesTogether() {
    Limit a = Limit.builder("1/minute").shared("a").build();
    Limit b = Limit.builder("1/minute").shared("b").build();
    Limiter limiter =
        limiter()
            .route(Route.builder("t1").path("/t1").limit(a).build())
            .route(Route.builder("t2").path("/t2").limit(a).build())
            .route(Route.builder("t3").path("/t3").limit(b).build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t3").status).isEqualTo(200);
    assertThat(app.get("/t2").status).isEqualTo(429);
  }

  @Test
  void aDynamicSharedScopeIsComputedFromTheEndpointOfEachRequest() {
    List<String> asked = new ArrayList<>();
    Limit a =
        Limit.builder("1/minute")
            .shared(
                endpoint -> {
                  asked.add("a:" + endpoint);
                  return "foo";
                })
            .build();
    Limit b =
        Limit.builder("1/minute")
            .shared(
                endpoint -> {
                  asked.add("b:" + endpoint);
                  return "bar";
                })
            .build();
    Limiter limiter =
        limiter()
            .route(Route.builder("t1").path("/t1").limit(a).build())
            .route(Route.builder("t2").path("/t2").limit(a).build())
            .route(Route.builder("t3").path("/t3").limit(b).build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/t1").status).isEqualTo(200);
    assertThat(app.get("/t3").status).isEqualTo(200);
    assertThat(app.get("/t2").status).isEqualTo(429);
    assertThat(app.get("/t3").status).isEqualTo(429);
    assertThat(asked).containsExactly("a:t1", "b:t3", "a:t2", "b:t3");
  }

  @Test
  void aScopeDividesTheRouteCounter() {
    Limiter limiter =
        limiter()
            .route(
                Route.builder("t")
                    .path("/t")
                    .limit(Limit.builder("1/minute").scope("x").build())
                    .build())
            .build();
    assertThat(limitsOf(limiter, "/t"))
        .containsExactly("1 per 1 minute as LIMITER/127.0.0.1/t:x/1/1/minute");
  }

  @Test
  void perMethodLimitsCountEachMethodApart() {
    Limiter limiter =
        limiter()
            .route(
                Route.builder("root")
                    .path("/")
                    .limit(Limit.builder("1/second").perMethod(true).build())
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/").status).isEqualTo(200);
    assertThat(app.get("/").status).isEqualTo(429);
    assertThat(app.send("POST", "/").status).isEqualTo(200);
    assertThat(app.send("POST", "/").status).isEqualTo(429);
  }

  @Test
  void aLimitRestrictedToMethodsLeavesOtherMethodsToTheDefaults() {
    Limiter limiter =
        limiter()
            .defaultLimits("2/second")
            .route(
                Route.builder("root")
                    .path("/")
                    .limit(Limit.builder("1/second").methods("get").build())
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/").status).isEqualTo(200);
    assertThat(app.get("/").status).isEqualTo(429);
    assertThat(app.send("POST", "/").status).isEqualTo(200);
    assertThat(app.send("POST", "/").status).isEqualTo(200);
    assertThat(app.send("POST", "/").status).isEqualTo(429);
  }

  @Test
  void exemptWhenSkipsTheLimitForMatchingRequests() {
    Limiter limiter =
        limiter()
            .route(
                Route.builder("t")
                    .path("/t")
                    .limit(
                        Limit.builder("1/minute")
                            .exemptWhen(request -> "admin".equals(request.header("X-Role")))
                            .build())
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/t").status).isEqualTo(200);
    assertThat(app.get("/t").status).isEqualTo(429);
    assertThat(app.send(get("/t").withHeader("X-Role", "admin")).status).isEqualTo(200);
  }

  @Test
  void requestFiltersLetMatchingRequestsPassUnlimited() {
    Limiter limiter =
        limiter()
            .defaultLimits("1/minute")
            .requestFilter(request -> "127.0.0.2".equals(request.remoteAddress()))
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/t").status).isEqualTo(200);
    assertThat(app.get("/t").status).isEqualTo(429);
    for (int i = 0; i < 3; i++) {
      assertThat(app.send(get("/t").from("127.0.0.2")).status).isEqualTo(200);
    }
  }

  @Test
  void aStaticCostTakesThatMuch() {
    Limiter limiter =
        limiter()
            .route(
                Route.builder("root")
                    .path("/root")
                    .limit(Limit.builder("4/second").cost(2).build())
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/root").status).isEqualTo(200);
    assertThat(app.get("/root").status).isEqualTo(200);
    assertThat(app.get("/root").status).isEqualTo(429);
  }

  @Test
  void aDynamicCostIsComputedForEachRequest() {
    Limiter limiter =
        limiter()
            .route(
                Route.builder("root")
                    .path("/root")
                    .limit(
                        Limit.builder("4/second")
                            .cost(request -> Long.parseLong(request.header("X-Cost")))
                            .build())
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.send(get("/root").withHeader("X-Cost", "3")).status).isEqualTo(200);
    assertThat(app.send(get("/root").withHeader("X-Cost", "2")).status).isEqualTo(429);
    assertThat(app.send(get("/root").withHeader("X-Cost", "1")).status).isEqualTo(200);
    assertThat(app.send(get("/root").withHeader("X-Cost", "0")).status).isEqualTo(200);
  }

  @Test
  void aKeyFunctionReturningNothingLeavesTheRequestUnlimitedWhenThatIsChosen() {
    Limiter limiter =
        limiter()
            .keyFunction(request -> request.header("X-Api-Key"))
            .missingKey(MissingKey.unlimited())
            .defaultLimits("1/minute")
            .build();
    TestApp app = new TestApp(limiter);
    for (int i = 0; i < 3; i++) {
      assertThat(app.get("/t").status).isEqualTo(200);
    }
    assertThat(app.send(get("/t").withHeader("X-Api-Key", "k")).status).isEqualTo(200);
    assertThat(app.send(get("/t").withHeader("X-Api-Key", "k")).status).isEqualTo(429);
  }

  @Test
  void dynamicLimitsAreAskedForEachRequestAndSkippedWhenTheyDoNotParse() {
    AtomicInteger calls = new AtomicInteger();
    String[] current = {"1/minute"};
    Limiter limiter =
        limiter()
            .route(
                Route.builder("t")
                    .path("/t")
                    .limit(
                        Limit.of(
                            request -> {
                              calls.incrementAndGet();
                              return current[0];
                            }))
                    .build())
            .build();
    TestApp app = new TestApp(limiter);
    assertThat(app.get("/t").status).isEqualTo(200);
    assertThat(app.get("/t").status).isEqualTo(429);
    current[0] = "2/minute";
    assertThat(app.get("/t").status).isEqualTo(200);
    current[0] = "2/minuet";
    assertThat(app.get("/t").status).as("a bad dynamic limit is skipped").isEqualTo(200);
    assertThat(calls).hasValue(4);
  }

  @Test
  void staticLimitsThatDoNotParseFailWhenDeclaredNamingTheRoute() {
    assertThatThrownBy(() -> Route.builder("slow").limit("10/minuet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route slow")
        .hasMessageContaining("10/minuet")
        .hasCauseInstanceOf(RateLimitParseException.class);
    assertThatThrownBy(() -> Limiter.builder().defaultLimits("1/fortnight"))
        .hasMessageContaining("default limits")
        .hasMessageContaining("1/fortnight");
  }

  @Test
  void aDisabledLimiterLetsEverythingPassAndNeverOpensItsStorage() {
    Limiter limiter =
        limiter().enabled(false).storageUri("nosuch://host").defaultLimits("1/day").build();
    TestApp app = new TestApp(limiter);
    for (int i = 0; i < 3; i++) {
      assertThat(app.get("/t").status).isEqualTo(200);
    }
    assertThat(limiter.storage()).isEmpty();
  }

  @Test
  @SuppressWarnings("try") // the blocks are entered for their limits, not used
  void blockLimitsRationPartsOfAHandler() {
    Limiter limiter = limiter().route(Route.builder("t1").path("/t1").build()).build();
    TestApp app =
        new TestApp(limiter)
            .handle(
                "t1",
                call -> {
                  StringBuilder body = new StringBuilder();
                  try (LimitedBlock block = call.limited().limit(Limit.of("1/second"))) {
                    body.append("ok");
                  }
                  try (LimitedBlock block = call.limited().limit(Limit.of("1/day"))) {
                    body.append("maybe");
                  } catch (RateLimitExceededException e) {
                    // rationed: answer without it
                  }
                  return Reply.ok(body.toString());
                });
    Reply first = app.get("/t1");
    assertThat(first.status).isEqualTo(200);
    assertThat(first.body).isEqualTo("okmaybe");
    assertThat(app.get("/t1").status).isEqualTo(429);
    clock.advance(Duration.ofMillis(1001));
    Reply later = app.get("/t1");
    assertThat(later.status).isEqualTo(200);
    assertThat(later.body).isEqualTo("ok");
  }

  @Test
  @SuppressWarnings("try")
  void blockLimitsCanBeScoped() {
    Limiter limiter = limiter().route(Route.builder("t").path("/t/{param}").build()).build();
    TestApp app =
        new TestApp(limiter)
            .handle(
                "t",
                call -> {
                  String param = call.request().path().substring(3);
                  try (LimitedBlock block =
                      call.limited().limit(Limit.builder("1/second").scope(param).build())) {
                    return Reply.ok("p" + param);
                  }
                });
    assertThat(app.get("/t/1").status).isEqualTo(200);
    assertThat(app.get("/t/1").status).isEqualTo(429);
    assertThat(app.get("/t/2").status).isEqualTo(200);
    assertThat(app.get("/t/2").status).isEqualTo(429);
  }

  @Test
  void routesAreMatchedByPathPatternAndMethodTheMostSpecificFirst() {
    Limiter limiter =
        limiter()
            .route(Route.builder("any").path("/files/**").build())
            .route(Route.builder("one").path("/files/{name}").methods("GET").build())
            .route(Route.builder("readme").path("/files/readme").build())
            .build();
    assertThat(limiter.route("GET", "/files/readme")).map(Route::endpoint).contains("readme");
    assertThat(limiter.route("GET", "/files/a")).map(Route::endpoint).contains("one");
    assertThat(limiter.route("POST", "/files/a")).map(Route::endpoint).contains("any");
    assertThat(limiter.route("GET", "/files/a/b")).map(Route::endpoint).contains("any");
    assertThat(limiter.route("GET", "/other")).isEmpty();
  }
}
