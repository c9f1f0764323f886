package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.limiter4j.web.RateLimitExceededException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * An application that is not a servlet web application (a batch worker, a message listener) does
 * not start with limited bean methods it cannot limit: it says so instead of ignoring them.
 */
class NonServletMethodLimitsTest {
  @Test
  void aLimitedBeanMethodStopsStartUpOfAnApplicationThatIsNotAWebApplication() {
    Throwable failure =
        catchThrowable(
            () ->
                new SpringApplication(Worker.class)
                    .run("--spring.main.web-application-type=none")
                    .close());

    InvalidRateLimitException cause = RateLimitAutoConfigurationTest.find(failure);
    assertThat(cause).as("the start-up failure's cause").isNotNull();
    FailureAnalysis analysis = new InvalidRateLimitFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription())
        .contains("@RateLimit on NonServletMethodLimitsTest.Jobs.run()")
        .contains("not a Spring MVC (servlet web) application");
    assertThat(analysis.getAction()).contains("ratelimit.enabled=false");
  }

  @Test
  void withRateLimitingOffTheApplicationStartsAndTheMethodIsNotLimited() {
    try (ConfigurableApplicationContext context =
        new SpringApplication(Worker.class)
            .run("--spring.main.web-application-type=none", "--ratelimit.enabled=false")) {
      Jobs jobs = context.getBean(Jobs.class);
      assertThat(jobs.run()).isEqualTo("ran");
      assertThat(jobs.run()).isEqualTo("ran");
    }
  }

  @Test
  void anApplicationWithoutLimitedMethodsStarts() {
    try (ConfigurableApplicationContext context =
        new SpringApplication(PlainWorker.class).run("--spring.main.web-application-type=none")) {
      assertThat(context.getBean(PlainJobs.class).run()).isEqualTo("ran");
    }
  }

  @Test
  void aLimitedBeanMethodStopsStartUpOfAServletApplicationWithoutSpringMvc() {
    new WebApplicationContextRunner()
        .withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
        .withConfiguration(
            AutoConfigurations.of(
                RateLimitAutoConfiguration.class, NonServletMethodLimitsAutoConfiguration.class))
        .withBean(Jobs.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(RateLimitAutoConfigurationTest.find(context.getStartupFailure()))
                  .hasMessageContaining("@RateLimit on NonServletMethodLimitsTest.Jobs.run()");
            });
  }

  @Test
  void aSpringMvcApplicationLimitsTheMethodInstead() {
    RateLimitAutoConfigurationTest.webApplication()
        .withBean(Jobs.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Jobs jobs = context.getBean(Jobs.class);
              assertThat(jobs.run()).isEqualTo("ran");
              assertThatThrownBy(jobs::run).isInstanceOf(RateLimitExceededException.class);
            });
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Worker {
    @Bean
    Jobs jobs() {
      return new Jobs();
    }
  }

  /** A job limited to one run a minute. */
  static class Jobs {
    @RateLimit("1/minute")
    public String run() {
      return "ran";
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class PlainWorker {
    @Bean
    PlainJobs plainJobs() {
      return new PlainJobs();
    }
  }

  /** A job without limits. */
  static class PlainJobs {
    public String run() {
      return "ran";
    }
  }
}
