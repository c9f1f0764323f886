package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.Introspection;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.LimitsQuery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The Actuator endpoint {@code ratelimits}: the limiter's configuration and limits tree ({@code GET
 * /actuator/ratelimits}), a key's status against each limit ({@code GET
 * /actuator/ratelimits/{key}}), and clearing a key ({@code DELETE /actuator/ratelimits/{key}}),
 * each narrowed by the {@code endpoint}, {@code path} and {@code method} parameters. Exposed and
 * secured like any Actuator endpoint; what the {@code limiter --url} command reads.
 */
@Endpoint(id = "ratelimits")
public class RateLimitsEndpoint {
  private final Limiter limiter;
  private final String name;

  /** An endpoint over {@code limiter} in the application named {@code name}. */
  public RateLimitsEndpoint(Limiter limiter, String name) {
    this.limiter = limiter;
    this.name = name;
  }

  /** Returns the configuration and the limits. */
  @ReadOperation
  public WebEndpointResponse<Map<String, Object>> ratelimits(
      @Nullable String endpoint, @Nullable String path, @Nullable String method) {
    return answer(
        () -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("name", name);
          body.put("configuration", Introspection.configuration(limiter));
          body.put(
              "limits",
              Introspection.limits(limiter, LimitsQuery.of(null, endpoint, path, method)));
          return body;
        });
  }

  /** Returns a key's status against the limits. */
  @ReadOperation
  public WebEndpointResponse<Map<String, Object>> key(
      @Selector String key,
      @Nullable String endpoint,
      @Nullable String path,
      @Nullable String method) {
    return answer(
        () -> named(Introspection.limits(limiter, LimitsQuery.of(key, endpoint, path, method))));
  }

  /** Clears a key's counts for the limits selected; returns them. */
  @DeleteOperation
  public WebEndpointResponse<Map<String, Object>> clear(
      @Selector String key,
      @Nullable String endpoint,
      @Nullable String path,
      @Nullable String method) {
    return answer(
        () -> named(Introspection.clear(limiter, LimitsQuery.of(key, endpoint, path, method))));
  }

  private Map<String, Object> named(Map<String, Object> map) {
    Map<String, Object> body = new LinkedHashMap<>(map);
    body.put("name", name);
    return body;
  }

  private static WebEndpointResponse<Map<String, Object>> answer(
      Supplier<Map<String, Object>> body) {
    try {
      return new WebEndpointResponse<>(body.get(), 200);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return new WebEndpointResponse<>(Map.of("error", String.valueOf(e.getMessage())), 404);
    }
  }
}
