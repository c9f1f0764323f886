package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.testing.BoundedStorage;
import io.github.limiter4j.web.Limiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A limit the storage cannot hold with the configured strategy (a moving window of 200000/hour on
 * MongoDB, which keeps every hit of a window in one document) stops start-up, naming the property
 * or annotation that declared it and the storage.
 */
class StorageBoundsStartUpTest {
  private final WebApplicationContextRunner runner =
      RateLimitAutoConfigurationTest.webApplication()
          .withUserConfiguration(MongoLikeStorage.class)
          .withPropertyValues("ratelimit.strategy=moving-window");

  @Test
  void aDefaultLimitTheStorageCannotHoldFailsStartUpNamingThePropertyAndTheStorage() {
    assertStartUpFails(
        runner.withPropertyValues("ratelimit.default=10/minute;200000/hour"),
        "ratelimit.default",
        "10/minute;200000/hour");
  }

  @Test
  void anApplicationMetaOrPathLimitIsNamedByItsProperty() {
    assertStartUpFails(
        runner.withPropertyValues("ratelimit.application=200000/hour"),
        "ratelimit.application",
        "200000/hour");
    assertStartUpFails(
        runner.withPropertyValues("ratelimit.meta=200000/day"), "ratelimit.meta", "200000/day");
    assertStartUpFails(
        runner
            .withUserConfiguration(Small.class)
            .withPropertyValues(
                "ratelimit.paths[0].pattern=/small", "ratelimit.paths[0].limit=200000/hour"),
        "ratelimit.paths[0].limit",
        "200000/hour");
  }

  @Test
  void anAnnotatedLimitTheStorageCannotHoldFailsStartUpNamingTheMethod() {
    assertStartUpFails(
        runner.withUserConfiguration(Big.class),
        "@RateLimit on StorageBoundsStartUpTest.Big.get()",
        "200000/hour");
    assertStartUpFails(
        runner.withUserConfiguration(BigGroup.class),
        "@RateLimit on StorageBoundsStartUpTest.BigGroup",
        "150000/day");
  }

  @Test
  void theBoundIsFoundThroughTheTimedStorageOfTheMetrics() {
    assertStartUpFails(
        runner
            .withUserConfiguration(Meters.class)
            .withPropertyValues("ratelimit.default=200000/hour"),
        "ratelimit.default",
        "200000/hour");
  }

  @Test
  void whatTheStorageHoldsStartsAsBefore() {
    runner
        .withUserConfiguration(Small.class)
        .withPropertyValues(
            "ratelimit.default=100000/hour",
            // Dynamic: checked on each request, where one the storage cannot hold is skipped.
            "ratelimit.defaults-dynamic=#{'200000/hour'}")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Limiter.class));
  }

  private static void assertStartUpFails(
      WebApplicationContextRunner runner, String origin, String value) {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          InvalidRateLimitException cause =
              RateLimitAutoConfigurationTest.find(context.getStartupFailure());
          assertThat(cause).as("the start-up failure's cause").isNotNull();
          assertThat(cause.origin()).isEqualTo(origin);
          assertThat(cause.value()).isEqualTo(value);
          assertThat(cause.problem())
              .contains("BoundedStorage")
              .contains("moving-window")
              .contains("takes amounts up to 100000");
          FailureAnalysis analysis =
              new InvalidRateLimitFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(analysis.getDescription())
              .contains(origin + " = \"" + value + "\"")
              .contains("BoundedStorage");
          assertThat(analysis.getAction()).contains("Correct " + origin);
        });
  }

  /** A storage with the bounds of MongoDB's moving window, in memory. */
  @Configuration(proxyBeanMethods = false)
  static class MongoLikeStorage {
    @Bean
    Storage storage() {
      return new BoundedStorage(MemoryStorage.builder().build(), 100_000, Long.MAX_VALUE);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Meters {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @RestController
  static class Small {
    @GetMapping("/small")
    @RateLimit("10/minute")
    String get() {
      return "";
    }
  }

  @RestController
  static class Big {
    @GetMapping("/big")
    @RateLimit("200000/hour")
    String get() {
      return "";
    }
  }

  @RestController
  @RateLimit("150000/day")
  static class BigGroup {
    @GetMapping("/big-group")
    String get() {
      return "";
    }
  }
}
