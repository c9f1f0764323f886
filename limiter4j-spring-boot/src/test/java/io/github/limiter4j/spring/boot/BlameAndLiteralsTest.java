package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.web.ConfigurationEntry;
import io.github.limiter4j.web.CostFunction;
import io.github.limiter4j.web.Limit;
import io.github.limiter4j.web.Route;
import io.github.limiter4j.web.ScopeFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A start-up failure names what is actually wrong, and a literal is a literal: a scope or a cost
 * that happens to be a bean's name is not taken for that bean.
 */
@ExtendWith(OutputCaptureExtension.class)
class BlameAndLiteralsTest {
  private final WebApplicationContextRunner runner =
      RateLimitAutoConfigurationTest.webApplication();

  private static StringBuilder messages(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages;
  }

  /** The one limit of the route named after {@code controller}'s method {@code get}. */
  private static Limit limitOf(ApplicationContext context, Class<?> controller) {
    for (Route route : context.getBean(HandlerRoutes.class).routes()) {
      if (route.endpoint().equals(controller.getCanonicalName() + ".get")) {
        assertThat(route.limits()).hasSize(1);
        return route.limits().get(0);
      }
    }
    throw new AssertionError("no route for " + controller);
  }

  private static String setting(ApplicationContext context, String name) {
    return context.getBean(io.github.limiter4j.web.Limiter.class).configuration().stream()
        .filter(entry -> entry.name().equals(name))
        .map(ConfigurationEntry::value)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aLimiterThatCannotBeBuiltIsNotBlamedOnTheStrategy() {
    runner
        .withBean(
            LimiterBuilderCustomizer.class,
            () -> builder -> builder.storageUri("nosuch://localhost"))
        .run(
            context -> {
              assertThat(context).hasFailed();
              InvalidRateLimitException cause =
                  RateLimitAutoConfigurationTest.find(context.getStartupFailure());
              assertThat(cause).as("the start-up failure's cause").isNotNull();
              assertThat(cause.getMessage())
                  .doesNotContain("ratelimit.strategy")
                  .contains("LimiterBuilderCustomizer")
                  .contains("nosuch");
            });
  }

  @Test
  void aLiteralScopeThatIsABeansNameStaysALiteral() {
    runner
        .withUserConfiguration(Beans.class, SharedSearch.class, ScopedSearch.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Limit shared = limitOf(context, SharedSearch.class);
              assertThat(shared.scope()).contains("search");
              assertThat(shared.scopeFunction()).isEmpty();
              Limit scoped = limitOf(context, ScopedSearch.class);
              assertThat(scoped.scope()).contains("firstLetter");
              assertThat(scoped.scopeFunction()).isEmpty();
            });
  }

  @Test
  void aLiteralScopeNamedLikeAScopeFunctionBeanSaysHowToUseTheBean(CapturedOutput output) {
    runner
        .withUserConfiguration(Beans.class, ScopedSearch.class)
        .run(
            context ->
                assertThat(output)
                    .contains("BlameAndLiteralsTest.ScopedSearch.get() (scope)")
                    .contains("write \"@firstLetter\""));
  }

  @Test
  void anAtSignReferencesAScopeFunctionBean() {
    runner
        .withUserConfiguration(Beans.class, ReferencedScope.class)
        .run(
            context -> {
              Limit limit = limitOf(context, ReferencedScope.class);
              assertThat(limit.scopeFunction())
                  .containsSame(context.getBean("firstLetter", ScopeFunction.class));
              assertThat(limit.scope()).isEmpty();
            });
  }

  @Test
  void anAtSignReferenceToAMissingBeanFailsStartUpNamingTheAttribute() {
    runner
        .withUserConfiguration(MissingScope.class)
        .run(
            context ->
                assertThat(messages(context.getStartupFailure()))
                    .contains("@SharedLimit on BlameAndLiteralsTest.MissingScope.get() (scope)")
                    .contains("@noSuchScope"));
  }

  @Test
  void aNumericCostThatIsABeansNameStaysANumber() {
    runner
        .withUserConfiguration(Beans.class)
        .withPropertyValues(
            "ratelimit.default=10/minute",
            "ratelimit.defaults-cost=2",
            "ratelimit.application=100/minute",
            "ratelimit.application-cost=2")
        .run(
            context -> {
              assertThat(setting(context, "defaults-cost")).isEqualTo("2");
              assertThat(setting(context, "application-cost")).isEqualTo("2");
            });
  }

  @Test
  void aCostNamesACostFunctionBeanByItsNameOrWithAnAtSign() {
    runner
        .withUserConfiguration(Beans.class)
        .withPropertyValues(
            "ratelimit.default=10/minute",
            "ratelimit.defaults-cost=@double",
            "ratelimit.application=100/minute",
            "ratelimit.application-cost=double")
        .run(
            context -> {
              assertThat(setting(context, "defaults-cost")).isNotEqualTo("1");
              assertThat(setting(context, "application-cost")).isNotEqualTo("1");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class Beans {
    /** Not a scope: a bean that happens to be named as a literal scope is. */
    @Bean
    Object search() {
      return new Object();
    }

    @Bean
    ScopeFunction firstLetter() {
      return endpoint -> endpoint.substring(0, 1);
    }

    /** A cost function whose name is a number, as a literal cost is. */
    @Bean("2")
    CostFunction two() {
      return request -> 5;
    }

    @Bean("double")
    CostFunction doubled() {
      return request -> 2;
    }
  }

  @RestController
  static class SharedSearch {
    @GetMapping("/search")
    @SharedLimit(value = "1/minute", scope = "search")
    String get() {
      return "search";
    }
  }

  @RestController
  static class ScopedSearch {
    @GetMapping("/scoped")
    @RateLimit(value = "1/minute", scope = "firstLetter")
    String get() {
      return "scoped";
    }
  }

  @RestController
  static class ReferencedScope {
    @GetMapping("/referenced")
    @SharedLimit(value = "1/minute", scope = "@firstLetter")
    String get() {
      return "referenced";
    }
  }

  @RestController
  static class MissingScope {
    @GetMapping("/missing")
    @SharedLimit(value = "1/minute", scope = "@noSuchScope")
    String get() {
      return "missing";
    }
  }
}
