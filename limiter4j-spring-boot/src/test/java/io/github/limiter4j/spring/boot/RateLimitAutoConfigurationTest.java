package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.web.ConfigurationEntry;
import io.github.limiter4j.web.Limiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The auto-configuration's beans, their back-off, property binding and failure analysis. */
class RateLimitAutoConfigurationTest {
  private final WebApplicationContextRunner runner = webApplication();

  /** A web application with Spring MVC and our auto-configuration; other tests use it too. */
  static WebApplicationContextRunner webApplication() {
    return new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DispatcherServletAutoConfiguration.class,
                WebMvcAutoConfiguration.class,
                RateLimitAutoConfiguration.class));
  }

  private static Map<String, String> settings(Limiter limiter) {
    return limiter.configuration().stream()
        .collect(Collectors.toMap(ConfigurationEntry::name, ConfigurationEntry::value));
  }

  @Test
  void aWebApplicationGetsTheLimiterAndItsCompanions() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(Limiter.class);
          assertThat(context).hasSingleBean(Storage.class);
          assertThat(context).hasSingleBean(RateLimitInterceptor.class);
          assertThat(context).hasBean("rateLimitResponseFilter");
          assertThat(context).hasSingleBean(RateLimitErrorAttributes.class);
          assertThat(context).hasSingleBean(RateLimitHealthIndicator.class);
          assertThat(settings(context.getBean(Limiter.class)))
              .containsEntry("storage-uri", "memory://")
              .containsEntry("strategy", "fixed-window");
        });
  }

  @Test
  void everyRatelimitPropertyReachesTheLimiter() {
    runner
        .withPropertyValues(
            "ratelimit.key-prefix=app",
            "ratelimit.missing-key=refuse",
            "ratelimit.missing-key-status=401",
            "ratelimit.strategy=moving-window",
            "ratelimit.default=200/day;50/hour",
            "ratelimit.defaults-per-method=true",
            "ratelimit.defaults-cost=2",
            "ratelimit.application=5000/hour",
            "ratelimit.application-per-method=true",
            "ratelimit.meta=2/day",
            "ratelimit.headers-enabled=true",
            "ratelimit.header-limit=X-Limit",
            "ratelimit.header-remaining=X-Remaining",
            "ratelimit.header-reset=X-Reset",
            "ratelimit.header-retry-after=X-Retry",
            "ratelimit.header-retry-after-value=http-date",
            "ratelimit.ietf-headers=true",
            "ratelimit.swallow-errors=true",
            "ratelimit.in-memory-fallback=1/minute",
            "ratelimit.fail-on-first-breach=false")
        .run(
            context -> {
              assertThat(settings(context.getBean(Limiter.class)))
                  .containsEntry("key-prefix", "'app'")
                  .containsEntry("missing-key", "refuse 401")
                  .containsEntry("strategy", "moving-window")
                  .containsEntry("default", "['200 per 1 day', '50 per 1 hour']")
                  .containsEntry("defaults-per-method", "true")
                  .containsEntry("defaults-cost", "2")
                  .containsEntry("application", "['5000 per 1 hour']")
                  .containsEntry("application-per-method", "true")
                  .containsEntry("meta", "['2 per 1 day']")
                  .containsEntry("headers-enabled", "true")
                  .containsEntry("header-limit", "X-Limit")
                  .containsEntry("header-remaining", "X-Remaining")
                  .containsEntry("header-reset", "X-Reset")
                  .containsEntry("header-retry-after", "X-Retry")
                  .containsEntry("header-retry-after-value", "http-date")
                  .containsEntry("ietf-headers", "true")
                  .containsEntry("swallow-errors", "true")
                  .containsEntry("in-memory-fallback", "['1 per 1 minute']")
                  .containsEntry("in-memory-fallback-enabled", "true")
                  .containsEntry("fail-on-first-breach", "false");
            });
  }

  @Test
  void theStorageUriComesFromTheRatelimitStorageUriEnvironmentVariable() {
    runner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-environment",
                            Map.of("RATELIMIT_STORAGE_URI", "memory://?maximum-keys=10"))))
        .run(
            context ->
                assertThat(context.getBean(RateLimitProperties.class).getStorageUri())
                    .isEqualTo("memory://?maximum-keys=10"));
  }

  @Test
  void beansTheApplicationDefinesReplaceOurs() {
    MemoryStorage storage = MemoryStorage.builder().build();
    Limiter limiter = Limiter.builder().defaultLimits("1/second").build();
    DefaultErrorAttributes errorAttributes = new DefaultErrorAttributes();
    runner
        .withBean(Storage.class, () -> storage)
        .withBean(Limiter.class, () -> limiter)
        .withBean(ErrorAttributes.class, () -> errorAttributes)
        .run(
            context -> {
              assertThat(context.getBean(Limiter.class)).isSameAs(limiter);
              assertThat(context.getBean(Storage.class)).isSameAs(storage);
              assertThat(context.getBean(ErrorAttributes.class)).isSameAs(errorAttributes);
              assertThat(context).doesNotHaveBean(RateLimitErrorAttributes.class);
            });
  }

  @Test
  void aCustomizerAdjustsTheBuilder() {
    runner
        .withBean(
            LimiterBuilderCustomizer.class, () -> builder -> builder.applicationLimits("7/minute"))
        .run(
            context ->
                assertThat(settings(context.getBean(Limiter.class)))
                    .containsEntry("application", "['7 per 1 minute']"));
  }

  @Test
  void aDisabledLimiterOpensNoStorageEvenWithABadUri() {
    runner
        .withPropertyValues("ratelimit.enabled=false", "ratelimit.storage-uri=nosuch://")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(Storage.class);
              assertThat(context.getBean(Limiter.class).isEnabled()).isFalse();
            });
  }

  @Test
  void aBadLimitPropertyFailsStartUpNamingThePropertyAndTheValue() {
    runner
        .withPropertyValues("ratelimit.default=10/minuet")
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis = analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("ratelimit.default")
                  .contains("\"10/minuet\"")
                  .contains("minuet");
              assertThat(analysis.getAction()).contains("ratelimit.default");
            });
  }

  @Test
  void clientAddressPropertiesMakeTheDefaultKeyLookThroughTrustedProxies() {
    runner
        .withPropertyValues(
            "ratelimit.client-address.trusted-proxies=10.0.0.0/8,::1",
            "ratelimit.client-address.forwarded-header=Forwarded",
            "ratelimit.client-address.ipv6-prefix-length=64")
        .run(
            context ->
                assertThat(settings(context.getBean(Limiter.class)))
                    .containsEntry(
                        "key-func",
                        "client address (Forwarded from [10.0.0.0/8, ::1/128]), IPv6 by /64"));
  }

  @Test
  void aBadClientAddressPropertyFailsStartUpNamingThePropertyAndTheValue() {
    runner
        .withPropertyValues("ratelimit.client-address.trusted-proxies=10.0.0.0/8,proxy.internal")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("ratelimit.client-address.trusted-proxies")
                    .contains("\"proxy.internal\"")
                    .contains("is not a trusted proxy"));
    runner
        .withPropertyValues("ratelimit.client-address.trusted-proxies=10.0.0.0/33")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("ratelimit.client-address.trusted-proxies")
                    .contains("must be 0 to 32"));
    runner
        .withPropertyValues("ratelimit.client-address.ipv6-prefix-length=0")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("ratelimit.client-address.ipv6-prefix-length = \"0\"")
                    .contains("1 to 128"));
    runner
        .withPropertyValues(
            "ratelimit.client-address.trusted-proxies=10.0.0.0/8",
            "ratelimit.key-func=#{request.header('X-Api-Key')}",
            "ratelimit.missing-key=shared")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("ratelimit.key-func")
                    .contains("ratelimit.missing-key is shared")
                    .contains("ratelimit.client-address.* would have no effect"));
    runner
        .withPropertyValues(
            "ratelimit.client-address.trusted-proxies=10.0.0.0/8",
            "ratelimit.key-func=#{request.header('X-Api-Key')}",
            "ratelimit.missing-key=shared",
            "ratelimit.paths[0].pattern=/login",
            "ratelimit.paths[0].limit=5/minute")
        .run(
            context ->
                assertThat(context).as("the client address keys the path entry").hasNotFailed());
    runner
        .withPropertyValues("ratelimit.missing-key=refuse", "ratelimit.missing-key-status=200")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("ratelimit.missing-key-status = \"200\"")
                    .contains("400 to 599"));
  }

  @Test
  void aBadStrategyOrUriFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("ratelimit.strategy=leaky-bucket")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("ratelimit.strategy")
                    .contains("leaky-bucket"));
    runner
        .withPropertyValues("ratelimit.storage-uri=memcached://localhost:11211")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("ratelimit.storage-uri")
                    .contains("limiter4j-memcached"));
  }

  @Test
  void aBadAnnotationFailsStartUpNamingTheMethod() {
    runner
        .withUserConfiguration(BadController.class)
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("@RateLimit on RateLimitAutoConfigurationTest.BadController.slow()")
                    .contains("\"10/minuet\""));
  }

  @Test
  void aReferenceToAMissingBeanFailsStartUpNamingIt() {
    runner
        .withPropertyValues("ratelimit.key-func=noSuchBean")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("ratelimit.key-func")
                    .contains("noSuchBean")
                    .contains("KeyFunction"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ratelimit.enabled=perhaps",
        "ratelimit.key-func=#{request.header(}",
        "ratelimit.strategy=leaky-bucket",
        "ratelimit.storage-uri=memory:/",
        "ratelimit.storage-uri=redis://localhost:notaport",
        "ratelimit.application=5/fortnight",
        "ratelimit.application-per-method=sometimes",
        "ratelimit.application-exempt-when=#{request.header(}",
        "ratelimit.application-deduct-when=noSuchCondition",
        "ratelimit.application-cost=-1",
        "ratelimit.application-cost=#{1 +}",
        "ratelimit.default=10/minuet",
        "ratelimit.defaults-per-method=sometimes",
        "ratelimit.defaults-exempt-when=noSuchCondition",
        "ratelimit.defaults-deduct-when=#{response.}",
        "ratelimit.defaults-cost=lots",
        "ratelimit.defaults-dynamic=noSuchProvider",
        "ratelimit.meta=2/dy",
        "ratelimit.headers-enabled=perhaps",
        "ratelimit.header-limit=X Limit",
        "ratelimit.header-remaining=X-Remaining:",
        "ratelimit.header-reset=",
        "ratelimit.header-retry-after=Retry\tAfter",
        "ratelimit.header-retry-after-value=soon",
        "ratelimit.ietf-headers=perhaps",
        "ratelimit.swallow-errors=perhaps",
        "ratelimit.in-memory-fallback-enabled=perhaps",
        "ratelimit.in-memory-fallback=1/minuet",
        "ratelimit.fail-on-first-breach=perhaps",
        "ratelimit.on-breach-callback=noSuchHandler",
        "ratelimit.on-meta-breach-callback=#{x(}",
        "ratelimit.paths[0].limit=1/minuet",
        "ratelimit.paths[0].pattern=/api/{id",
        "ratelimit.paths[0].methods=GET,PO ST",
        "ratelimit.paths[0].exempt=EVERYTHING",
        "ratelimit.paths[0].per-method=perhaps",
        "ratelimit.client-address.trusted-proxies=10.0.0.0/8,proxy",
        "ratelimit.client-address.forwarded-header=",
        "ratelimit.client-address.ipv6-prefix-length=200"
      })
  void everyMalformedPropertyFailsStartUpNamingIt(String setting) {
    String property = setting.substring(0, setting.indexOf('='));
    List<String> settings = new ArrayList<>(List.of(setting));
    if (property.startsWith("ratelimit.paths[0].") && !property.endsWith(".pattern")) {
      settings.add("ratelimit.paths[0].pattern=/api/**");
    }
    if (property.startsWith("ratelimit.paths[0].") && !property.endsWith(".limit")) {
      settings.add("ratelimit.paths[0].limit=1/minute");
    }
    runner
        .withPropertyValues(settings.toArray(String[]::new))
        .run(
            context -> {
              assertThat(context).as(setting).hasFailed();
              StringBuilder messages = new StringBuilder();
              for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
              }
              assertThat(messages.toString()).as(setting).contains(property);
            });
  }

  @Test
  void aBreachCallbackThatNamesNoBeanIsNotOfferedAnExpression() {
    runner
        .withPropertyValues("ratelimit.on-breach-callback=noSuchHandler")
        .run(
            context -> {
              InvalidRateLimitException cause = find(context.getStartupFailure());
              assertThat(cause).isNotNull();
              assertThat(cause.getMessage())
                  .contains("ratelimit.on-breach-callback", "BreachHandler bean")
                  .doesNotContain("SpEL");
            });
  }

  private static FailureAnalysis analyze(Throwable failure) {
    InvalidRateLimitException cause = find(failure);
    assertThat(cause).as("the start-up failure's cause").isNotNull();
    return new InvalidRateLimitFailureAnalyzer().analyze(failure);
  }

  /** The first {@link InvalidRateLimitException} in the causes of {@code failure}, or null. */
  static InvalidRateLimitException find(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidRateLimitException) {
        return (InvalidRateLimitException) cause;
      }
    }
    return null;
  }

  @RestController
  static class BadController {
    @GetMapping("/slow")
    @RateLimit("10/minuet")
    String slow() {
      return ":(";
    }
  }
}
