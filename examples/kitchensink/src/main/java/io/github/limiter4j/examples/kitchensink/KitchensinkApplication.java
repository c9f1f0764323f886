package io.github.limiter4j.examples.kitchensink;

import io.github.limiter4j.spring.boot.LimitGroup;
import io.github.limiter4j.spring.boot.RateLimit;
import io.github.limiter4j.spring.boot.RateLimitExempt;
import io.github.limiter4j.web.BreachHandler;
import io.github.limiter4j.web.BreachResponse;
import io.github.limiter4j.web.CostFunction;
import io.github.limiter4j.web.ExemptionScope;
import io.github.limiter4j.web.LimitProvider;
import io.github.limiter4j.web.Limiter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Flask-Limiter's kitchensink example. The limiter's settings are in application.properties; the
 * functions they name are the beans below; the routes carry their own limits and exemptions, and
 * the mappings' names are the endpoint names (Flask's view names), which the limiter command shows.
 */
@SpringBootApplication
public class KitchensinkApplication {
  /** Starts the application; {@code RATELIMIT_STORAGE_URI} chooses the storage. */
  public static void main(String[] args) {
    SpringApplication.run(KitchensinkApplication.class, args);
  }

  /** The third default limit: stricter for evil clients. */
  @Bean
  LimitProvider defaultLimitExtra() {
    return request -> request.header("X-Evil") != null ? "100/minute" : "200/minute";
  }

  /** Evil clients pay double against the default limits. */
  @Bean
  CostFunction defaultCost() {
    return request -> request.header("X-Evil") != null ? 2 : 1;
  }

  /** The page shown when the index's limit is breached (with status 200, as upstream's). */
  @Bean
  BreachHandler indexErrorResponder() {
    return (limit, request) ->
        Optional.of(
            new BreachResponse(
                200,
                "text/html;charset=utf-8",
                "\n    <h1>Breached rate limit of: "
                    + limit.item()
                    + "</h1>\n    <h2>Path: "
                    + request.path()
                    + "</h2>\n    ",
                Map.of()));
  }

  /** The JSON answer when the resource's limit is breached (status 200, as upstream's). */
  @Bean
  BreachHandler jsonErrorResponder() {
    return (limit, request) ->
        Optional.of(
            new BreachResponse(
                200, "application/json", "{\"limit\":\"" + limit.item() + "\"}", Map.of()));
  }

  /** The index and the version. */
  @RestController
  static class Root {
    /** A limit of its own that overrides the defaults, with a custom breach page. */
    @GetMapping(path = "/", name = "root")
    @RateLimit(value = "10/minute", onBreach = "indexErrorResponder")
    String root() {
      return "42";
    }

    /** Exempt from all rate limits. */
    @GetMapping(path = "/version", name = "version")
    @RateLimitExempt
    String version() {
      return Limiter.version();
    }
  }

  /** Exempt from default, application and ancestor limits (effectively all but meta limits). */
  @RestController
  @LimitGroup("health")
  @RateLimitExempt({ExemptionScope.DEFAULT, ExemptionScope.APPLICATION, ExemptionScope.ANCESTORS})
  static class Health {
    @GetMapping(path = "/health/", name = "health")
    String health() {
      return "ok";
    }
  }

  /** 5 a second for each HTTP method, with a JSON answer on breach. */
  @RestController
  static class Resource {
    @RequestMapping(
        path = "/resource",
        name = "resource",
        method = {RequestMethod.GET, RequestMethod.POST})
    @RateLimit(value = "5/second", perMethod = true, onBreach = "jsonErrorResponder")
    String resource(HttpServletRequest request) {
      return request.getMethod().toLowerCase(Locale.ROOT);
    }
  }
}
