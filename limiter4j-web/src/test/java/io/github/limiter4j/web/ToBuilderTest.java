package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.testing.ManualClock;
import io.github.limiter4j.web.TestApp.Reply;
import io.github.limiter4j.web.TestApp.Request;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Limiter#toBuilder()} and reusable builders: a limiter made again from its builder decides
 * as it does, and no builder reaches a limiter it has built.
 */
class ToBuilderTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00.250Z"));

  /** A limiter with something of every kind: routes, groups, each kind of limit, handlers. */
  private Limiter.Builder everything() {
    return Limiter.builder()
        .timeSource(clock)
        .keyFunction(request -> request.header("X-User"))
        .keyPrefix("app")
        .strategy("moving-window")
        .defaultLimit(Limit.builder("3/minute").perMethod(true).build())
        .applicationLimit(Limit.builder("20/minute").cost(2).build())
        .metaLimits("3/hour")
        .headersEnabled(true)
        .ietfHeaders(true)
        .headerName(RateLimitHeader.REMAINING, "X-Left")
        .retryAfter(RetryAfterFormat.HTTP_DATE)
        .failOnFirstBreach(false)
        .requestFilter(request -> request.header("X-Internal") != null)
        .group(RouteGroup.builder("api").limit("2/minute").build())
        .route(Route.builder("search").path("/api/search").group("api").build())
        .route(Route.builder("ping").path("/ping").exempt().build());
  }

  /** What a client sees over a run of requests: status and rate limit headers. */
  private static List<String> run(Limiter limiter) {
    TestApp app = new TestApp(limiter);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      for (String path : List.of("/api/search", "/ping", "/other")) {
        for (String method : List.of("GET", "POST")) {
          Reply reply = app.send(new Request(method, path, "10.0.0.1", Map.of("X-User", "ann")));
          seen.add(method + " " + path + " " + reply.status + " " + reply.headers);
        }
      }
    }
    seen.add(limiter.limits(LimitsQuery.all()).toString());
    return seen;
  }

  @Test
  void aLimiterAndItsToBuilderBuildDecideAlikeAndDescribeThemselvesAlike() {
    Limiter original = everything().build();
    Limiter copy = original.toBuilder().build();

    List<String> byOriginal = run(original);
    original.reset(); // the copy counts in the same storage: start it from nothing too
    List<String> byCopy = run(copy);

    assertThat(byOriginal).anyMatch(line -> line.contains(" 429 "));
    assertThat(byCopy).isEqualTo(byOriginal);
    assertThat(copy.configuration()).isEqualTo(original.configuration());
    assertThat(copy.routeNamed("search")).containsSame(original.routeNamed("search").get());
  }

  @Test
  void aChangeOnTheNewBuilderLeavesTheOriginalAsItWas() {
    Limiter original = everything().build();
    Limiter.Builder builder = original.toBuilder();
    Limiter quiet =
        builder
            .headersEnabled(false)
            .route(Route.builder("extra").path("/extra").build())
            .defaultLimits("1/day")
            .build();
    Request request = new Request("GET", "/other", "10.0.0.1", Map.of("X-User", "bob"));

    assertThat(quiet.check(request).headers()).isEmpty();
    assertThat(quiet.routeNamed("extra")).isPresent();
    assertThat(original.check(request).headers()).containsKey("X-Left");
    assertThat(original.routeNamed("extra")).isEmpty();
    assertThat(original.limits(LimitsQuery.all()).defaultLimits()).hasSize(1);
  }

  @Test
  void aBuilderBuiltTwiceGivesTwoIndependentLimiters() {
    Limiter.Builder builder = Limiter.builder().timeSource(clock).defaultLimits("1/minute");
    Limiter first = builder.build();
    Limiter second = builder.headersEnabled(true).defaultLimits("5/day").build();
    TestApp one = new TestApp(first);
    TestApp two = new TestApp(second);

    assertThat(one.get("/t").status).isEqualTo(200);
    assertThat(two.get("/t").status).as("each counts in its own storage").isEqualTo(200);
    assertThat(one.get("/t").headers).as("later changes do not reach the first").isEmpty();
    assertThat(first.limits(LimitsQuery.all()).defaultLimits()).hasSize(1);
    assertThat(second.limits(LimitsQuery.all()).defaultLimits()).hasSize(2);

    first.close();
    assertThat(two.get("/u").status)
        .as("closing one leaves the other's storage open")
        .isEqualTo(200);
    second.close();
  }

  @Test
  void theLimiterOfToBuilderSharesTheStorageButNeverClosesIt() {
    AtomicInteger closed = new AtomicInteger();
    Storage storage = closeCounting(MemoryStorage.builder().timeSource(clock).build(), closed);
    Limiter given =
        Limiter.builder().timeSource(clock).storage(storage).defaultLimits("1/minute").build();
    Limiter copy = given.toBuilder().build();
    copy.close();
    given.close();
    assertThat(closed).as("a given storage is the caller's").hasValue(0);

    Limiter owner = Limiter.builder().timeSource(clock).defaultLimits("1/minute").build();
    Limiter sharing = owner.toBuilder().build();
    Request request = new Request("GET", "/t", "10.0.0.1", Map.of());
    owner.check(request);
    assertThat(new TestApp(sharing).send(request).status)
        .as("the copy counts in the storage its original opened")
        .isEqualTo(429);
    assertThat(owner.ownsStorage()).isTrue();
    assertThat(sharing.ownsStorage()).as("the storage stays its original's to close").isFalse();
    assertThat(sharing.toBuilder().build().ownsStorage()).isFalse();
    sharing.close();
    owner.close();
  }

  @Test
  void aStorageGivenToTheNewBuilderReplacesTheInheritedOne() {
    Limiter owner = Limiter.builder().timeSource(clock).defaultLimits("1/minute").build();
    try (MemoryStorage other = MemoryStorage.builder().timeSource(clock).build()) {
      Limiter elsewhere = owner.toBuilder().storage(other).build();
      Request request = new Request("GET", "/t", "10.0.0.1", Map.of());
      owner.check(request);
      assertThat(new TestApp(elsewhere).send(request).status).isEqualTo(200);
    }
    owner.close();
  }

  private static Storage closeCounting(Storage storage, AtomicInteger closed) {
    return (Storage)
        Proxy.newProxyInstance(
            Storage.class.getClassLoader(),
            new Class<?>[] {Storage.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                closed.incrementAndGet();
              }
              try {
                return method.invoke(storage, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
