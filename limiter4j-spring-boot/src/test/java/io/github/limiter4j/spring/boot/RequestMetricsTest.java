package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@code ratelimit.requests} has a bounded number of meters whatever the configuration: its tags
 * come from the limit's notation and the route, never from what a client sends.
 */
class RequestMetricsTest {
  private static final String ROUTES = RequestMetricsTest.class.getCanonicalName() + ".Routes.";

  private final WebApplicationContextRunner runner =
      RateLimitAutoConfigurationTest.webApplication()
          .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
          .withUserConfiguration(Routes.class);

  private static Collection<Counter> requests(WebApplicationContext context) {
    return context.getBean(MeterRegistry.class).find(MicrometerRequestMetrics.REQUESTS).counters();
  }

  private static Collection<Counter> requests(WebApplicationContext context, String route) {
    return context
        .getBean(MeterRegistry.class)
        .find(MicrometerRequestMetrics.REQUESTS)
        .tag("route", route)
        .counters();
  }

  @Test
  void anErrorMessageOfTheRequestDoesNotMakeAMeterPerRequest() {
    runner.run(
        context -> {
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
          for (int i = 0; i < 200; i++) {
            mvc.perform(get("/message").header("X-Id", "client-" + i));
          }
          assertThat(requests(context)).as("the meters of 200 requests").hasSize(2);
          Collection<Counter> counters = requests(context, ROUTES + "message");
          assertThat(counters)
              .extracting(counter -> counter.getId().getTag("limit"))
              .containsOnly("1 per 1 minute");
          assertThat(counters)
              .extracting(counter -> counter.getId().getTag("outcome"))
              .containsExactlyInAnyOrder("allowed", "limited");
          assertThat(counters.stream().mapToDouble(Counter::count).sum()).isEqualTo(200);
        });
  }

  @Test
  void limitsAClientChoosesShareOneMeterOnceThereAreManyNotations() {
    runner.run(
        context -> {
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
          int requests = MicrometerRequestMetrics.MAX_NOTATIONS * 3;
          for (int i = 1; i <= requests; i++) {
            mvc.perform(get("/dynamic").header("X-Limit", i + " per 1 minute"));
          }
          assertThat(requests(context))
              .as("the meters of " + requests + " requests")
              .hasSizeLessThanOrEqualTo(MicrometerRequestMetrics.MAX_NOTATIONS + 1);
          Collection<Counter> counters = requests(context, ROUTES + "dynamic");
          assertThat(counters).hasSizeLessThanOrEqualTo(MicrometerRequestMetrics.MAX_NOTATIONS + 1);
          assertThat(counters)
              .extracting(counter -> counter.getId().getTag("limit"))
              .contains("1 per 1 minute", MicrometerRequestMetrics.OTHER);
          assertThat(counters.stream().mapToDouble(Counter::count).sum()).isEqualTo(requests);
        });
  }

  @Test
  void everyMeterIsTaggedWithOutcomeLimitAndRouteOnly() {
    runner.run(
        context -> {
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
          mvc.perform(get("/message").header("X-Id", "a"));
          mvc.perform(get("/message").header("X-Id", "b"));
          assertThat(
                  context
                      .getBean(MeterRegistry.class)
                      .find(MicrometerRequestMetrics.REQUESTS)
                      .counters())
              .allSatisfy(
                  counter ->
                      assertThat(counter.getId().getTags())
                          .extracting(tag -> tag.getKey())
                          .containsExactlyInAnyOrder("outcome", "limit", "route"));
        });
  }

  @RestController
  static class Routes {
    @GetMapping("/message")
    @RateLimit(value = "1/minute", errorMessage = "#{'too many from ' + request.header('X-Id')}")
    String message() {
      return "message";
    }

    @GetMapping("/dynamic")
    @RateLimit(limits = "#{request.header('X-Limit')}")
    String dynamic() {
      return "dynamic";
    }
  }
}
