package io.github.limiter4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.Storages;
import io.github.limiter4j.web.Limit;
import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.RateLimitExceededException;
import io.github.limiter4j.web.UnsupportedLimitException;
import io.github.limiter4j.web.WebRequest;
import io.github.limiter4j.web.WebResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The request limiter on Redis: one round trip per request, whatever the number of limits. */
class RedisRequestLimiterTest {
  private static final WebResponse OK =
      new WebResponse() {
        @Override
        public int status() {
          return 200;
        }

        @Override
        public String header(String name) {
          return null;
        }
      };

  /** A GET from {@code client} with no headers; other Redis tests use it too. */
  static WebRequest request(String client) {
    return new WebRequest() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String path() {
        return "/api";
      }

      @Override
      public String remoteAddress() {
        return client;
      }

      @Override
      public String header(String name) {
        return null;
      }

      @Override
      public List<String> headers(String name) {
        return List.of();
      }

      @Override
      public String parameter(String name) {
        return null;
      }

      @Override
      public <T> Optional<T> unwrap(Class<T> type) {
        return Optional.empty();
      }
    };
  }

  private static long scriptCalls(List<RedisServer> nodes) throws IOException {
    long calls = 0;
    for (RedisServer node : nodes) {
      calls += RedisTestServers.scriptCalls(node.port, null);
    }
    return calls;
  }

  @Test
  void aRequestWithThreeLimitsMetaLimitsAndHeadersIsOneScriptCallOnACluster() throws IOException {
    List<RedisServer> nodes = RedisTestServers.cluster();
    try (Storage storage = Storages.fromUri(RedisTestServers.clusterUri());
        Limiter limiter =
            Limiter.builder()
                .storage(storage)
                .strategy("moving-window")
                .defaultLimits("10/second;100/minute")
                .applicationLimits("1000/hour")
                .metaLimits("5/day")
                .headersEnabled(true)
                .build()) {
      limiter.check(request("10.0.0.1")).finish(OK);
      long before = scriptCalls(nodes);
      for (int i = 0; i < 5; i++) {
        LimitedRequest limited = limiter.check(request("10.0.0.1"));
        Map<String, String> headers = limited.finish(OK);
        assertThat(headers).containsEntry("X-RateLimit-Limit", "10");
      }
      assertThat(scriptCalls(nodes) - before).as("script calls for 5 requests").isEqualTo(5);
      assertThat(limiter.check(request("10.0.0.1")).currentLimits().get(0).key())
          .contains("{10.0.0.1}");
      limiter.reset();
    }
  }

  @Test
  void aBreachIsOneCallAndTakesNothingFromTheOtherLimits() throws IOException {
    RedisServer server = RedisTestServers.standalone();
    try (Storage storage = Storages.fromUri(RedisTestServers.standaloneUri());
        Limiter limiter =
            Limiter.builder()
                .storage(storage)
                .defaultLimits("1/minute;50/hour")
                .headersEnabled(true)
                .build()) {
      limiter.check(request("10.0.0.2")).finish(OK);
      long before = RedisTestServers.scriptCalls(server.port, RedisTestServers.PASSWORD);
      try {
        limiter.check(request("10.0.0.2"));
      } catch (RateLimitExceededException e) {
        assertThat(e.headers()).containsEntry("X-RateLimit-Limit", "1");
      }
      assertThat(RedisTestServers.scriptCalls(server.port, RedisTestServers.PASSWORD) - before)
          .isEqualTo(1);
      assertThat(
              io.github.limiter4j.RateLimiter.of(io.github.limiter4j.Strategy.FIXED_WINDOW, storage)
                  .windowStats(
                      io.github.limiter4j.RateLimitItem.parse("50/hour"), "10.0.0.2", "/api")
                  .remaining())
          .as("the refused request took nothing from 50/hour")
          .isEqualTo(49);
      limiter.reset();
    }
  }

  @Test
  void aMovingWindowCostAboveAMillionFailsTheBuildWhenStaticAndRefusesTheRequestWhenDynamic() {
    try (Storage storage = Storages.fromUri(RedisTestServers.standaloneUri())) {
      Limiter.Builder fixedCost =
          Limiter.builder()
              .storage(storage)
              .strategy("moving-window")
              .defaultLimit(Limit.builder("5000000/hour").cost(2_000_000).build());
      assertThatThrownBy(fixedCost::build)
          .isInstanceOf(UnsupportedLimitException.class)
          .hasMessageContaining("default limit \"5000000/hour\"")
          .hasMessageContaining("cost 2000000")
          .hasMessageContaining(storage.toString())
          .hasMessageContaining("at most 1000000 per hit");

      // A cost from the request (the client may set it) refuses the request, taking nothing.
      try (Limiter limiter =
          Limiter.builder()
              .storage(storage)
              .strategy("moving-window")
              .defaultLimit(Limit.builder("5000000/hour").cost(request -> 2_000_000).build())
              .defaultLimits("2/hour")
              .build()) {
        for (int i = 0; i < 3; i++) {
          assertThatThrownBy(() -> limiter.check(request("10.0.0.3")))
              .as("request %s", i)
              .isInstanceOfSatisfying(
                  RateLimitExceededException.class,
                  e -> {
                    assertThat(e.limit().item().amount()).isEqualTo(5_000_000);
                    assertThat(e.limit().remaining()).isEqualTo(5_000_000);
                  });
        }
        assertThat(
                io.github.limiter4j.RateLimiter.of(
                        io.github.limiter4j.Strategy.MOVING_WINDOW, storage)
                    .windowStats(
                        io.github.limiter4j.RateLimitItem.parse("2/hour"), "10.0.0.3", "/api")
                    .remaining())
            .as("the refused requests took nothing from 2/hour")
            .isEqualTo(2);
        limiter.reset();
      }
    }
  }
}
